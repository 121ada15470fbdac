package dev.lingualens.jobs.demo;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.CoreSettings;
import dev.lingualens.jobs.model.ModelSettings;
import dev.lingualens.jobs.represent.RepresentSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which models the demo's model steps run on: whatever is at hand, and no step when nothing is. */
public final class DemoModels {
  private DemoModels() {}

  /**
   * The config as is when {@code model.path} is a folder (the shipped demo model in
   * conf/demo.conf).
   */
  public static Optional<LinguaConfig> withModel(LinguaConfig config) {
    String model = config.get(ModelSettings.PATH);
    return !model.isBlank() && Files.isDirectory(Paths.get(model))
        ? Optional.of(config)
        : Optional.empty();
  }

  /**
   * The Language Ranker steps (represent, rank, retrieval) run on the configured {@code
   * represent.models}, else {@code model.path} plus the real all-MiniLM-L6-v2 on ONNX Runtime when
   * scripts/fetch-data.sh has fetched it.
   */
  public static Optional<LinguaConfig> withRankerModels(LinguaConfig config) {
    if (!config.get(RepresentSettings.MODELS).isEmpty()) {
      return Optional.of(config);
    }
    List<String> found = new ArrayList<>();
    String model = config.get(ModelSettings.PATH);
    if (!model.isBlank() && Files.isDirectory(Paths.get(model))) {
      found.add(Paths.get(model).getFileName() + "=" + model);
    }
    Path minilm = CoreSettings.from(config).cache().resolve("models").resolve("all-MiniLM-L6-v2");
    if (Files.isRegularFile(minilm.resolve("model.onnx"))) {
      found.add("all-MiniLM-L6-v2=onnx:" + minilm);
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        config.with(Map.of(RepresentSettings.MODELS.name(), String.join(",", found))));
  }
}
