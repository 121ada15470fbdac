package dev.lingualens.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WordFilterTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "١٢", "42", "ข้าว", "人", "don't", "e-mail"})
  void tokensWithALetterOrDecimalDigitAreWords(String token) {
    assertThat(WordFilter.isWord(token)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"!!", "—", "", " ", "...", "€", "😀", "\u0301"})
  void punctuationSymbolsAndSpaceAreNotWords(String token) {
    assertThat(WordFilter.isWord(token)).isFalse();
  }
}
