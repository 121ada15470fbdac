package dev.lingualens.common.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real Lingua detection on the unlabeled line of mixed.jsonl (EXPECTED.md: German). */
class LanguageIdentifierTest {
  private static final List<String> FOUR = List.of("deu", "eng", "fra", "spa");

  @Test
  void unlabeledSampleLineIsDetectedAsGerman() throws IOException {
    CollectingSink sink = new CollectingSink();
    new JsonlReader(10_000).read(JsonlReaderSampleTest.MIXED, "malformed", sink);
    RawRecord line11 =
        sink.records.stream().filter(r -> r.location().equals("line 11")).findFirst().orElseThrow();
    LanguageIdentifier lingua = LanguageIdentifier.forLanguages(FOUR);

    Document doc = new DocumentNormalizer(lingua::detect, 0.15).normalize(line11).document();

    assertThat(doc).isNotNull();
    assertThat(doc.lang()).isEqualTo("deu");
    assertThat(doc.langSource()).isEqualTo("lingua");
    assertThat(doc.langConfidence()).isBetween(0.15, 0.99);
  }

  @Test
  void distinguishesTheOtherLanguagesOfTheSet() {
    LanguageIdentifier lingua = LanguageIdentifier.forLanguages(FOUR);

    assertThat(
            lingua.detect("The quick brown fox jumps over the lazy dog near the riverbank.").lang())
        .isEqualTo("eng");
    assertThat(
            lingua
                .detect("Tous les êtres humains naissent libres et égaux en dignité et en droits.")
                .lang())
        .isEqualTo("fra");
    assertThat(
            lingua
                .detect(
                    "La biblioteca municipal abrirá también los domingos a partir del próximo mes.")
                .lang())
        .isEqualTo("spa");
  }

  @Test
  void textWithoutLettersGivesNoLanguage() {
    LanguageIdentifier.Detection d = LanguageIdentifier.forLanguages(FOUR).detect("12345 !!!");
    assertThat(d.lang()).isNull();
    assertThat(d.confidence()).isEqualTo(0.0);
  }

  @Test
  void unknownLanguageCodeIsRejectedByName() {
    assertThatThrownBy(() -> LanguageIdentifier.forLanguages(List.of("deu", "tlh")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'tlh'");
  }

  @Test
  void singleLanguageIsRejected() {
    assertThatThrownBy(() -> LanguageIdentifier.forLanguages(List.of("deu")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least two");
  }

  @Test
  void confidenceIsAMarginNotAlwaysOne() {
    // issue 15: Lingua's relative values give the best language 1.0 whatever the text, so
    // ingest.langid.min-confidence never applied; Zulu text against four European languages was
    // "French, 1.0"
    LanguageIdentifier lingua = LanguageIdentifier.forLanguages(FOUR);
    LanguageIdentifier.Detection zulu = lingua.detect("Ngiyabonga kakhulu ngosizo lwakho.");
    LanguageIdentifier.Detection german =
        lingua.detect("Alle Menschen sind frei und gleich an Würde und Rechten geboren.");
    assertThat(zulu.confidence()).isLessThan(0.15);
    assertThat(german.lang()).isEqualTo("deu");
    assertThat(german.confidence()).isGreaterThan(0.15).isLessThan(1.0);
    Document doc =
        new DocumentNormalizer(lingua::detect, 0.15)
            .normalize(
                new RawRecord(
                    "c",
                    "s",
                    "line 1",
                    "i",
                    null,
                    null,
                    "Ngiyabonga kakhulu ngosizo lwakho.",
                    null))
            .document();
    assertThat(doc).isNull();
  }
}
