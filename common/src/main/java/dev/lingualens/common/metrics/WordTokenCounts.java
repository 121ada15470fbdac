package dev.lingualens.common.metrics;

/**
 * Word-level counts of one document under one tokenizer: each word tokenised on its own, without
 * special tokens (Rust et al. 2021). A word the tokenizer maps to no token at all still counts as
 * one, so fertility is at least 1 by construction.
 */
public record WordTokenCounts(long words, long wordTokens, long continuedWords) {
  public static WordTokenCounts of(int[] tokensPerWord) {
    long total = 0;
    long continued = 0;
    for (int n : tokensPerWord) {
      total += Math.max(1, n);
      if (n >= 2) {
        continued++;
      }
    }
    return new WordTokenCounts(tokensPerWord.length, total, continued);
  }
}
