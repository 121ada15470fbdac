package dev.lingualens.common.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, section 1: one bad record is quarantined with its reason and the next record is read,
 * and {@link InputCount} (bytes, not the reader) agrees with what the reader emitted, for every
 * case here.
 */
class ReaderFaultsTest {
  @TempDir Path dir;

  private Path file(String name, Object... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      out.writeBytes(p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.UTF_8));
    }
    Path f = dir.resolve(name);
    Files.write(f, out.toByteArray());
    return f;
  }

  /**
   * Reader then normaliser (detection stubbed), as ingest runs them; checks the independent count.
   */
  private CollectingSink ingest(Path f, CorpusFormat format) throws IOException {
    CollectingSink read = new CollectingSink();
    format.reader(10_000).read(f, "c", read);
    CollectingSink out = new CollectingSink();
    out.quarantined.addAll(read.quarantined);
    DocumentNormalizer n =
        new DocumentNormalizer(t -> new LanguageIdentifier.Detection("eng", 0.9), 0.5);
    for (RawRecord r : read.records) {
      DocumentNormalizer.Result res = n.normalize(r);
      if (res.document() != null) {
        out.records.add(r);
      } else {
        out.quarantined.add(res.quarantined());
      }
    }
    assertThat(InputCount.records(f, format, 10_000))
        .as("independent count of " + f.getFileName())
        .isEqualTo(out.records.size() + out.quarantined.size());
    return out;
  }

  private static String jsonl(String id, String lang) {
    return "{\"id\":\""
        + id
        + "\",\"lang\":\""
        + lang
        + "\",\"text\":\"Record "
        + id
        + " is here.\"}\n";
  }

  @Test
  void aDashLanguageIsQuarantinedAndTheRecordsAfterItAreRead() throws IOException {
    for (String bad : List.of("-", "_", "--", "-en")) {
      List<Object> lines = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        lines.add(jsonl("r" + i, i == 4 ? bad : "en"));
      }
      CollectingSink s = ingest(file("dash.jsonl", lines.toArray()), CorpusFormat.JSONL);
      assertThat(s.records).as(bad).hasSize(9);
      assertThat(CollectingSink.byReason(s.quarantined))
          .as(bad)
          .containsOnlyKeys("unknown_language");
      assertThat(s.quarantined.get(0).location()).isEqualTo("line 4");
    }
  }

  @Test
  void trailingContentAfterAnObjectIsBadJsonNotDropped() throws IOException {
    CollectingSink s =
        ingest(
            file("two.jsonl", jsonl("a", "en").trim() + " " + jsonl("b", "en"), jsonl("c", "en")),
            CorpusFormat.JSONL);
    assertThat(s.records).extracting(RawRecord::id).containsExactly("c");
    assertThat(s.quarantined)
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.reason()).isEqualTo("bad_json");
              assertThat(q.location()).isEqualTo("line 1");
            });
  }

  @Test
  void crOnlyLineEndsSeparateRecords() throws IOException {
    CollectingSink s =
        ingest(
            file(
                "mac.jsonl",
                jsonl("a", "en").trim(),
                "\r",
                jsonl("b", "en").trim(),
                "\r",
                jsonl("c", "en").trim(),
                "\r\n",
                jsonl("d", "en")),
            CorpusFormat.JSONL);
    assertThat(s.records).extracting(RawRecord::id).containsExactly("a", "b", "c", "d");
    CollectingSink t = ingest(file("mac.en.txt", "one\rtwo\r\rthree"), CorpusFormat.TEXT);
    assertThat(t.records).extracting(RawRecord::text).containsExactly("one", "two", "three");
  }

  @Test
  void aBadTsvHeaderQuarantinesItselfAndEveryRowAfterIt() throws IOException {
    byte[] badUtf8 = {(byte) 0xC3, (byte) 0x28};
    CollectingSink s =
        ingest(file("h.tsv", "eng\t", badUtf8, "\n", "a\tb\n", "c\td\n"), CorpusFormat.TSV);
    assertThat(s.records).isEmpty();
    assertThat(s.quarantined)
        .extracting(Quarantined::location)
        .containsExactly("line 1", "line 2", "line 3");
    assertThat(s.quarantined)
        .extracting(Quarantined::reason)
        .containsExactly("invalid_utf8", "bad_tsv_row", "bad_tsv_row");

    CollectingSink twice = ingest(file("twice.tsv", "eng\teng\n", "a\tb\n"), CorpusFormat.TSV);
    assertThat(twice.records).isEmpty();
    assertThat(twice.quarantined.get(0).detail()).contains("'eng' twice");
    assertThat(twice.quarantined).hasSize(2);

    CollectingSink blank = ingest(file("blank.tsv", "\n", "a\tb\n"), CorpusFormat.TSV);
    assertThat(blank.quarantined)
        .extracting(Quarantined::location)
        .containsExactly("line 1", "line 2");
  }

  @Test
  void aTabOnlyTsvRowIsARowOfEmptyCells() throws IOException {
    CollectingSink s =
        ingest(
            file("tabs.tsv", "eng\tfra\tdeu\n", "\t\t\n", "a\tb\tc\n", "\t\n", "   \n"),
            CorpusFormat.TSV);
    assertThat(s.records).hasSize(3);
    assertThat(CollectingSink.byReason(s.quarantined))
        .containsEntry("empty_text", List.of("line 2 col eng", "line 2 col fra", "line 2 col deu"))
        .containsEntry("bad_tsv_row", List.of("line 4"));
  }

  @Test
  void theIndependentCountSeesWhatAReaderLoses() throws IOException {
    // a reader that stops at the first CR (as JsonlReader did) emits 1 record; the count says 3
    Path f =
        file(
            "cr.jsonl",
            jsonl("a", "en").trim(),
            "\r",
            jsonl("b", "en").trim(),
            "\r",
            jsonl("c", "en"));
    assertThat(InputCount.records(f, CorpusFormat.JSONL, 10_000)).isEqualTo(3);
    assertThat(InputCount.records(dir, CorpusFormat.JSONL, 10_000))
        .as("a folder is one quarantined record")
        .isOne();
  }

  @Test
  void whiteSpaceThatIsNotAsciiIsARecordNotASeparator() throws IOException {
    CollectingSink s =
        ingest(file("ws.en.txt", "one\n\u3000\u00A0\n \t \ntwo\n"), CorpusFormat.TEXT);
    assertThat(s.records).hasSize(2);
    assertThat(CollectingSink.byReason(s.quarantined))
        .containsEntry("empty_text", List.of("line 2"));
  }

  @Test
  void aLeadingByteOrderMarkIsNotPartOfTheText() throws IOException {
    DocumentNormalizer n =
        new DocumentNormalizer(t -> new LanguageIdentifier.Detection("eng", 0.9), 0.5);
    Document d =
        n.normalize(
                new RawRecord("c", "s", "line 1", "i", null, "en", "\uFEFFHello\uFEFFworld", null))
            .document();
    assertThat(d.text()).isEqualTo("Hello\uFEFFworld");
    assertThat(
            n.normalize(new RawRecord("c", "s", "line 1", "i", null, "en", "\uFEFF\u00A0", null))
                .quarantined()
                .reason())
        .isEqualTo("empty_text");
  }
}
