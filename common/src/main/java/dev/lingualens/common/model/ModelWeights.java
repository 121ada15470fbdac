package dev.lingualens.common.model;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.List;

/**
 * A model's size in memory, known before loading it: from config.json and the safetensors headers
 * (no tensor byte read).
 */
public final class ModelWeights {
  /**
   * The matrices the Llama-block families, BLOOM and XGLM keep in their stored two bytes ({@link
   * StoredWeight}).
   */
  private static final List<String> COMPACT_MATRICES =
      List.of(
          "q_proj.weight",
          "k_proj.weight",
          "v_proj.weight",
          "o_proj.weight",
          "gate_proj.weight",
          "up_proj.weight",
          "down_proj.weight",
          "embed_tokens.weight",
          "lm_head.weight",
          "qkv_proj.weight",
          "gate_up_proj.weight",
          // BLOOM: its fused query_key_value is used whole, not split
          "word_embeddings.weight",
          "query_key_value.weight",
          "self_attention.dense.weight",
          "dense_h_to_4h.weight",
          "dense_4h_to_h.weight",
          // XGLM's attention output and FFN
          "out_proj.weight",
          "fc1.weight",
          "fc2.weight");

  /**
   * Phi-3's fused matrices, split at load: no op widens one whole, and its parts are no larger than
   * o_proj and down_proj.
   */
  private static final List<String> FUSED_MATRICES =
      List.of("qkv_proj.weight", "gate_up_proj.weight");

  private ModelWeights() {}

  /** Bytes the loaded weights keep resident when the model computes in {@code dtype}. */
  public static long bytes(Path folder, DataType dtype) {
    boolean compactFamily = ModelConfig.read(folder).family().compactMatrices();
    try (WeightStore weights = WeightStore.open(folder)) {
      long n = 0;
      for (SafetensorsFile.TensorInfo t : weights.all().values()) {
        boolean compact =
            compactFamily
                && TransformerModel.keptCompact(t.dtype(), dtype)
                && COMPACT_MATRICES.stream().anyMatch(t.name()::endsWith);
        long each = compact ? t.dtype().bytes() : dtype.getNumOfBytes();
        n = Math.addExact(n, Math.multiplyExact(t.elements(), each));
      }
      return n;
    }
  }

  /**
   * The largest fp32 copy a pass makes of one weight: a compact matrix widened for its op (the
   * unembedding a chunk of rows at a time); 0 when nothing is widened.
   */
  public static long widenedBytes(Path folder, DataType dtype) {
    if (dtype != DataType.FLOAT32 || !ModelConfig.read(folder).family().compactMatrices()) {
      return 0;
    }
    try (WeightStore weights = WeightStore.open(folder)) {
      long most = 0;
      for (SafetensorsFile.TensorInfo t : weights.all().values()) {
        if (!TransformerModel.keptCompact(t.dtype(), dtype)
            || COMPACT_MATRICES.stream().noneMatch(t.name()::endsWith)
            || FUSED_MATRICES.stream().anyMatch(t.name()::endsWith)) {
          continue;
        }
        long elements = t.elements();
        if (t.shape().length == 2
            && (t.name().endsWith("lm_head.weight")
                || t.name().endsWith("embed_tokens.weight")
                || t.name().endsWith("word_embeddings.weight"))) {
          elements = Math.min(t.shape()[0], LlamaModel.UNEMBED_ROWS_PER_CHUNK) * t.shape()[1];
        }
        most = Math.max(most, elements * 4);
      }
      return most;
    }
  }
}
