package dev.lingualens.common.report;

/**
 * Rough text width estimates. SVG cannot measure text before the browser renders it, so margins are
 * sized from per-script average advance widths; overestimating only costs whitespace.
 */
final class TextMetrics {
  private TextMetrics() {}

  static double width(String text, double fontSize) {
    double ems = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      ems += advance(cp);
    }
    return ems * fontSize;
  }

  static double maxWidth(Iterable<String> texts, double fontSize) {
    double max = 0;
    for (String text : texts) {
      max = Math.max(max, width(text, fontSize));
    }
    return max;
  }

  /**
   * Cuts long labels so one outlier does not squeeze the plot; callers keep the full text for
   * hover.
   */
  static String truncate(String text, int maxCodePoints) {
    if (text.codePointCount(0, text.length()) <= maxCodePoints) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, maxCodePoints - 1)) + "…";
  }

  private static double advance(int cp) {
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT) {
      return 0;
    }
    if (isWide(cp)) {
      return 1.0;
    }
    return Character.isUpperCase(cp) ? 0.7 : 0.6;
  }

  private static boolean isWide(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL
        || (cp >= 0xFF00 && cp <= 0xFFEF);
  }
}
