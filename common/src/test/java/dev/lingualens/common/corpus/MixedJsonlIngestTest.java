package dev.lingualens.common.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JsonlReader followed by DocumentNormalizer on mixed.jsonl: the totals and per-line outcomes of
 * sample-data/malformed/EXPECTED.md. Language detection is stubbed (German, 0.9) so only the
 * pipeline is tested.
 */
class MixedJsonlIngestTest {
  private final List<String> detectorCalls = new ArrayList<>();
  private final List<Document> documents = new ArrayList<>();
  private final List<Quarantined> quarantined = new ArrayList<>();

  @BeforeEach
  void ingest() throws IOException {
    Function<String, LanguageIdentifier.Detection> stub =
        text -> {
          detectorCalls.add(text);
          return new LanguageIdentifier.Detection("deu", 0.9);
        };
    ingestWith(stub, 0.5);
  }

  private void ingestWith(
      Function<String, LanguageIdentifier.Detection> detector, double minConfidence)
      throws IOException {
    documents.clear();
    quarantined.clear();
    DocumentNormalizer normalizer = new DocumentNormalizer(detector, minConfidence);
    CollectingSink sink = new CollectingSink();
    new JsonlReader(10_000).read(JsonlReaderSampleTest.MIXED, "malformed", sink);
    quarantined.addAll(sink.quarantined);
    for (RawRecord r : sink.records) {
      DocumentNormalizer.Result res = normalizer.normalize(r);
      assertThat(res.document() == null).isNotEqualTo(res.quarantined() == null);
      if (res.document() != null) {
        documents.add(res.document());
      } else {
        quarantined.add(res.quarantined());
      }
    }
  }

  @Test
  void sixWrittenAndSixQuarantined() {
    assertThat(documents).hasSize(6);
    assertThat(quarantined).hasSize(6);
  }

  @Test
  void oneQuarantineOfEachReasonOnTheDocumentedLine() {
    assertThat(CollectingSink.byReason(quarantined))
        .containsOnly(
            entry("bad_json", List.of("line 3")),
            entry("invalid_utf8", List.of("line 5")),
            entry("empty_text", List.of("line 7")),
            entry("unknown_language", List.of("line 9")),
            entry("line_too_long", List.of("line 10")),
            entry("missing_text", List.of("line 12")));
  }

  @Test
  void writtenLinesHaveTheDocumentedLanguages() {
    assertThat(documents)
        .extracting(Document::location, Document::lang)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("line 1", "eng"),
            org.assertj.core.groups.Tuple.tuple("line 2", "fra"),
            org.assertj.core.groups.Tuple.tuple("line 4", "por"),
            org.assertj.core.groups.Tuple.tuple("line 6", "zho"),
            org.assertj.core.groups.Tuple.tuple("line 8", "srp"),
            org.assertj.core.groups.Tuple.tuple("line 11", "deu"));
  }

  @Test
  void scriptsFollowTagsAndText() {
    assertThat(documents)
        .extracting(Document::script)
        .containsExactly("Latn", "Latn", "Latn", "Hant", "Latn", "Latn");
  }

  @Test
  void labeledDocumentsKeepTheirTagAndFullConfidence() {
    Document pt = documents.get(2);
    assertThat(pt.langTag()).isEqualTo("pt_BR");
    assertThat(pt.langSource()).isEqualTo("label");
    assertThat(pt.langConfidence()).isEqualTo(1.0);
    assertThat(pt.id()).isEqualTo("mixed.jsonl:4");
  }

  @Test
  void onlyTheUnlabeledLineIsSentToTheDetector() {
    assertThat(detectorCalls)
        .containsExactly(
            "Die Stadtbibliothek bleibt wegen Renovierungsarbeiten bis zum Ende des Monats geschlossen.");
    Document de = documents.get(5);
    assertThat(de.langSource()).isEqualTo("lingua");
    assertThat(de.langConfidence()).isEqualTo(0.9);
    assertThat(de.langTag()).isNull();
  }

  @Test
  void lowDetectionConfidenceQuarantinesTheUnlabeledLine() throws IOException {
    ingestWith(text -> new LanguageIdentifier.Detection("deu", 0.4), 0.5);

    assertThat(documents).hasSize(5);
    assertThat(CollectingSink.byReason(quarantined).get("unknown_language"))
        .containsExactly("line 9", "line 11");
  }

  @Test
  void noDetectionQuarantinesTheUnlabeledLine() throws IOException {
    ingestWith(text -> new LanguageIdentifier.Detection(null, 0.0), 0.0);

    assertThat(CollectingSink.byReason(quarantined).get("unknown_language"))
        .containsExactly("line 9", "line 11");
  }

  @Test
  void extraFieldsSurviveNormalization() {
    assertThat(documents.get(5).extraJson()).isEqualTo("{\"source\":\"notice\"}");
  }
}
