package dev.lingualens.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IcuSegmenterTest {
  private final IcuSegmenter segmenter = new IcuSegmenter();

  @Test
  void thaiWithoutSpacesIsSplitIntoDictionaryWords() {
    // ฉัน (I) กิน (eat) ข้าว (rice)
    Segmentation s = segmenter.segment("ฉันกินข้าว", "th");

    assertThat(s.words()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(String.join("", s.words())).isEqualTo("ฉันกินข้าว");
  }

  @Test
  void chineseWithoutSpacesIsSplitIntoWords() {
    // 我们 (we) 都 (all) 是 (are) 人 (people)
    Segmentation s = segmenter.segment("我们都是人", "zh");

    assertThat(s.words()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(String.join("", s.words())).isEqualTo("我们都是人");
  }

  @Test
  void englishSentencesAndWordsWithoutPunctuation() {
    Segmentation s = segmenter.segment("Hello, world! How are you?", "en");

    assertThat(s.sentences()).isEqualTo(2);
    assertThat(s.words()).containsExactly("Hello", "world", "How", "are", "you");
    assertThat(s.segmenter()).isEqualTo("icu4j");
  }

  @Test
  void emptyTextHasNoSentencesOrWords() {
    Segmentation s = segmenter.segment("", "en");

    assertThat(s.sentences()).isZero();
    assertThat(s.words()).isEmpty();
  }

  @Test
  void segmenterIsReusableAcrossTextsAndLanguages() {
    segmenter.segment("ฉันกินข้าว", "th");
    Segmentation s = segmenter.segment("One. Two. Three.", "en");

    assertThat(s.sentences()).isEqualTo(3);
    assertThat(s.words()).containsExactly("One", "Two", "Three");
  }
}
