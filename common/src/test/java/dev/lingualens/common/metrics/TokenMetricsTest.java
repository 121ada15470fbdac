package dev.lingualens.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenMetricsTest {
  private static final double EPS = 1e-12;

  /**
   * Hand-made totals: 2 documents of 5 sentences, 4 words in 7 word tokens (2 continued), 30 chars
   * / 36 bytes in 12 tokens of which 3 are unk; 2 aligned units: (6 tokens vs reference 3) and (4
   * vs 4), of which only the second is one sentence on both sides.
   */
  private static TokenTotals sample() {
    return new TokenTotals(
        2, 5, 4, 30, 36, 12, 7, 2, 3, 9, 2, 6 + 4, 3 + 4, 6.0 / 3 + 4.0 / 4, 1, 4, 4.0);
  }

  @Test
  void fertilityIsWordTokensPerWord() {
    assertThat(TokenMetrics.of(sample()).fertility()).isCloseTo(1.75, within(EPS));
  }

  @Test
  void continuedWordShareIsContinuedPerWord() {
    assertThat(TokenMetrics.of(sample()).continuedWordShare()).isCloseTo(0.5, within(EPS));
  }

  @Test
  void perTokenRatios() {
    TokenMetrics m = TokenMetrics.of(sample());
    assertThat(m.bytesPerToken()).isCloseTo(3.0, within(EPS));
    assertThat(m.charsPerToken()).isCloseTo(2.5, within(EPS));
    assertThat(m.unkRate()).isCloseTo(0.25, within(EPS));
  }

  @Test
  void premiumAsRatioOfSums() {
    // (6 + 4) / (3 + 4)
    assertThat(TokenMetrics.of(sample()).premiumOfSums()).isCloseTo(10.0 / 7.0, within(EPS));
  }

  @Test
  void premiumAsMeanOfPerUnitRatios() {
    // (6/3 + 4/4) / 2 = (2.0 + 1.0) / 2
    assertThat(TokenMetrics.of(sample()).premiumMeanOfRatios()).isCloseTo(1.5, within(EPS));
  }

  @Test
  void wordCountsFeedFertility() {
    WordTokenCounts w = WordTokenCounts.of(new int[] {1, 3, 0, 2});
    TokenTotals t =
        new TokenTotals(
            1,
            1,
            w.words(),
            0,
            0,
            0,
            w.wordTokens(),
            w.continuedWords(),
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0);

    assertThat(TokenMetrics.of(t).fertility()).isCloseTo(1.75, within(EPS));
    assertThat(TokenMetrics.of(t).continuedWordShare()).isCloseTo(0.5, within(EPS));
  }

  @Test
  void zeroDenominatorsGiveNaNNotZero() {
    TokenMetrics m =
        TokenMetrics.of(new TokenTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

    assertThat(m.fertility()).isNaN();
    assertThat(m.continuedWordShare()).isNaN();
    assertThat(m.bytesPerToken()).isNaN();
    assertThat(m.charsPerToken()).isNaN();
    assertThat(m.unkRate()).isNaN();
    assertThat(m.premiumOfSums()).isNaN();
    assertThat(m.premiumMeanOfRatios()).isNaN();
    assertThat(m.tokensPerSentence()).isNaN();
    assertThat(m.premiumOfSentences()).isNaN();
  }

  @Test
  void tokensPerSentence() {
    // 12 tokens in 5 sentences
    assertThat(TokenMetrics.of(sample()).tokensPerSentence()).isCloseTo(2.4, within(EPS));
  }

  @Test
  void sentencePremiumUsesOnlyUnitsThatAreOneSentenceOnBothSides() {
    // only the (4 vs 4) unit is a sentence pair; over all units the premium is 10 / 7
    assertThat(TokenMetrics.of(sample()).premiumOfSentences()).isEqualTo(1.0);
  }

  @Test
  void noAlignedUnitsLeavesPremiumUndefinedButOtherMetricsDefined() {
    TokenTotals t = new TokenTotals(1, 1, 4, 30, 36, 12, 7, 2, 0, 9, 0, 0, 0, 0, 0, 0, 0);
    TokenMetrics m = TokenMetrics.of(t);

    assertThat(m.premiumOfSums()).isNaN();
    assertThat(m.premiumMeanOfRatios()).isNaN();
    assertThat(m.fertility()).isCloseTo(1.75, within(EPS));
    assertThat(m.unkRate()).isEqualTo(0.0);
  }
}
