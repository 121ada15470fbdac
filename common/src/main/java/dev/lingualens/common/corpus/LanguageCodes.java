package dev.lingualens.common.corpus;

import com.ibm.icu.lang.UScript;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Normalises BCP-47-like tags ({@code en}, {@code pt_BR}, {@code zh-Hant}, {@code sr-Latn}, {@code
 * cmn}) to ISO 639-3 + ISO 15924 against the full ISO 639-3 code table (shipped as a resource).
 * Macrolanguage codes are kept as given ({@code zh} becomes {@code zho}, not {@code cmn}): guessing
 * the individual language would invent information the input did not carry.
 */
public final class LanguageCodes {
  private static final String TABLE = "/dev/lingualens/common/corpus/iso-639-3.tsv";
  private static final Map<String, String> ISO1_TO_3 = new HashMap<>();
  private static final Map<String, String> NAMES = new HashMap<>();

  static {
    try (InputStream in = LanguageCodes.class.getResourceAsStream(TABLE);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        NAMES.put(f[0], f[4]);
        if (!f[1].isEmpty()) {
          ISO1_TO_3.put(f[1], f[0]);
        }
      }
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("ISO 639-3 table missing from the class path: " + TABLE, e);
    }
  }

  private LanguageCodes() {}

  /** Parses a tag; empty when the language subtag is not an ISO 639-1/639-3 code. */
  public static Optional<LanguageTag> parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String[] parts = raw.trim().replace('_', '-').split("-");
    if (parts.length == 0 || parts[0].isEmpty()) {
      return Optional.empty(); // "-", "_", "--", "-en": no language subtag
    }
    String lang = toIso3(parts[0].toLowerCase(Locale.ROOT));
    if (lang == null) {
      return Optional.empty();
    }
    String script = null;
    String region = null;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i];
      if (p.length() == 4 && p.chars().allMatch(Character::isLetter) && script == null) {
        String s = Character.toUpperCase(p.charAt(0)) + p.substring(1).toLowerCase(Locale.ROOT);
        if (!isScriptCode(s)) {
          return Optional.empty();
        }
        script = s;
      } else if ((p.length() == 2 && p.chars().allMatch(Character::isLetter))
          || (p.length() == 3 && p.chars().allMatch(Character::isDigit))) {
        region = p.toUpperCase(Locale.ROOT);
      } else if (p.length() < 4 || p.length() > 8) {
        // Variants (e.g. 1996, monoton) are 5-8 chars or 4 starting with a digit; anything else is
        // not BCP-47.
        return Optional.empty();
      }
    }
    return Optional.of(new LanguageTag(lang, script, region, raw.trim()));
  }

  /** ISO 639-3 code for a 2- or 3-letter code, or null if the table does not know it. */
  public static String toIso3(String code) {
    if (code.length() == 2) {
      return ISO1_TO_3.get(code);
    }
    if (code.length() == 3 && NAMES.containsKey(code) && !code.equals("und")) {
      return code;
    }
    return null;
  }

  /** English name of an ISO 639-3 code, or the code itself. */
  public static String name(String iso3) {
    return NAMES.getOrDefault(iso3, iso3);
  }

  static boolean isScriptCode(String s) {
    try {
      int code = UScript.getCodeFromName(s);
      return code != UScript.INVALID_CODE && UScript.getShortName(code).equalsIgnoreCase(s);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
