package dev.lingualens.common.corpus;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.util.ULocale;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decides the ISO 15924 script of a text: an explicit script subtag wins; otherwise the text's
 * dominant script, refined by CLDR's likely subtags where the text alone is ambiguous (Han text is
 * Hans or Hant by region, Japanese mixes Han and kana into Jpan, Korean is Kore).
 */
public final class ScriptResolver {
  private static final Set<String> HAN_FAMILY = Set.of("Hani", "Hira", "Kana", "Hang");

  private ScriptResolver() {}

  public static String resolve(LanguageTag tag, String text) {
    if (tag.script() != null) {
      return tag.script();
    }
    String likely = likelyScript(tag);
    String dominant = dominantScript(text);
    if (dominant == null) {
      return likely != null ? likely : "Zyyy";
    }
    if (likely != null && compatible(likely, dominant)) {
      return likely;
    }
    return dominant;
  }

  private static boolean compatible(String likely, String dominant) {
    if (likely.equals(dominant)) {
      return true;
    }
    return switch (likely) {
      case "Jpan", "Kore", "Hans", "Hant" -> HAN_FAMILY.contains(dominant);
      default -> false;
    };
  }

  static String likelyScript(LanguageTag tag) {
    String base = tag.region() == null ? tag.lang() : tag.lang() + "_" + tag.region();
    String script = ULocale.addLikelySubtags(new ULocale(base)).getScript();
    if (script.isEmpty() && tag.lang() != null) {
      String iso1 = iso1(tag.lang());
      if (iso1 != null) {
        String b = tag.region() == null ? iso1 : iso1 + "_" + tag.region();
        script = ULocale.addLikelySubtags(new ULocale(b)).getScript();
      }
    }
    return script.isEmpty() ? null : script;
  }

  private static String iso1(String iso3) {
    for (String l : java.util.Locale.getISOLanguages()) {
      try {
        if (new java.util.Locale(l).getISO3Language().equals(iso3)) {
          return l;
        }
      } catch (java.util.MissingResourceException e) {
        // no ISO3 mapping for this code
      }
    }
    return null;
  }

  /** The script of most letters in the text (Common and Inherited ignored), or null if none. */
  public static String dominantScript(String text) {
    Map<Integer, Integer> counts = new HashMap<>();
    text.codePoints()
        .limit(5000)
        .forEach(
            cp -> {
              if (Character.isLetter(cp)) {
                int s = UScript.getScript(cp);
                if (s != UScript.COMMON && s != UScript.INHERITED && s != UScript.UNKNOWN) {
                  counts.merge(s, 1, Integer::sum);
                }
              }
            });
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(e -> UScript.getShortName(e.getKey()))
        .orElse(null);
  }
}
