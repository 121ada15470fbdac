package dev.lingualens.jobs.model;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.model.ModelCache;
import dev.lingualens.common.model.ModelConfig;
import dev.lingualens.common.model.TransformerModel;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The model a job runs, as plain values that ship to executors: its folder, the name its rows carry,
 * and the device/dtype settings. Executors resolve the device per task (Spark's GPU assignment) and
 * share one loaded model per JVM through {@link ModelCache}.
 */
public record ModelRef(String name, String path, String device, String dtype, int batchTokens, int maxRows)
    implements Serializable {

  public static ModelRef fromConfig(LinguaConfig config) {
    ModelSettings m = ModelSettings.from(config);
    String path = m.path();
    if (path.isBlank()) {
      throw config.bad(ModelSettings.PATH, "a Hugging Face model folder (config.json, *.safetensors, tokenizer.json)");
    }
    Path folder = Paths.get(path);
    if (!Files.isDirectory(folder)) {
      throw new ConfigException("model.path '" + path + "' is not a folder");
    }
    ModelConfig.read(folder); // fail on the driver, with the file named, before any task starts
    String name = m.name().isBlank() ? folder.getFileName().toString() : m.name();
    return new ModelRef(name, folder.toAbsolutePath().toString(), m.device(), m.dtype(), m.batchTokens(), m.maxRows());
  }

  public Path folder() {
    return Paths.get(path);
  }

  /** The executor's shared instance, on the GPU Spark gave this task if any. */
  public TransformerModel load() {
    return load(() -> { });
  }

  /** As {@link #load()}; {@code onLoad} runs when this JVM actually loads the model (see ModelCache). */
  public TransformerModel load(Runnable onLoad) {
    return ModelCache.get(folder(), TaskDevice.options(device, dtype), onLoad);
  }
}
