package dev.lingualens.common.model;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;

/**
 * What {@code lingualens model-summary} prints for a model folder, read without loading the
 * weights.
 */
public record ModelSummary(
    Path folder,
    String modelType,
    ModelFamily family,
    int layers,
    int hiddenSize,
    int intermediateSize,
    int heads,
    int kvHeads,
    int vocabSize,
    long parameters,
    DType storedDtype,
    long storedBytes,
    long cpuWeightBytes,
    long cpuWidenedBytes,
    long cpuActivationBytesPer1kTokens) {

  /**
   * An allowance for what the JVM and libtorch hold besides weights and activations; the whole
   * expectation is checked against peak RSS by scripts/bench/big-model.sh (docs/benchmarks.md).
   */
  static final long RUNTIME_BYTES = 450L << 20;

  public static ModelSummary of(Path folder) {
    ModelConfig c = ModelConfig.read(folder);
    try (WeightStore w = WeightStore.open(folder)) {
      long params = 0;
      long bytes = 0;
      for (SafetensorsFile.TensorInfo t : w.all().values()) {
        params += t.elements();
        bytes += t.end() - t.begin();
      }
      return new ModelSummary(
          folder,
          c.modelType(),
          c.family(),
          c.layers(),
          c.hiddenSize(),
          c.intermediateSize(),
          c.heads(),
          c.kvHeads(),
          c.vocabSize(),
          params,
          w.storedDtype(),
          bytes,
          ModelWeights.bytes(folder, DataType.FLOAT32),
          ModelWeights.widenedBytes(folder, DataType.FLOAT32),
          activationBytesPer1kTokens(c));
    }
  }

  /**
   * One layer's live fp32 activations for a batch of 1024 tokens as two 512-token rows (a pass
   * releases each layer's before the next): ~20 [T,D] and 5 [T,F] tensors, three [B,N,T,T] score
   * tensors, and the logits with their log-softmax. An estimate of the order, not an exact count.
   */
  static long activationBytesPer1kTokens(ModelConfig c) {
    long t = 1024;
    long perToken = 20L * c.hiddenSize() + 5L * c.intermediateSize() + 3L * c.vocabSize();
    long scores = 3L * c.heads() * 2 * 512 * 512;
    return 4 * (t * perToken + scores);
  }

  /** Resident memory expected on a CPU executor (model.dtype=auto) for batches of that size. */
  public long expectedCpuBytes(int batchTokens) {
    return RUNTIME_BYTES
        + cpuWeightBytes
        + cpuWidenedBytes
        + cpuActivationBytesPer1kTokens * batchTokens / 1024;
  }

  @Override
  public String toString() {
    return String.format(
        "model: %s%nfamily: %s (model_type %s)%nlayers: %d%nhidden size: %d%nFFN size: %d%n"
            + "attention heads: %d (kv %d)%nvocabulary: %d%nparameters: %,d (%.2f B)%nstored dtype: %s (%,d bytes)%n"
            + "memory on a CPU executor (fp32 compute, model.dtype=auto), before loading:%n"
            + "  weights resident: %s%n  largest weight widened at once: %s%n"
            + "  activations of one layer: %s per 1024 batch tokens%n"
            + "  expected peak: %s at model.batch-tokens=1024, %s at 4096 (incl. ~%s JVM + libtorch)%n",
        folder,
        family,
        modelType,
        layers,
        hiddenSize,
        intermediateSize,
        heads,
        kvHeads,
        vocabSize,
        parameters,
        parameters / 1e9,
        storedDtype,
        storedBytes,
        gib(cpuWeightBytes),
        gib(cpuWidenedBytes),
        gib(cpuActivationBytesPer1kTokens),
        gib(expectedCpuBytes(1024)),
        gib(expectedCpuBytes(4096)),
        gib(RUNTIME_BYTES));
  }

  private static String gib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
  }
}
