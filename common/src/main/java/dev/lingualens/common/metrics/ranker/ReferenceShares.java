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
 * A known distribution of pre-training data over languages, read from a properties file: {@code
 * name}, {@code source}, and one {@code share.<code> = <percent>} per language (ISO 639-1 or 639-3;
 * stored as ISO 639-3). Languages not listed are "below the table's threshold" (left-censored),
 * never 0: correlations on raw and log shares use listed languages only.
 */
public record ReferenceShares(String name, String source, Map<String, Double> percent) {
  public static ReferenceShares read(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read reference shares " + file + ": " + e.getMessage(), e);
    }
    String name = p.getProperty("name", "").trim();
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          file + ": missing 'name' (the reference's label in rank_correlation)");
    }
    Map<String, Double> shares = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!key.startsWith("share.")) {
        continue;
      }
      String code = key.substring(6).trim();
      String iso3 = LanguageCodes.toIso3(code.toLowerCase(java.util.Locale.ROOT));
      if (iso3 == null) {
        throw new IllegalArgumentException(
            file + ": '" + key + "' is not an ISO 639-1/639-3 language code");
      }
      String raw = p.getProperty(key).trim();
      double v;
      try {
        v = Double.parseDouble(raw);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ": '" + key + " = " + raw + "' is not a number");
      }
      if (!(v > 0 && v <= 100)) {
        throw new IllegalArgumentException(
            file + ": '" + key + " = " + raw + "' must be a percentage in (0, 100]");
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

  /**
   * The known training mixture of a model folder's {@code training.json} (the demo model writes
   * one): {@code languages[].iso639_3} with {@code share_by_tokens} (a fraction; stored here as
   * percent). Languages listed twice (e.g. two scripts of one language) are summed.
   */
  public static java.util.Optional<ReferenceShares> fromTrainingJson(Path folder, String name) {
    Path file = folder.resolve("training.json");
    if (!Files.isRegularFile(file)) {
      return java.util.Optional.empty();
    }
    com.fasterxml.jackson.databind.JsonNode root;
    try {
      root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    Map<String, Double> shares = new TreeMap<>();
    for (com.fasterxml.jackson.databind.JsonNode lang : root.path("languages")) {
      String code = lang.path("iso639_3").asText("");
      double share = lang.path("share_by_tokens").asDouble(Double.NaN);
      if (LanguageCodes.toIso3(code) == null || !(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(
            file + ": language entry " + lang + " needs iso639_3 and share_by_tokens in (0, 1]");
      }
      shares.merge(LanguageCodes.toIso3(code), share * 100, Double::sum);
    }
    if (shares.isEmpty()) {
      throw new IllegalArgumentException(
          file + ": no 'languages' with iso639_3 and share_by_tokens");
    }
    return java.util.Optional.of(
        new ReferenceShares(name, file.toString() + " (share_by_tokens)", shares));
  }
}
