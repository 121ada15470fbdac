package dev.lingualens.jobs.rank;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.metrics.ranker.LayerPreset;
import dev.lingualens.common.metrics.ranker.ReferenceShares;
import dev.lingualens.jobs.model.ModelSettings;
import dev.lingualens.jobs.represent.RepresentSettings;
import java.util.List;

/** The {@code rank.*} keys of the Language Ranker (Li et al., AAAI 2025), parsed on the driver. */
public record RankSettings(
    String referenceLang,
    List<LayerPreset> presets,
    int resamples,
    double level,
    long seed,
    List<ReferenceShares> references) {
  public static final Key<String> REFERENCE_LANG =
      Key.required(
          "rank.reference-lang",
          "eng",
          "an ISO 639-3 code",
          "every language is compared with this one, on the same align_id (also retrieval's auto pairs)");
  public static final Key<List<String>> LAYER_PRESETS =
      Key.list(
          "rank.layer-presets",
          "ALL,EVERY5",
          "layer presets of the score: ALL, EVERY5 (layers 5,10,..., 1-based, clipped to the model), layers:a,b,...");
  public static final Key<List<String>> REFERENCES =
      Key.list(
          "rank.references",
          "auto",
          "reference share tables (properties files, see conf/reference-shares/, or model folders with training.json);"
              + " auto = llama2-table10 plus the training mixture of every model folder that has one");
  public static final Key<Integer> BOOTSTRAP_RESAMPLES =
      Key.integer(
          "rank.bootstrap-resamples",
          "1000",
          1,
          "percentile bootstrap of the score over aligned pairs: resamples");
  public static final Key<Double> BOOTSTRAP_LEVEL =
      Key.real(
          "rank.bootstrap-level", "0.95", 0.5, 0.999, "confidence level of the bootstrap interval");
  public static final Key<Long> BOOTSTRAP_SEED =
      Key.longInt(
          "rank.bootstrap-seed", "20250101", Long.MIN_VALUE, "random seed of the bootstrap");
  public static final List<Key<?>> KEYS =
      List.of(
          REFERENCE_LANG,
          LAYER_PRESETS,
          REFERENCES,
          BOOTSTRAP_RESAMPLES,
          BOOTSTRAP_LEVEL,
          BOOTSTRAP_SEED,
          RepresentSettings.MODELS,
          ModelSettings.PATH);

  public static RankSettings from(LinguaConfig c) {
    List<LayerPreset> presets;
    try {
      presets = LayerPreset.parseList(c.get(LAYER_PRESETS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage() + " (key rank.layer-presets)", e);
    }
    return new RankSettings(
        c.get(REFERENCE_LANG),
        presets,
        c.get(BOOTSTRAP_RESAMPLES),
        c.get(BOOTSTRAP_LEVEL),
        c.get(BOOTSTRAP_SEED),
        References.fromConfig(c));
  }
}
