package dev.lingualens.common.metrics;

import java.io.Serializable;

/**
 * Entropy and channel efficiency of a unigram token distribution (Zouhar et al., ACL 2023,
 * "Tokenization and the Noiseless Channel"), in bits: {@code H = -Σ p log2 p}, {@code H_α = log2(Σ
 * p^α) / (1 - α)}, and each divided by {@code log2 |V|}, the largest entropy a distribution over
 * the tokenizer's vocabulary V can have (the paper's normalisation by the vocabulary, not by the
 * ids observed). Undefined values (no tokens, or a vocabulary of one id) are NaN.
 */
public record UnigramEntropy(
    double shannonBits, double renyiBits, double shannonEfficiency, double renyiEfficiency)
    implements Serializable {

  /** The α Zouhar et al. recommend: it correlates best with BLEU in their experiments. */
  public static final double PAPER_ALPHA = 2.5;

  public static UnigramEntropy of(IdCounts counts, long vocabSize, double alpha) {
    if (!(alpha > 0) || alpha == 1.0 || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException(
          "Rényi alpha must be positive, finite and not 1 (1 is Shannon), got " + alpha);
    }
    if (vocabSize < 1) {
      throw new IllegalArgumentException("vocabulary size must be at least 1, got " + vocabSize);
    }
    long[] c = counts.counts();
    double total = counts.total();
    if (total == 0) {
      return new UnigramEntropy(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double shannon = 0;
    double powerSum = 0;
    for (long n : c) {
      if (n > 0) {
        double p = n / total;
        shannon -= p * log2(p);
        powerSum += Math.pow(p, alpha);
      }
    }
    // -0.0 from a single-id distribution reads as 0
    shannon = shannon + 0.0;
    double renyi = log2(powerSum) / (1 - alpha) + 0.0;
    double maxBits = log2(vocabSize);
    return new UnigramEntropy(
        shannon, renyi, TokenMetrics.ratio(shannon, maxBits), TokenMetrics.ratio(renyi, maxBits));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
