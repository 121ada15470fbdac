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

  @Test
  void sentenceTerminatorsOfNonLatinScriptsEndSentences() {
    // Devanagari danda, Arabic question mark, Urdu full stop, Armenian full stop, Ethiopic full
    // stop, Myanmar section and little section, Khmer khan, Syriac end of paragraph: the custom
    // bounds ingest gave Spark NLP's sentence detector, which ICU's rules know already.
    for (String end : new String[] {"।", "؟", "۔", "։", "።", "။", "၊", "។", "܀"}) {
      assertThat(segmenter.sentences("ab cd" + end + " ef gh" + end, "und")).as(end).isEqualTo(2);
    }
  }

  @Test
  void aWrappedLineContinuesItsSentenceAndABlankLineEndsOne() {
    // "A line that wraps." | "Second one." | "Third" (after the blank line); UAX #29 alone would
    // also break after "that".
    assertThat(segmenter.sentences("A line that\nwraps. Second one.\n\nThird", "en")).isEqualTo(3);
    assertThat(segmenter.sentences("No terminator\n\nat all", "en")).isEqualTo(2);
  }
}
