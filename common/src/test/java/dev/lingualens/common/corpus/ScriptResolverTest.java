package dev.lingualens.common.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScriptResolverTest {
  private static LanguageTag tag(String lang, String script, String region) {
    return new LanguageTag(lang, script, region, null);
  }

  @Test
  void explicitScriptWinsOverText() {
    assertThat(ScriptResolver.resolve(tag("srp", "Latn", null), "Добар дан, како сте?"))
        .isEqualTo("Latn");
  }

  @Test
  void japaneseKanaAndKanjiIsJpan() {
    assertThat(ScriptResolver.resolve(tag("jpn", null, null), "富士山は静岡県と山梨県にまたがる活火山です。"))
        .isEqualTo("Jpan");
  }

  @Test
  void koreanHangulIsKore() {
    assertThat(ScriptResolver.resolve(tag("kor", null, null), "모든 인간은 태어날 때부터 자유로우며"))
        .isEqualTo("Kore");
  }

  @Test
  void chineseHanWithTaiwanRegionIsTraditional() {
    assertThat(ScriptResolver.resolve(tag("zho", null, "TW"), "今天天氣很好，我們一起去公園散步吧。"))
        .isEqualTo("Hant");
  }

  @Test
  void mandarinHanWithoutRegionIsSimplified() {
    assertThat(ScriptResolver.resolve(tag("cmn", null, null), "人人生而自由，在尊严和权利上一律平等。"))
        .isEqualTo("Hans");
  }

  @Test
  void russianIsCyrillic() {
    assertThat(ScriptResolver.resolve(tag("rus", null, null), "Все люди рождаются свободными"))
        .isEqualTo("Cyrl");
  }

  @Test
  void serbianLatinTextBeatsLikelyCyrillic() {
    // CLDR's likely script for sr is Cyrl; the text is plainly Latin, so the text wins.
    assertThat(
            ScriptResolver.resolve(
                tag("srp", null, null), "Danas je lep dan, pa idemo u šetnju pored reke."))
        .isEqualTo("Latn");
  }

  @Test
  void serbianCyrillicTextAgreesWithLikelyScript() {
    assertThat(ScriptResolver.resolve(tag("srp", null, null), "Данас је леп дан."))
        .isEqualTo("Cyrl");
  }

  @Test
  void textWithoutLettersFallsBackToLikelyScript() {
    assertThat(ScriptResolver.resolve(tag("eng", null, null), "12345 !!! 42")).isEqualTo("Latn");
    assertThat(ScriptResolver.resolve(tag("rus", null, null), "2024-05-01")).isEqualTo("Cyrl");
  }

  @Test
  void textWithoutLettersAndNoLikelyScriptIsCommon() {
    // zxx = no linguistic content: CLDR has no likely script for it.
    assertThat(ScriptResolver.resolve(tag("zxx", null, null), "12345 ... ?!")).isEqualTo("Zyyy");
  }

  @Test
  void dominantScriptCountsLettersOnly() {
    // 3 Latin letters vs 5 Cyrillic letters; digits and punctuation are Common and do not count.
    assertThat(ScriptResolver.dominantScript("abc 1234567890 !!! абвгд")).isEqualTo("Cyrl");
    assertThat(ScriptResolver.dominantScript("123 ... ")).isNull();
    assertThat(ScriptResolver.dominantScript("")).isNull();
  }
}
