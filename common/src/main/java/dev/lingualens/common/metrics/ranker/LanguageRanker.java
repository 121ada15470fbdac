package dev.lingualens.common.metrics.ranker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Language Ranker (Li et al., AAAI 2025; methods.md 1.5): per-layer cosine between the English
 * sentence's vector and its translation's, averaged over aligned pairs, summarised over a layer
 * preset and ranked. Plain cosine, no centering: that is the faithful variant.
 */
public final class LanguageRanker {
  private LanguageRanker() {}

  /**
   * Cosine in double precision; a zero vector has no direction, so it is an error, not 0 or NaN.
   */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "cosine of vectors of different sizes: " + a.length + " vs " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      throw new IllegalArgumentException(
          "cosine with a zero vector (norms " + Math.sqrt(na) + ", " + Math.sqrt(nb) + ")");
    }
    return dot / Math.sqrt(na * nb);
  }

  /**
   * cos_l(k) for every pair k and layer l.
   *
   * @param english [pair][layer][d]
   * @param target [pair][layer][d], same pairs in the same order
   * @return [pair][layer]
   */
  public static double[][] pairCosines(float[][][] english, float[][][] target) {
    if (english.length != target.length) {
      throw new IllegalArgumentException(
          "english has " + english.length + " pairs, target " + target.length);
    }
    double[][] out = new double[english.length][];
    for (int k = 0; k < english.length; k++) {
      if (english[k].length != target[k].length) {
        throw new IllegalArgumentException(
            "pair " + k + ": " + english[k].length + " vs " + target[k].length + " layers");
      }
      out[k] = new double[english[k].length];
      for (int l = 0; l < english[k].length; l++) {
        out[k][l] = cosine(english[k][l], target[k][l]);
      }
    }
    return out;
  }

  /** S[l] = mean over pairs of cos_l(k); index 0 holds layer 1. */
  public static double[] layerSimilarity(double[][] pairCosines) {
    if (pairCosines.length == 0) {
      throw new IllegalArgumentException("no aligned pairs");
    }
    int layers = pairCosines[0].length;
    double[] s = new double[layers];
    for (double[] pair : pairCosines) {
      if (pair.length != layers) {
        throw new IllegalArgumentException(
            "pairs disagree on the number of layers: " + layers + " vs " + pair.length);
      }
      for (int l = 0; l < layers; l++) {
        s[l] += pair[l];
      }
    }
    for (int l = 0; l < layers; l++) {
      s[l] /= pairCosines.length;
    }
    return s;
  }

  /** Score = mean of S[l] over the preset's layers. */
  public static double score(double[] layerSimilarity, LayerPreset preset) {
    int[] layers = preset.layers(layerSimilarity.length);
    double sum = 0;
    for (int l : layers) {
      sum += layerSimilarity[l - 1];
    }
    return sum / layers.length;
  }

  /**
   * Per-pair score: the mean over the preset's layers of cos_l(k). The language score is the mean
   * of these over pairs (means commute), which is what the bootstrap resamples.
   */
  public static double[] pairScores(double[][] pairCosines, LayerPreset preset) {
    double[] out = new double[pairCosines.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = score(pairCosines[k], preset);
    }
    return out;
  }

  /** A language's place: 1 = closest to English. */
  public record Ranked(String lang, double score, int rank) {}

  /**
   * Sorted by score, highest first; equal scores are ordered by language code, and get distinct
   * ranks.
   */
  public static List<Ranked> rank(Map<String, Double> scores) {
    List<Map.Entry<String, Double>> entries = new ArrayList<>(scores.entrySet());
    for (Map.Entry<String, Double> e : entries) {
      if (e.getValue() == null || e.getValue().isNaN()) {
        throw new IllegalArgumentException(
            "language '" + e.getKey() + "' has no score (" + e.getValue() + ")");
      }
    }
    entries.sort(
        Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue)
            .reversed()
            .thenComparing(Map.Entry::getKey));
    List<Ranked> out = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      out.add(new Ranked(entries.get(i).getKey(), entries.get(i).getValue(), i + 1));
    }
    return out;
  }
}
