package dev.lingualens.common.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The RoPE frequency variants in common use, as Hugging Face computes them: none, {@code linear}
 * (positions divided by the factor) and {@code llama3} (Llama 3.1's three-band smoothing).
 */
public record RopeScaling(
    String type,
    double factor,
    double lowFreqFactor,
    double highFreqFactor,
    int originalMaxPositions) {
  public static final RopeScaling NONE = new RopeScaling("default", 1, 1, 1, 0);

  static RopeScaling parse(JsonNode node, String where) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NONE;
    }
    String type = node.path("rope_type").asText(node.path("type").asText("default"));
    return switch (type) {
      case "default" -> NONE;
      case "linear" -> new RopeScaling("linear", node.path("factor").asDouble(1), 1, 1, 0);
      case "llama3" ->
          new RopeScaling(
              "llama3",
              node.path("factor").asDouble(8),
              node.path("low_freq_factor").asDouble(1),
              node.path("high_freq_factor").asDouble(4),
              node.path("original_max_position_embeddings").asInt(8192));
      default ->
          throw new ModelLoadException(
              where
                  + ": unsupported rope_scaling type '"
                  + type
                  + "' (supported: default, linear, llama3)");
    };
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
