package dev.lingualens.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where a Llama-style decoder departs from Llama's block. {@link #NONE} for Llama, and for Mistral
 * and Qwen apart from their sliding window; the Gemma families scale the embeddings, use (1 + w)
 * norm gains, and Gemma 2 adds sandwich norms, soft-capping and sliding-window layers; Phi-3 slides
 * every layer; OLMo 2 normalises only what each sub-block adds; Cohere runs attention and MLP in
 * parallel with bias-free LayerNorms, pairwise rotary and scaled logits.
 *
 * @param scaledEmbeddings token embeddings times √hidden (Gemma; XGLM's scale_embedding)
 * @param unitOffsetNorms RMSNorm gains stored as offsets from 1 and applied in fp32 (Gemma)
 * @param layout where the block's norms sit and how its two sub-blocks meet the residual stream
 * @param layerNorms bias-free LayerNorm (mean-centred, fp32) instead of RMSNorm (Cohere)
 * @param interleavedRope rotary on pairs (2i, 2i+1) of each head instead of its two halves (Cohere)
 * @param queryPreAttnScalar attention scores are divided by √ of this; 0 = by √head_dim
 * @param attnSoftcap attention scores become cap·tanh(score/cap) before the mask; 0 = none
 * @param finalSoftcap the same on the logits; 0 = none
 * @param logitScale the logits are multiplied by this (Cohere's logit_scale); 1 = none
 * @param slidingWindow keys a query may see in {@code slidingLayers}, itself included; 0 = none
 * @param slidingLayers layer indices that attend through the window
 * @param localRopeTheta RoPE base of the sliding layers, unscaled (Gemma 3's rope_local_base_freq);
 *     0 = the global base and scaling on every layer
 */
public record DecoderVariant(
    boolean scaledEmbeddings,
    boolean unitOffsetNorms,
    BlockLayout layout,
    boolean layerNorms,
    boolean interleavedRope,
    double queryPreAttnScalar,
    double attnSoftcap,
    double finalSoftcap,
    double logitScale,
    int slidingWindow,
    Set<Integer> slidingLayers,
    double localRopeTheta) {

  /** Norm placement and residual wiring of one block; resid_mid = resid_pre + attn_out in all. */
  public enum BlockLayout {
    /** Llama: x += attn(norm(x)); x += mlp(norm(x)). */
    PRE_NORM,
    /** Gemma 2: x += norm(attn(norm(x))); x += norm(mlp(norm(x))). */
    SANDWICH,
    /**
     * OLMo 2: x += norm(attn(x)); x += norm(mlp(x)), with q/k RMSNorm over the whole projection
     * (all heads at once), not per head as Qwen3.
     */
    POST_NORM,
    /**
     * Cohere (GPT-J style): x += attn(norm(x)) + mlp(norm(x)), one norm for both. Its resid_mid
     * (resid_pre + attn_out) is what the stream holds between the two adds, not the MLP's input.
     */
    PARALLEL
  }

  public static final DecoderVariant NONE =
      new DecoderVariant(
          false, false, BlockLayout.PRE_NORM, false, false, 0, 0, 0, 1, 0, Set.of(), 0);

  public DecoderVariant {
    slidingLayers = Set.copyOf(slidingLayers);
  }

  /**
   * The window of a Llama-block config read the way Hugging Face reads each model_type: Mistral
   * windows every layer ({@code sliding_window}; absent is MistralConfig's 4096, null none); Qwen2
   * and Qwen3 only when {@code use_sliding_window} is true (their configs carry a window they do
   * not use, e.g. Qwen2.5's 131072), and then the layers from {@code max_window_layers} (default
   * 28) on, or those {@code layer_types} names; Llama never.
   */
  static DecoderVariant llama(JsonNode c, String modelType, int layers, String where) {
    return switch (modelType) {
      case "mistral" -> {
        int window = (int) optional(c, "sliding_window", 4096, where);
        yield windowed(window, window == 0 ? Set.of() : allLayers(layers));
      }
      case "qwen2", "qwen3" -> {
        JsonNode use = c.get("use_sliding_window");
        if (use != null && !use.isNull() && !use.isBoolean()) {
          throw new ModelLoadException(
              where + ": 'use_sliding_window' must be true or false, got " + use);
        }
        int window =
            use != null && use.asBoolean(false)
                ? (int) optional(c, "sliding_window", 4096, where)
                : 0;
        JsonNode types = c.get("layer_types");
        if (window == 0) {
          if (types != null && !types.isNull()) {
            Set<Integer> named = slidingLayers(types, layers, l -> false, where);
            if (!named.isEmpty()) {
              // Hugging Face fails here too (a sliding mask with no window)
              throw new ModelLoadException(
                  where
                      + ": layer_types names sliding_attention layers "
                      + new java.util.TreeSet<>(named)
                      + " but there is no window (use_sliding_window false or sliding_window"
                      + " null)");
            }
          }
          yield NONE;
        }
        int fullLayers = (int) optionalCount(c, "max_window_layers", 28, where);
        yield windowed(window, slidingLayers(types, layers, l -> l >= fullLayers, where));
      }
      default -> NONE;
    };
  }

  private static DecoderVariant windowed(int window, Set<Integer> sliding) {
    return new DecoderVariant(
        false, false, BlockLayout.PRE_NORM, false, false, 0, 0, 0, 1, window, sliding, 0);
  }

  private static Set<Integer> allLayers(int layers) {
    return IntStream.range(0, layers).boxed().collect(Collectors.toUnmodifiableSet());
  }

  static DecoderVariant gemma() {
    return new DecoderVariant(
        true, true, BlockLayout.PRE_NORM, false, false, 0, 0, 0, 1, 0, Set.of(), 0);
  }

  /**
   * Phi-3: Llama's block (its fused projections are split on load); a config {@code sliding_window}
   * windows every layer, as Hugging Face masks it, and null or absent means none.
   */
  static DecoderVariant phi3(JsonNode c, int layers, String where) {
    int window = (int) optional(c, "sliding_window", 0, where);
    return new DecoderVariant(
        false,
        false,
        BlockLayout.PRE_NORM,
        false,
        false,
        0,
        0,
        0,
        1,
        window,
        window == 0 ? Set.of() : allLayers(layers),
        0);
  }

  /**
   * XGLM (its own block, {@link XglmModel}): only the embedding scale applies, {@code
   * scale_embedding}, true unless the config says otherwise (XGLMConfig's default).
   */
  static DecoderVariant xglm(JsonNode c) {
    return new DecoderVariant(
        c.path("scale_embedding").asBoolean(true),
        false,
        BlockLayout.PRE_NORM,
        false,
        false,
        0,
        0,
        0,
        1,
        0,
        Set.of(),
        0);
  }

  static DecoderVariant olmo2() {
    return new DecoderVariant(
        false, false, BlockLayout.POST_NORM, false, false, 0, 0, 0, 1, 0, Set.of(), 0);
  }

  /** Cohere, with CohereConfig's logit_scale default (0.0625) when the key is absent. */
  static DecoderVariant cohere(JsonNode c, String where) {
    double scale = optional(c, "logit_scale", 0.0625, where);
    return new DecoderVariant(
        false,
        false,
        BlockLayout.PARALLEL,
        true,
        true,
        0,
        0,
        0,
        scale == 0 ? 1 : scale,
        0,
        Set.of(),
        0);
  }

  /** Whether the block has Gemma 2's norms both before and after each sub-block. */
  public boolean sandwichNorms() {
    return layout == BlockLayout.SANDWICH;
  }

  /**
   * Gemma 2 from its config.json, with Hugging Face's defaults for absent keys; an explicit null
   * turns a soft-cap or the window off.
   */
  static DecoderVariant gemma2(JsonNode c, int layers, String where) {
    int window = (int) optional(c, "sliding_window", 4096, where);
    return new DecoderVariant(
        true,
        true,
        BlockLayout.SANDWICH,
        false,
        false,
        optional(c, "query_pre_attn_scalar", 256, where),
        optional(c, "attn_logit_softcapping", 50.0, where),
        optional(c, "final_logit_softcapping", 30.0, where),
        1,
        window,
        window == 0
            ? Set.of()
            : slidingLayers(c.get("layer_types"), layers, l -> l % 2 == 0, where),
        0);
  }

  /**
   * Gemma 3 text from its config.json, with Gemma3TextConfig's defaults for absent keys (scalar
   * 256, no soft-caps, window 4096, every 6th layer global, local RoPE base 10000); {@code
   * localTheta} comes from rope_local_base_freq or the newer rope_parameters.
   */
  static DecoderVariant gemma3(JsonNode c, int layers, double localTheta, String where) {
    int window = (int) optional(c, "sliding_window", 4096, where);
    // a null pattern is Gemma3TextConfig's default too
    int pattern = (int) optional(c, "sliding_window_pattern", 6, where);
    int every = pattern == 0 ? 6 : pattern;
    return new DecoderVariant(
        true,
        true,
        BlockLayout.SANDWICH,
        false,
        false,
        optional(c, "query_pre_attn_scalar", 256, where),
        optional(c, "attn_logit_softcapping", 0, where),
        optional(c, "final_logit_softcapping", 0, where),
        1,
        window,
        window == 0
            ? Set.of()
            : slidingLayers(c.get("layer_types"), layers, l -> (l + 1) % every != 0, where),
        localTheta);
  }

  /**
   * {@code layer_types} when the config lists them (newer checkpoints), else the family's rule:
   * Gemma 2 alternates (even layers local), Gemma 3 slides five layers in six, Qwen2 the layers
   * from max_window_layers on.
   */
  private static Set<Integer> slidingLayers(
      JsonNode types, int layers, java.util.function.IntPredicate byDefault, String where) {
    if (types == null || types.isNull()) {
      return IntStream.range(0, layers)
          .filter(byDefault)
          .boxed()
          .collect(Collectors.toUnmodifiableSet());
    }
    if (!types.isArray() || types.size() != layers) {
      throw new ModelLoadException(
          where + ": layer_types must list one type per layer (" + layers + "), got " + types);
    }
    Set<Integer> sliding = new java.util.HashSet<>();
    for (int l = 0; l < layers; l++) {
      String t = types.get(l).asText();
      switch (t) {
        case "sliding_attention" -> sliding.add(l);
        case "full_attention" -> {}
        default ->
            throw new ModelLoadException(
                where
                    + ": layer_types["
                    + l
                    + "] is '"
                    + t
                    + "'; expected sliding_attention or full_attention");
      }
    }
    return sliding;
  }

  private static double optional(JsonNode c, String key, double absent, String where) {
    JsonNode n = c.get(key);
    if (n == null) {
      return absent;
    }
    if (n.isNull()) {
      return 0;
    }
    if (!n.isNumber() || n.asDouble() <= 0) {
      throw new ModelLoadException(where + ": '" + key + "' must be a positive number or null");
    }
    return n.asDouble();
  }

  /** A count that may be 0 (max_window_layers 0: every layer slides); absent is {@code absent}. */
  private static long optionalCount(JsonNode c, String key, long absent, String where) {
    JsonNode n = c.get(key);
    if (n == null || n.isNull()) {
      return absent;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0) {
      throw new ModelLoadException(where + ": '" + key + "' must be a whole number >= 0, got " + n);
    }
    return n.asInt();
  }

  public boolean sliding(int layer) {
    return slidingWindow > 0 && slidingLayers.contains(layer);
  }
}
