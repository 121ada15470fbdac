package dev.lingualens.common.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sample-data/malformed/plain: language from the file name, one record per non-blank line. */
class PlainTextReaderSampleTest {
  private static final DocumentNormalizer NORMALIZER =
      new DocumentNormalizer(
          t -> {
            throw new AssertionError(
                "plain text is labeled by its file name; no detection expected");
          },
          0.5);

  private static CollectingSink read(String name) throws IOException {
    CollectingSink sink = new CollectingSink();
    new PlainTextReader(10_000)
        .read(RepoFiles.sampleData("malformed", "plain", name), "plain", sink);
    assertThat(sink.quarantined).isEmpty();
    return sink;
  }

  private static List<Document> normalize(CollectingSink sink) {
    return sink.records.stream().map(r -> NORMALIZER.normalize(r).document()).toList();
  }

  @Test
  void languageIsTheLastDotPartBeforeTheExtension() {
    assertThat(PlainTextReader.languageOf("news.es.txt")).isEqualTo("es");
    assertThat(PlainTextReader.languageOf("notes.pt-BR.txt")).isEqualTo("pt-BR");
    assertThat(PlainTextReader.languageOf("pt-BR.txt")).isEqualTo("pt-BR");
  }

  @Test
  void spanishNewsHasThreeSpanishDocuments() throws IOException {
    CollectingSink sink = read("news.es.txt");

    assertThat(sink.records).extracting(RawRecord::langRaw).containsExactly("es", "es", "es");
    assertThat(normalize(sink)).extracting(Document::lang).containsExactly("spa", "spa", "spa");
    assertThat(sink.records.get(2).text())
        .isEqualTo("La biblioteca municipal abrirá también los domingos a partir del próximo mes.");
  }

  @Test
  void brazilianNotesSkipTheBlankLine() throws IOException {
    CollectingSink sink = read("notes.pt-BR.txt");

    assertThat(sink.records).extracting(RawRecord::location).containsExactly("line 1", "line 3");
    List<Document> docs = normalize(sink);
    assertThat(docs).extracting(Document::lang).containsExactly("por", "por");
    assertThat(docs).extracting(Document::langTag).containsExactly("pt-BR", "pt-BR");
    assertThat(LanguageCodes.parse(sink.records.get(0).langRaw()).orElseThrow().region())
        .isEqualTo("BR");
  }

  @Test
  void japaneseWikiIsJapaneseInJpanScript() throws IOException {
    CollectingSink sink = read("wiki.ja.txt");

    List<Document> docs = normalize(sink);
    assertThat(docs).extracting(Document::lang).containsExactly("jpn", "jpn", "jpn");
    assertThat(docs).extracting(Document::script).containsOnly("Jpan");
    assertThat(docs.get(0).text()).startsWith("富士山は静岡県");
  }
}
