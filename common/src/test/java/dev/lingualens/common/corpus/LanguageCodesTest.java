package dev.lingualens.common.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageCodesTest {
  private static LanguageTag parsed(String raw) {
    return LanguageCodes.parse(raw)
        .orElseThrow(() -> new AssertionError("expected '" + raw + "' to parse"));
  }

  @Test
  void iso639_1IsMappedToIso639_3() {
    LanguageTag t = parsed("en");
    assertThat(t.lang()).isEqualTo("eng");
    assertThat(t.script()).isNull();
    assertThat(t.region()).isNull();
    assertThat(t.original()).isEqualTo("en");
  }

  @Test
  void underscoreRegionFormIsAccepted() {
    LanguageTag t = parsed("pt_BR");
    assertThat(t.lang()).isEqualTo("por");
    assertThat(t.region()).isEqualTo("BR");
    assertThat(t.script()).isNull();
    assertThat(t.original()).isEqualTo("pt_BR");
  }

  @Test
  void scriptSubtagIsKeptAndMacrolanguageIsNotGuessed() {
    LanguageTag t = parsed("zh-Hant");
    assertThat(t.lang()).isEqualTo("zho");
    assertThat(t.script()).isEqualTo("Hant");
    assertThat(t.region()).isNull();
  }

  @Test
  void serbianLatin() {
    LanguageTag t = parsed("sr-Latn");
    assertThat(t.lang()).isEqualTo("srp");
    assertThat(t.script()).isEqualTo("Latn");
  }

  @Test
  void scriptCaseIsNormalisedToTitleCase() {
    assertThat(parsed("sr-latn").script()).isEqualTo("Latn");
    assertThat(parsed("SR-LATN").lang()).isEqualTo("srp");
  }

  @Test
  void individualLanguageCodeStaysAsGiven() {
    assertThat(parsed("cmn").lang()).isEqualTo("cmn");
  }

  @Test
  void threeLetterCodeIsAccepted() {
    assertThat(parsed("fra").lang()).isEqualTo("fra");
  }

  @Test
  void variantSubtagIsIgnored() {
    LanguageTag t = parsed("deu-1996");
    assertThat(t.lang()).isEqualTo("deu");
    assertThat(t.script()).isNull();
    assertThat(t.region()).isNull();
  }

  @Test
  void numericRegionIsAccepted() {
    LanguageTag t = parsed("es-419");
    assertThat(t.lang()).isEqualTo("spa");
    assertThat(t.region()).isEqualTo("419");
  }

  @Test
  void scriptAndRegionTogether() {
    LanguageTag t = parsed("zh-Hant-TW");
    assertThat(t.lang()).isEqualTo("zho");
    assertThat(t.script()).isEqualTo("Hant");
    assertThat(t.region()).isEqualTo("TW");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "klingon-xyz", "und", "xx", "qqq", "en-Abcd", "e", "english"})
  void unresolvableTagsGiveEmpty(String raw) {
    assertThat(LanguageCodes.parse(raw)).isEmpty();
  }

  @Test
  void namesComeFromTheIsoTable() {
    assertThat(LanguageCodes.name("deu")).isEqualTo("German");
    assertThat(LanguageCodes.name("cmn")).isEqualTo("Mandarin Chinese");
    assertThat(LanguageCodes.name("zzz-unknown")).isEqualTo("zzz-unknown");
  }
}
