package dev.lingualens.common.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JsonlReader alone on sample-data/malformed/mixed.jsonl: the checks that need the raw line (see
 * EXPECTED.md).
 */
class JsonlReaderSampleTest {
  static final Path MIXED = RepoFiles.sampleData("malformed", "mixed.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CollectingSink sink;

  @BeforeAll
  static void read() throws IOException {
    sink = new CollectingSink();
    new JsonlReader(10_000).read(MIXED, "malformed", sink);
  }

  @Test
  void readerQuarantinesTheFourLineLevelDefects() {
    assertThat(CollectingSink.byReason(sink.quarantined))
        .containsOnly(
            entry("bad_json", List.of("line 3")),
            entry("invalid_utf8", List.of("line 5")),
            entry("line_too_long", List.of("line 10")),
            entry("missing_text", List.of("line 12")));
  }

  @Test
  void readerPassesOnEveryOtherLineIncludingEmptyTextAndUnknownLanguage() {
    // empty_text (7) and unknown_language (9) are the normalizer's call, not the reader's.
    assertThat(sink.records)
        .extracting(RawRecord::location)
        .containsExactly(
            "line 1", "line 2", "line 4", "line 6", "line 7", "line 8", "line 9", "line 11");
  }

  @Test
  void invalidUtf8IsReportedAtByte40() {
    Quarantined q = only("invalid_utf8");
    assertThat(q.detail()).contains("byte 40").contains("0xc3");
  }

  @Test
  void lineTooLongCountsBytesNotChars() {
    // EXPECTED.md: 11793 bytes, 6753 characters
    assertThat(only("line_too_long").detail()).contains("11793 bytes").contains("10000");
  }

  @Test
  void quarantineKeepsCorpusAndSource() {
    assertThat(sink.quarantined)
        .allSatisfy(
            q -> {
              assertThat(q.corpus()).isEqualTo("malformed");
              assertThat(q.source()).isEqualTo(MIXED.toString());
            });
  }

  @Test
  void idsAreTakenFromTheRecordOrAssigned() {
    assertThat(sink.records)
        .extracting(RawRecord::id)
        .containsExactly("m01", "m02", "mixed.jsonl:4", "m06", "m07", "m08", "m09", "m11");
  }

  @Test
  void unknownFieldsAreKeptAsExtraJson() throws IOException {
    assertThat(JSON.readTree(record("m02").extraJson()))
        .isEqualTo(
            JSON.readTree("{\"source\":\"udhr\",\"meta\":{\"article\":1,\"verified\":true}}"));
    assertThat(JSON.readTree(record("m08").extraJson()))
        .isEqualTo(JSON.readTree("{\"tags\":[\"latin\",\"serbian\"],\"score\":0.87}"));
    assertThat(record("m01").extraJson()).isNull();
  }

  @Test
  void knownFieldsAreMapped() {
    RawRecord r = record("m06");
    assertThat(r.langRaw()).isEqualTo("zh-Hant");
    assertThat(r.text()).isEqualTo("今天天氣很好，我們一起去公園散步吧。");
    assertThat(record("m11").langRaw()).isNull();
  }

  private static Quarantined only(String reason) {
    List<Quarantined> qs =
        sink.quarantined.stream().filter(q -> q.reason().equals(reason)).toList();
    assertThat(qs).hasSize(1);
    return qs.get(0);
  }

  private static RawRecord record(String id) {
    return sink.records.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }
}
