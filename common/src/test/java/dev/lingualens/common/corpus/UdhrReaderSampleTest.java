package dev.lingualens.common.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * sample-data/udhr: preamble + 30 articles per declaration, aligned by udhr:preamble /
 * udhr:article:NN.
 */
class UdhrReaderSampleTest {
  private static List<RawRecord> read(String file) throws IOException {
    CollectingSink sink = new CollectingSink();
    new UdhrReader().read(RepoFiles.sampleData("udhr", file), "udhr", sink);
    assertThat(sink.quarantined).isEmpty();
    return sink.records;
  }

  private static List<String> expectedAlignIds() {
    List<String> ids = new ArrayList<>();
    ids.add("udhr:preamble");
    IntStream.rangeClosed(1, 30)
        .forEach(n -> ids.add("udhr:article:" + (n < 10 ? "0" + n : "" + n)));
    return ids;
  }

  @Test
  void englishHasPreambleAndThirtyArticles() throws IOException {
    assertThat(read("eng.html"))
        .extracting(RawRecord::alignId)
        .containsExactlyElementsOf(expectedAlignIds());
  }

  @Test
  void traditionalChineseHasTheSameAlignIds() throws IOException {
    assertThat(read("cmn_hant.html"))
        .extracting(RawRecord::alignId)
        .containsExactlyElementsOf(expectedAlignIds());
  }

  @Test
  void englishLanguageIsIso639_3() throws IOException {
    assertThat(read("eng.html")).extracting(RawRecord::langRaw).containsOnly("eng");
  }

  @Test
  void traditionalChineseKeepsTheScriptSubtag() throws IOException {
    List<RawRecord> records = read("cmn_hant.html");
    assertThat(records).extracting(RawRecord::langRaw).containsOnly("cmn-Hant");

    LanguageTag tag = LanguageCodes.parse(records.get(1).langRaw()).orElseThrow();
    assertThat(tag.lang()).isEqualTo("cmn");
    assertThat(tag.script()).isEqualTo("Hant");
  }

  @Test
  void englishArticleOneIsItsParagraphWithoutHeading() throws IOException {
    RawRecord art1 = read("eng.html").get(1);
    assertThat(art1.text())
        .isEqualTo(
            "All human beings are born free and equal in dignity and rights. They are "
                + "endowed with reason and conscience and should act towards one another in a spirit of brotherhood.");
    assertThat(art1.location()).isEqualTo("article 1");
  }

  @Test
  void preambleJoinsItsTenParagraphsWithNewlines() throws IOException {
    String[] lines = read("eng.html").get(0).text().split("\n");
    assertThat(lines).hasSize(10);
    assertThat(lines[0]).startsWith("Whereas recognition of the inherent dignity");
    assertThat(lines[7]).isEqualTo("Now, therefore,");
    assertThat(lines[9]).startsWith("Proclaims this Universal Declaration of Human Rights");
    assertThat(lines).noneMatch(l -> l.equals("Preamble"));
  }

  @Test
  void listItemParagraphsAreIncluded() throws IOException {
    // Article 26 is an <ol> of three <li><p>…</p></li>.
    String[] lines = read("eng.html").get(26).text().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("Everyone has the right to education.");
    assertThat(lines[2]).startsWith("Parents have a prior right to choose");
  }

  @Test
  void recordIdsAreUniqueAcrossDeclarations() throws IOException {
    List<String> ids = new ArrayList<>();
    read("eng.html").forEach(r -> ids.add(r.id()));
    read("cmn_hant.html").forEach(r -> ids.add(r.id()));
    assertThat(ids).hasSize(62).doesNotHaveDuplicates();
  }

  @Test
  void languageTagCombinesIso6393WithSubtags() {
    assertThat(UdhrReader.languageTag("zh-Hant", "cmn")).isEqualTo("cmn-Hant");
    assertThat(UdhrReader.languageTag("en", "eng")).isEqualTo("eng");
    assertThat(UdhrReader.languageTag("pt-BR", "por")).isEqualTo("por-BR");
    assertThat(UdhrReader.languageTag("de", "")).isEqualTo("de");
  }

  @Test
  void normalizedTraditionalChineseIsCmnHant() throws IOException {
    DocumentNormalizer n =
        new DocumentNormalizer(t -> new LanguageIdentifier.Detection(null, 0), 0.5);
    Document doc = n.normalize(read("cmn_hant.html").get(1)).document();
    assertThat(doc.lang()).isEqualTo("cmn");
    assertThat(doc.script()).isEqualTo("Hant");
  }
}
