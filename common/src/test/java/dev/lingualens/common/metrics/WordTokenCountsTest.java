package dev.lingualens.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordTokenCountsTest {
  @Test
  void wordWithoutTokensCountsAsOneAndMultiTokenWordsAreContinued() {
    // {1,3,0,2}: 4 words; tokens 1 + 3 + max(1,0) + 2 = 7; words with >= 2 tokens: 3 and 2 -> 2
    WordTokenCounts c = WordTokenCounts.of(new int[] {1, 3, 0, 2});

    assertThat(c.words()).isEqualTo(4);
    assertThat(c.wordTokens()).isEqualTo(7);
    assertThat(c.continuedWords()).isEqualTo(2);
  }

  @Test
  void singleTokenWordsAreNotContinued() {
    WordTokenCounts c = WordTokenCounts.of(new int[] {1, 1, 1});

    assertThat(c).isEqualTo(new WordTokenCounts(3, 3, 0));
  }

  @Test
  void noWordsGiveZeros() {
    assertThat(WordTokenCounts.of(new int[0])).isEqualTo(new WordTokenCounts(0, 0, 0));
  }
}
