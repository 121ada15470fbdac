package dev.lingualens.common.lens;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.util.ULocale;
import java.util.List;
import java.util.Map;

/**
 * The few-shot prompts of Wendler et al. (2024): lines from one template, the last line cut just
 * before its answer, so the model's next token starts the answer word.
 *
 * <pre>
 * Français: "montagne" - 中文: "山"
 * Français: "fleur" - 中文: "
 * </pre>
 *
 * A template holds {@code {src}}, {@code {in}}, {@code {tgt}}, {@code {out}} and, for cloze, {@code
 * {cloze}}; {@code {out}} appears exactly once, and what follows it (the closing quote) is left off
 * the query line.
 */
public final class LensPrompts {
  public static final String OUT = "{out}";

  /** One line's values: language names, input word (or cloze sentence) and answer. */
  public record Line(String srcName, String in, String tgtName, String out) {}

  private LensPrompts() {}

  /** Checks a template on the driver: one {@code {out}}, nothing unknown in braces. */
  public static void validate(String template, String key) {
    int first = template.indexOf(OUT);
    if (first < 0 || template.indexOf(OUT, first + 1) >= 0) {
      throw new IllegalArgumentException(
          key
              + " must contain {out} exactly once (the answer the model continues): '"
              + template
              + "'");
    }
    String rest =
        template
            .replace("{src}", "")
            .replace("{in}", "")
            .replace("{tgt}", "")
            .replace(OUT, "")
            .replace("{cloze}", "");
    int brace = rest.indexOf('{');
    if (brace >= 0 && rest.indexOf('}', brace) > brace) {
      throw new IllegalArgumentException(
          key
              + " has an unknown placeholder in '"
              + template
              + "' (known: {src} {in} {tgt} {out} {cloze})");
    }
  }

  /** The demonstrations, each a full line, then the query line cut before its answer. */
  public static String build(String template, String separator, List<Line> shots, Line query) {
    StringBuilder sb = new StringBuilder();
    for (Line shot : shots) {
      sb.append(render(template, shot)).append(separator);
    }
    String line = render(template.substring(0, template.indexOf(OUT)) + OUT, query);
    return sb.append(line, 0, line.length() - query.out().length()).toString();
  }

  private static String render(String template, Line line) {
    Map<String, String> values =
        Map.of(
            "{src}",
            line.srcName(),
            "{in}",
            line.in(),
            "{cloze}",
            line.in(),
            "{tgt}",
            line.tgtName(),
            OUT,
            line.out());
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      String hit = null;
      for (String key : values.keySet()) {
        if (template.startsWith(key, i)) {
          hit = key;
          break;
        }
      }
      if (hit == null) {
        sb.append(template.charAt(i++));
      } else {
        sb.append(values.get(hit));
        i += hit.length();
      }
    }
    return sb.toString();
  }

  /**
   * The language's own name for itself from CLDR, first letter upper-cased as Wendler's prompts
   * write them ("Français", "Deutsch", "Русский", "中文", "日本語"); the ISO 639-3 code when CLDR has no
   * name for it.
   */
  public static String languageName(String iso3) {
    ULocale locale = new ULocale(iso1OrSelf(iso3));
    String name = locale.getDisplayLanguage(locale);
    if (name.isBlank() || name.equals(locale.getLanguage())) {
      return iso3;
    }
    int first = name.codePointAt(0);
    return new StringBuilder()
        .appendCodePoint(UCharacter.toTitleCase(first))
        .append(name, Character.charCount(first), name.length())
        .toString();
  }

  /**
   * CLDR names its locales by the two-letter code where one exists; the individual languages that
   * corpora label by ISO 639-3 (cmn, arb, swh, ...) are named by their macrolanguage's code.
   */
  public static String iso1OrSelf(String iso3) {
    return switch (iso3) {
      case "zho", "cmn" -> "zh";
      case "arb" -> "ar";
      case "swh" -> "sw";
      case "pes" -> "fa";
      case "zsm" -> "ms";
      case "ekk" -> "et";
      case "lvs" -> "lv";
      case "uzn" -> "uz";
      case "azj" -> "az";
      default -> {
        for (String iso1 : ULocale.getISOLanguages()) {
          if (new ULocale(iso1).getISO3Language().equals(iso3)) {
            yield iso1;
          }
        }
        yield iso3;
      }
    };
  }
}
