package dev.lingualens.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where a Llama-style decoder departs from Llama's block. {@link #NONE} for Llama, Mistral and
 * Qwen; the Gemma families scale the embeddings, use (1 + w) norm gains, and Gemma 2 adds sandwich
 * norms, soft-capping and sliding-window layers.
 *
 * @param scaledEmbeddings token embeddings times √hidden (Gemma)
 * @param unitOffsetNorms RMSNorm gains stored as offsets from 1 and applied in fp32 (Gemma)
 * @param sandwichNorms post-attention and pre/post-feed-forward norms (Gemma 2)
 * @param queryPreAttnScalar attention scores are divided by √ of this; 0 = by √head_dim
 * @param attnSoftcap attention scores become cap·tanh(score/cap) before the mask; 0 = none
 * @param finalSoftcap the same on the logits; 0 = none
 * @param slidingWindow keys a query may see in {@code slidingLayers}, itself included; 0 = none
 * @param slidingLayers layer indices that attend through the window
 */
public record DecoderVariant(
    boolean scaledEmbeddings,
    boolean unitOffsetNorms,
    boolean sandwichNorms,
    double queryPreAttnScalar,
    double attnSoftcap,
    double finalSoftcap,
    int slidingWindow,
    Set<Integer> slidingLayers) {
  public static final DecoderVariant NONE =
      new DecoderVariant(false, false, false, 0, 0, 0, 0, Set.of());

  public DecoderVariant {
    slidingLayers = Set.copyOf(slidingLayers);
  }

  static DecoderVariant gemma() {
    return new DecoderVariant(true, true, false, 0, 0, 0, 0, Set.of());
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
        true,
        optional(c, "query_pre_attn_scalar", 256, where),
        optional(c, "attn_logit_softcapping", 50.0, where),
        optional(c, "final_logit_softcapping", 30.0, where),
        window,
        window == 0 ? Set.of() : slidingLayers(c.get("layer_types"), layers, where));
  }

  /**
   * {@code layer_types} when the config lists them (newer checkpoints), else Gemma 2's alternation:
   * even layers local, odd layers global.
   */
  private static Set<Integer> slidingLayers(JsonNode types, int layers, String where) {
    if (types == null || types.isNull()) {
      return IntStream.range(0, layers)
          .filter(l -> l % 2 == 0)
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

  public boolean sliding(int layer) {
    return slidingWindow > 0 && slidingLayers.contains(layer);
  }
}
