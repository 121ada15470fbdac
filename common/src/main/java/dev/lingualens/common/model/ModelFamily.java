package dev.lingualens.common.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The transformer families the runtime implements, selected by config.json's {@code model_type}.
 */
public enum ModelFamily {
  LLAMA(List.of("llama", "mistral", "qwen2", "qwen3"), true, false),
  /** Gemma 1: the Llama block with Gemma's norms, embedding scale and GeGLU. */
  GEMMA(List.of("gemma"), true, true),
  /** Gemma 2: Gemma plus sandwich norms, soft-capping and sliding-window layers. */
  GEMMA2(List.of("gemma2"), true, true),
  /**
   * Gemma 3 text models: Gemma 2's block with per-head q/k norms, local layers with their own RoPE
   * base, and no soft-caps by default.
   */
  GEMMA3(List.of("gemma3_text"), true, true),
  /** Phi-3: the Llama block with fused qkv / gate-up weights, every layer optionally windowed. */
  PHI3(List.of("phi3"), true, false),
  /** OLMo 2: norms after attention and MLP instead of before, q/k norm over the projection. */
  OLMO2(List.of("olmo2"), true, false),
  /** Cohere (Command-R, Aya): parallel block, bias-free LayerNorm, pairwise rotary, logit_scale. */
  COHERE(List.of("cohere"), true, false),
  GPT2(List.of("gpt2"), true, false),
  /** BLOOM: ALiBi instead of positions, embedding LayerNorm, fused per-head query_key_value. */
  BLOOM(List.of("bloom"), true, false),
  /** XGLM: fairseq sinusoidal positions, scaled embeddings, pre-LayerNorm with biases, GELU. */
  XGLM(List.of("xglm"), true, false),
  BERT(List.of("bert", "xlm-roberta", "roberta"), false, false);

  private final List<String> modelTypes;
  private final boolean causal;
  private final boolean overflowsFp16;

  ModelFamily(List<String> modelTypes, boolean causal, boolean overflowsFp16) {
    this.modelTypes = modelTypes;
    this.causal = causal;
    this.overflowsFp16 = overflowsFp16;
  }

  public boolean causal() {
    return causal;
  }

  /** Whether the family runs on {@link LlamaModel}'s block. */
  public boolean llamaBlock() {
    return switch (this) {
      case LLAMA, GEMMA, GEMMA2, GEMMA3, PHI3, OLMO2, COHERE -> true;
      case GPT2, BLOOM, XGLM, BERT -> false;
    };
  }

  /**
   * Whether the family's model keeps its BF16/F16 matrices in two bytes ({@link StoredWeight}) when
   * it computes in fp32: the Llama-block families, BLOOM (whose 250k-row embedding alone is 2 GB in
   * bf16 at 7B) and XGLM.
   */
  public boolean compactMatrices() {
    return llamaBlock() || this == BLOOM || this == XGLM;
  }

  /**
   * Whether the family's activations leave float16's range (±65504): Gemma's residual stream,
   * scaled by √hidden and trained in bf16, does, so fp16 gives wrong numbers instead of an error.
   */
  public boolean overflowsFp16() {
    return overflowsFp16;
  }

  /** One clear error when {@code dtype} is a precision this family cannot run in. */
  public void checkComputeDtype(ai.djl.ndarray.types.DataType dtype, String where) {
    if (overflowsFp16 && dtype == ai.djl.ndarray.types.DataType.FLOAT16) {
      throw new IllegalArgumentException(
          where
              + ": model family "
              + name().toLowerCase(Locale.ROOT)
              + " overflows float16 (its activations exceed 65504 and come out as inf/NaN);"
              + " use model.dtype=float32 (or bfloat16 where supported)");
    }
  }

  public static List<String> supportedModelTypes() {
    return Arrays.stream(values()).flatMap(f -> f.modelTypes.stream()).toList();
  }

  public static ModelFamily of(String modelType, String where) {
    String t = modelType == null ? "" : modelType.toLowerCase(Locale.ROOT);
    for (ModelFamily f : values()) {
      if (f.modelTypes.contains(t)) {
        return f;
      }
    }
    throw new ModelLoadException(
        where
            + ": unsupported model_type '"
            + modelType
            + "'; supported: "
            + String.join(", ", supportedModelTypes()));
  }
}
