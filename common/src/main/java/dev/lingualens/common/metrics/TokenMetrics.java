package dev.lingualens.common.metrics;

import java.io.Serializable;

/**
 * Tokenizer fairness metrics of one language (methods.md "Tokenizer fairness metrics"): fertility
 * and proportion of continued words after Rust et al. (2021), tokenization premium after Petrov et
 * al. (2023) both as ratio of sums and as mean of per-unit ratios, and as ratio of sums over
 * sentence-aligned units only; tokens per sentence. Undefined values (nothing to divide by) are
 * NaN, never 0: a missing value must not read as a perfect score.
 */
public record TokenMetrics(
    double fertility,
    double continuedWordShare,
    double bytesPerToken,
    double charsPerToken,
    double unkRate,
    double premiumOfSums,
    double premiumMeanOfRatios,
    double tokensPerSentence,
    double premiumOfSentences)
    implements Serializable {

  public static TokenMetrics of(TokenTotals t) {
    return new TokenMetrics(
        ratio(t.wordTokens(), t.words()),
        ratio(t.continuedWords(), t.words()),
        ratio(t.bytes(), t.tokens()),
        ratio(t.chars(), t.tokens()),
        ratio(t.unkTokens(), t.tokens()),
        ratio(t.alignedTokens(), t.referenceTokens()),
        t.alignedUnits() == 0 ? Double.NaN : t.sumOfRatios() / t.alignedUnits(),
        ratio(t.tokens(), t.sentences()),
        ratio(t.sentenceTokens(), t.sentenceReferenceTokens()));
  }

  static double ratio(double num, double den) {
    return den == 0 ? Double.NaN : num / den;
  }
}
