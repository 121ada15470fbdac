package dev.lingualens.jobs.retrieval;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.rank.RankSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code retrieval.*} keys. {@code layers} is empty for all layers, {@code [-1]} for each
 * model's last layer, else the 1-based layers to keep; {@code pairs} is empty for auto (every
 * language paired with the reference language).
 */
public record RetrievalSettings(
    int marginK, List<Integer> layers, List<String[]> pairs, String referenceLang) {
  public static final int LAST = -1;
  public static final Key<List<String>> PAIRS =
      Key.list(
          "retrieval.pairs",
          "auto",
          "language pairs as src:tgt (comma-separated); auto = every language paired with rank.reference-lang");
  public static final Key<List<String>> LAYERS =
      Key.list("retrieval.layers", "all", "all, last, or a comma-separated list of 1-based layers");
  public static final Key<Integer> MARGIN_K =
      Key.integer(
          "retrieval.margin-k",
          "4",
          1,
          "neighbours in the ratio margin's denominator (Artetxe & Schwenk 2019)");
  public static final List<Key<?>> KEYS =
      List.of(PAIRS, LAYERS, MARGIN_K, RankSettings.REFERENCE_LANG);

  public static RetrievalSettings from(LinguaConfig c) {
    return new RetrievalSettings(
        c.get(MARGIN_K), layers(c), pairs(c), c.get(RankSettings.REFERENCE_LANG));
  }

  private static List<Integer> layers(LinguaConfig c) {
    List<String> given = c.get(LAYERS);
    if (given.size() == 1 && given.get(0).equalsIgnoreCase("all")) {
      return List.of();
    }
    if (given.size() == 1 && given.get(0).equalsIgnoreCase("last")) {
      return List.of(LAST);
    }
    List<Integer> layers = new ArrayList<>();
    for (String l : given) {
      try {
        layers.add(Integer.parseInt(l));
      } catch (NumberFormatException e) {
        throw c.bad(LAYERS, "all, last or comma-separated 1-based layer numbers");
      }
    }
    return layers;
  }

  private static List<String[]> pairs(LinguaConfig c) {
    List<String> entries = c.get(PAIRS);
    List<String[]> out = new ArrayList<>();
    if (entries.size() == 1 && entries.get(0).equalsIgnoreCase("auto")) {
      return out;
    }
    for (String e : entries) {
      String[] p = e.split(":");
      if (p.length != 2 || p[0].isBlank() || p[1].isBlank() || p[0].trim().equals(p[1].trim())) {
        throw c.bad(
            PAIRS,
            "'auto' or src:tgt pairs of two different ISO 639-3 codes, e.g. eng:fra; got '"
                + e
                + "'");
      }
      out.add(new String[] {p[0].trim(), p[1].trim()});
    }
    return out;
  }
}
