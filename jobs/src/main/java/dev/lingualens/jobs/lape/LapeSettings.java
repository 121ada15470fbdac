package dev.lingualens.jobs.lape;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.metrics.Lape;
import dev.lingualens.jobs.model.ModelSettings;
import java.nio.file.Paths;
import java.util.List;

/**
 * The {@code lape.*} selection rates (Tang et al. 2024; methods.md 2.4) and the model whose counts
 * are read.
 */
public record LapeSettings(String model, Lape.Rates rates) {
  public static final Key<Double> TOP_RATE =
      Key.real(
          "lape.top-rate",
          "0.01",
          0,
          1,
          "share of the model's neurons selected, lowest entropy first (bottom 1 %)");
  public static final Key<Double> FILTER_RATE =
      Key.real(
          "lape.filter-rate",
          "0.95",
          0,
          1,
          "quantile of all activation probabilities (pooled over languages) that a neuron must exceed in some language to be a candidate");
  public static final Key<Double> ACTIVATION_BAR_RATIO =
      Key.real(
          "lape.activation-bar-ratio",
          "0.95",
          0,
          1,
          "the same quantile for assigning a selected neuron to every language above it");
  public static final List<Key<?>> KEYS =
      List.of(ModelSettings.NAME, ModelSettings.PATH, TOP_RATE, FILTER_RATE, ACTIVATION_BAR_RATIO);

  public static LapeSettings from(LinguaConfig c) {
    return new LapeSettings(
        modelName(c),
        new Lape.Rates(c.get(TOP_RATE), c.get(FILTER_RATE), c.get(ACTIVATION_BAR_RATIO)));
  }

  private static String modelName(LinguaConfig c) {
    String name = c.get(ModelSettings.NAME);
    if (!name.isBlank()) {
      return name;
    }
    String path = c.get(ModelSettings.PATH);
    if (path.isBlank()) {
      throw c.bad(ModelSettings.NAME, "the model's name in neuron_counts (or set model.path)");
    }
    return Paths.get(path).getFileName().toString();
  }
}
