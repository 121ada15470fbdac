package dev.lingualens.common.lens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ibm.icu.lang.UScript;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CldrLexiconTest {
  private static final List<String> LANGS =
      List.of("en", "de", "fr", "es", "tr", "ru", "zh", "ja", "hi", "ar");

  @Test
  void atLeast100ItemsForEachOfTenLanguagesInSixScripts() {
    Lexicon lexicon = CldrLexicon.build(LANGS);

    Map<String, Integer> counts = lexicon.countsByLanguage();
    assertThat(counts.keySet())
        .containsExactlyInAnyOrder(
            "eng", "deu", "fra", "spa", "tur", "rus", "zho", "jpn", "hin", "ara");
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(100));
    Set<String> scripts = new TreeSet<>();
    for (String lang : counts.keySet()) {
      scripts.add(script(lexicon.word("territory:FR", lang).orElseThrow()));
    }
    // Latin (en de fr es tr), Cyrillic, Han (zh), Katakana (ja フランス), Devanagari, Arabic
    assertThat(scripts).containsExactlyInAnyOrder("Latn", "Cyrl", "Hani", "Kana", "Deva", "Arab");
    assertThat(lexicon.droppedTotal()).isZero();
  }

  @Test
  void wordsAreCldrsOwnForms() {
    Lexicon lexicon = CldrLexicon.build(List.of("de", "fr", "ja", "zh", "ru"));

    // spell-out
    assertThat(lexicon.word("number:7", "deu")).contains("sieben");
    assertThat(lexicon.word("number:7", "jpn")).contains("七");
    assertThat(lexicon.word("number:21", "rus")).contains("двадцать один");
    // German spell-out carries soft hyphens (ein\u00ADund\u00ADzwanzig): removed
    assertThat(lexicon.word("number:21", "deu")).contains("einundzwanzig");
    // months and weekdays, stand-alone wide; weekday:1 is Monday (ISO), month:3 is March
    assertThat(lexicon.word("month:3", "fra")).contains("mars");
    assertThat(lexicon.word("month:3", "deu")).contains("März");
    assertThat(lexicon.word("weekday:1", "jpn")).contains("月曜日");
    assertThat(lexicon.word("weekday:7", "zho")).contains("星期日");
    // names keep CLDR's casing: French lower-cases language names, German capitalises
    assertThat(lexicon.word("language:de", "fra")).contains("allemand");
    assertThat(lexicon.word("language:de", "deu")).contains("Deutsch");
    assertThat(lexicon.word("territory:FR", "zho")).contains("法国");
  }

  @Test
  void lexiconLanguageIsTheTagsIso6393CodeWhateverFormItCameIn() {
    Lexicon lexicon = CldrLexicon.build(List.of("deu", "swh", "zh-Hant"));

    assertThat(lexicon.languages()).containsExactly("deu", "swh", "zho");
    assertThat(lexicon.word("number:7", "swh")).contains("saba");
    // zh-Hant reads the traditional-script data: 法國, not 法国
    assertThat(lexicon.word("territory:FR", "zho")).contains("法國");
  }

  @Test
  void unknownCodeOrLanguageWithoutCldrDataIsOneErrorNamingIt() {
    assertThatThrownBy(() -> CldrLexicon.build(List.of("xx")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'xx'");
    // Klingon is a valid ISO 639-3 code that CLDR has no locale for
    assertThatThrownBy(() -> CldrLexicon.build(List.of("tlh")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No CLDR data for language 'tlh'");
  }

  private static String script(String word) {
    return UScript.getShortName(UScript.getScript(word.codePointAt(0)));
  }
}
