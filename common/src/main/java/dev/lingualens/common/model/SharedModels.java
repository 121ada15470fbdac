package dev.lingualens.common.model;

import dev.lingualens.common.resources.ExecutorResources;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loaded models shared by the tasks of an executor JVM, through {@link ExecutorResources}: one load
 * per (folder, device, dtype) while it stays within the budget, sized from its safetensors headers,
 * closed when evicted or at executor shutdown. Loading a 7B model per task would cost minutes and
 * the GPU's memory many times over.
 */
public final class SharedModels {
  private static final AtomicLong LOADS = new AtomicLong();

  private SharedModels() {}

  /**
   * How many times this JVM loaded a model (the run record shows it: once per executor, not per
   * task).
   */
  public static long loads() {
    return LOADS.get();
  }

  public static String key(Path folder, ModelOptions options) {
    return "model:"
        + folder.toAbsolutePath().normalize()
        + "|"
        + options.device()
        + "|"
        + options.dtype();
  }

  /**
   * A lease on the model, loading it if this JVM does not hold it; close the lease when the task is
   * done.
   */
  public static ExecutorResources.Lease<TransformerModel> lease(Path folder, ModelOptions options) {
    return lease(ExecutorResources.shared(), folder, options);
  }

  public static ExecutorResources.Lease<TransformerModel> lease(
      ExecutorResources resources, Path folder, ModelOptions options) {
    return resources.acquire(
        key(folder, options),
        ModelWeights.bytes(folder, options.dtype()),
        () -> {
          LOADS.incrementAndGet();
          return TransformerModel.load(folder, options);
        },
        TransformerModel::close);
  }
}
