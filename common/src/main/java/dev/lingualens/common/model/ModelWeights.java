package dev.lingualens.common.model;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;

/**
 * A model's size in memory, known before loading it: from the safetensors headers (no tensor byte
 * read).
 */
public final class ModelWeights {
  private ModelWeights() {}

  /**
   * Bytes of every stored tensor once converted to {@code dtype} (the dtype the model computes in).
   */
  public static long bytes(Path folder, DataType dtype) {
    try (WeightStore weights = WeightStore.open(folder)) {
      long n = 0;
      for (SafetensorsFile.TensorInfo t : weights.all().values()) {
        n = Math.addExact(n, Math.multiplyExact(t.elements(), (long) dtype.getNumOfBytes()));
      }
      return n;
    }
  }
}
