package dev.lingualens.common.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The RoPE frequency variants in common use, as Hugging Face computes them: none, {@code linear}
 * (positions divided by the factor), {@code llama3} (Llama 3.1's three-band smoothing) and {@code
 * longrope} (Phi-3's LongRoPE, also called {@code su}: per-frequency factors, short or long by the
 * sequence's length, and cos/sin scaled by {@code attentionFactor}).
 *
 * @param shortFactor longrope: divisors of the frequencies for sequences of at most {@code
 *     originalMaxPositions} tokens; null otherwise
 * @param longFactor longrope: the same for longer sequences
 * @param attentionFactor longrope: cos and sin are multiplied by it; 1 otherwise
 */
public record RopeScaling(
    String type,
    double factor,
    double lowFreqFactor,
    double highFreqFactor,
    int originalMaxPositions,
    double[] shortFactor,
    double[] longFactor,
    double attentionFactor) {
  public static final RopeScaling NONE = new RopeScaling("default", 1, 1, 1, 0, null, null, 1);

  static RopeScaling parse(JsonNode node, String where) {
    return parse(node, null, where);
  }

  /**
   * {@code config} is the whole config.json, where Phi-3 keeps original_max_position_embeddings and
   * max_position_embeddings (their ratio sets LongRoPE's attention factor, as Hugging Face does).
   */
  static RopeScaling parse(JsonNode node, JsonNode config, String where) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NONE;
    }
    String type = node.path("rope_type").asText(node.path("type").asText("default"));
    return switch (type) {
      case "default" -> NONE;
      case "linear" ->
          new RopeScaling("linear", node.path("factor").asDouble(1), 1, 1, 0, null, null, 1);
      case "llama3" ->
          new RopeScaling(
              "llama3",
              node.path("factor").asDouble(8),
              node.path("low_freq_factor").asDouble(1),
              node.path("high_freq_factor").asDouble(4),
              node.path("original_max_position_embeddings").asInt(8192),
              null,
              null,
              1);
      case "longrope", "su" -> longRope(node, config, where);
      default ->
          throw new ModelLoadException(
              where
                  + ": unsupported rope_scaling type '"
                  + type
                  + "' (supported: default, linear, llama3, longrope)");
    };
  }

  private static RopeScaling longRope(JsonNode node, JsonNode config, String where) {
    JsonNode top = config == null ? node : config;
    int original =
        top.path("original_max_position_embeddings")
            .asInt(node.path("original_max_position_embeddings").asInt(0));
    int max = top.path("max_position_embeddings").asInt(0);
    if (original <= 0) {
      throw new ModelLoadException(
          where + ": rope_scaling longrope needs original_max_position_embeddings");
    }
    double scale = max > 0 ? (double) max / original : node.path("factor").asDouble(1);
    double attention =
        node.hasNonNull("attention_factor")
            ? node.get("attention_factor").asDouble()
            : scale <= 1 ? 1 : Math.sqrt(1 + Math.log(scale) / Math.log(original));
    return new RopeScaling(
        "longrope",
        scale,
        1,
        1,
        original,
        factors(node, "short_factor", where),
        factors(node, "long_factor", where),
        attention);
  }

  private static double[] factors(JsonNode node, String key, String where) {
    JsonNode a = node.get(key);
    if (a == null || !a.isArray() || a.isEmpty()) {
      throw new ModelLoadException(
          where + ": rope_scaling longrope needs '" + key + "', a list of numbers");
    }
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  /** Whether the frequencies depend on the sequence's length (longrope). */
  public boolean lengthDependent() {
    return longFactor != null;
  }

  /** HF's inv_freq for sequences of {@code length} tokens (only longrope looks at it). */
  public float[] inverseFrequencies(int headDim, double theta, int length) {
    if (!lengthDependent()) {
      return inverseFrequencies(headDim, theta);
    }
    double[] ext = length > originalMaxPositions ? longFactor : shortFactor;
    if (ext.length != headDim / 2) {
      throw new ModelLoadException(
          "rope_scaling longrope has "
              + ext.length
              + " factors; head_dim "
              + headDim
              + " needs "
              + headDim / 2);
    }
    float[] inv = new float[headDim / 2];
    for (int i = 0; i < inv.length; i++) {
      // HF: 1 / (ext * base^(2i/d)), in float32
      float power = (float) Math.pow(theta, (float) (2 * i) / headDim);
      inv[i] = (float) (1.0 / ((float) ext[i] * power));
    }
    return inv;
  }

  /** HF's inv_freq for head dimension {@code headDim} and base {@code theta}, after scaling. */
  public float[] inverseFrequencies(int headDim, double theta) {
    int half = headDim / 2;
    float[] inv = new float[half];
    for (int i = 0; i < half; i++) {
      // HF computes in float32: 1 / theta^(2i/d)
      float exponent = (float) (2 * i) / headDim;
      inv[i] = (float) (1.0 / Math.pow(theta, exponent));
    }
    switch (type) {
      case "linear" -> {
        for (int i = 0; i < half; i++) {
          inv[i] = (float) (inv[i] / factor);
        }
      }
      case "llama3" -> {
        double lowWavelen = originalMaxPositions / lowFreqFactor;
        double highWavelen = originalMaxPositions / highFreqFactor;
        for (int i = 0; i < half; i++) {
          double wavelen = 2 * Math.PI / inv[i];
          if (wavelen > lowWavelen) {
            inv[i] = (float) (inv[i] / factor);
          } else if (wavelen >= highWavelen) {
            double smooth =
                (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
            inv[i] = (float) ((1 - smooth) * inv[i] / factor + smooth * inv[i]);
          }
        }
      }
      default -> {
        // unscaled
      }
    }
    return inv;
  }
}
