package dev.lingualens.jobs.model;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.model.DType;
import dev.lingualens.common.model.ModelConfig;
import dev.lingualens.common.model.ModelOptions;
import dev.lingualens.common.model.SharedModels;
import dev.lingualens.common.model.TransformerModel;
import dev.lingualens.common.model.WeightStore;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.common.text.HfTokenizer;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

/**
 * The one model handle of the jobs: the model a job runs, as plain values that ship to executors
 * (its folder, the name its rows carry, the backend, and the device/dtype/batching settings). On an
 * executor {@link #model()}, {@link #tokenizer()} and {@link #onnxFile()} hand out leases on the
 * JVM's shared instances ({@link ExecutorResources}): close them when the task is done. The device
 * is resolved per task (Spark's GPU assignment).
 */
public record ModelHandle(
    String name,
    String path,
    Backend backend,
    String device,
    String dtype,
    int batchTokens,
    int maxRows)
    implements Serializable {

  /** What runs the model: our transformer code on DJL, or an ONNX export on ONNX Runtime. */
  public enum Backend {
    DJL,
    ONNX
  }

  /** The model of {@code model.path} / {@code model.name} (neurons, ablate): always on DJL. */
  public static ModelHandle fromConfig(LinguaConfig config) {
    ModelSettings m = ModelSettings.from(config);
    if (m.path().isBlank()) {
      throw config.bad(
          ModelSettings.PATH,
          "a Hugging Face model folder (config.json, *.safetensors, tokenizer.json)");
    }
    Path folder = Paths.get(m.path());
    if (!Files.isDirectory(folder)) {
      throw new ConfigException("model.path '" + m.path() + "' is not a folder");
    }
    // fail on the driver, with the file named, before any task starts
    m.checkDtypeFor(ModelConfig.read(folder).family(), folder, config);
    String name = m.name().isBlank() ? folder.getFileName().toString() : m.name();
    return new ModelHandle(
        name,
        folder.toAbsolutePath().toString(),
        Backend.DJL,
        m.device(),
        m.dtype(),
        m.batchTokens(),
        m.maxRows());
  }

  /** A named model folder with the settings' device and batching. */
  public static ModelHandle of(String name, Path folder, Backend backend, ModelSettings m) {
    return new ModelHandle(
        name,
        folder.toAbsolutePath().normalize().toString(),
        backend,
        m.device(),
        m.dtype(),
        m.batchTokens(),
        m.maxRows());
  }

  public Path folder() {
    return Paths.get(path);
  }

  /**
   * Device and dtype for the task that asks: the GPU Spark gave this task if any (see {@link
   * TaskDevice}).
   */
  public ModelOptions options() {
    Path folder = folder();
    DType stored;
    try (WeightStore weights = WeightStore.open(folder)) {
      stored = weights.storedDtype();
    }
    return TaskDevice.options(device, dtype, stored, ModelConfig.read(folder).family());
  }

  /** A lease on the executor's shared loaded model (DJL backend), on this task's device. */
  public ExecutorResources.Lease<TransformerModel> model() {
    return SharedModels.lease(folder(), options());
  }

  /** A lease on the executor's shared tokenizer of the model folder. */
  public ExecutorResources.Lease<HfTokenizer> tokenizer() {
    return HfTokenizer.lease(folder());
  }

  /** The ONNX export of the folder (ONNX backend). */
  public Optional<Path> onnxFile() {
    return onnxFile(folder());
  }

  /** The HF layout {@code onnx/model.onnx}, else a {@code model.onnx} at the top of the folder. */
  public static Optional<Path> onnxFile(Path folder) {
    for (Path p :
        List.of(folder.resolve("onnx").resolve("model.onnx"), folder.resolve("model.onnx"))) {
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
