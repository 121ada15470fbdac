package dev.lingualens.common.metrics.ranker;

import dev.lingualens.common.corpus.LanguageCodes;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A known distribution of pre-training data over languages, read from a properties file:
 * {@code name}, {@code source}, and one {@code share.<code> = <percent>} per language (ISO 639-1 or
 * 639-3; stored as ISO 639-3). Languages not listed are "below the table's threshold" (left-censored),
 * never 0: correlations on raw and log shares use listed languages only.
 */
public record ReferenceShares(String name, String source, Map<String, Double> percent) {
  public static ReferenceShares read(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read reference shares " + file + ": " + e.getMessage(), e);
    }
    String name = p.getProperty("name", "").trim();
    if (name.isEmpty()) {
      throw new IllegalArgumentException(file + ": missing 'name' (the reference's label in rank_correlation)");
    }
    Map<String, Double> shares = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!key.startsWith("share.")) {
        continue;
      }
      String code = key.substring(6).trim();
      String iso3 = LanguageCodes.toIso3(code.toLowerCase(java.util.Locale.ROOT));
      if (iso3 == null) {
        throw new IllegalArgumentException(file + ": '" + key + "' is not an ISO 639-1/639-3 language code");
      }
      String raw = p.getProperty(key).trim();
      double v;
      try {
        v = Double.parseDouble(raw);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ": '" + key + " = " + raw + "' is not a number");
      }
      if (!(v > 0 && v <= 100)) {
        throw new IllegalArgumentException(file + ": '" + key + " = " + raw + "' must be a percentage in (0, 100]");
      }
      if (shares.put(iso3, v) != null) {
        throw new IllegalArgumentException(file + ": language " + iso3 + " is listed twice");
      }
    }
    if (shares.isEmpty()) {
      throw new IllegalArgumentException(file + ": no 'share.<lang> = <percent>' entries");
    }
    return new ReferenceShares(name, p.getProperty("source", "").trim(), shares);
  }
}
