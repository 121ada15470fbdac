package dev.lingualens.common.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One loaded model per executor JVM and (folder, device, dtype), shared by every task: loading a 7B
 * model per task would cost minutes and the GPU's memory many times over. Closed at JVM exit.
 */
public final class ModelCache {
  private static final Map<String, TransformerModel> MODELS = new ConcurrentHashMap<>();
  private static final AtomicLong LOADS = new AtomicLong();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ModelCache::closeAll, "lingualens-model-cache"));
  }

  private ModelCache() {}

  public static TransformerModel get(Path folder, ModelOptions options) {
    return get(folder, options, () -> { });
  }

  /**
   * As {@link #get(Path, ModelOptions)}; {@code onLoad} runs only when this call actually loads, so a
   * Spark job can count loads per executor (an accumulator) and show one load per JVM, not per task.
   */
  public static TransformerModel get(Path folder, ModelOptions options, Runnable onLoad) {
    String key = folder.toAbsolutePath().normalize() + "|" + options.device() + "|" + options.dtype();
    return MODELS.computeIfAbsent(key, k -> {
      LOADS.incrementAndGet();
      onLoad.run();
      return TransformerModel.load(folder, options);
    });
  }

  /** How many times this JVM loaded a model (the run record shows it: once per executor, not per task). */
  public static long loads() {
    return LOADS.get();
  }

  static synchronized void closeAll() {
    MODELS.values().forEach(TransformerModel::close);
    MODELS.clear();
  }
}
