package dev.lingualens.common.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sample-data/malformed/parallel.tsv: 6 data rows, row 4 has 2 of 3 columns (EXPECTED.md). */
class ParallelTsvReaderSampleTest {
  private static final Path TSV = RepoFiles.sampleData("malformed", "parallel.tsv");
  private static CollectingSink sink;

  @BeforeAll
  static void read() throws IOException {
    sink = new CollectingSink();
    new ParallelTsvReader(10_000).read(TSV, "parallel", sink);
  }

  @Test
  void fiveGoodRowsGiveFifteenRecords() {
    assertThat(sink.records).hasSize(15);
  }

  @Test
  void eachAlignIdHasOneRecordPerHeaderLanguage() {
    Map<String, List<String>> langsByAlignId =
        sink.records.stream()
            .collect(
                Collectors.groupingBy(
                    RawRecord::alignId,
                    TreeMap::new,
                    Collectors.mapping(RawRecord::langRaw, Collectors.toList())));

    assertThat(langsByAlignId).hasSize(5);
    assertThat(langsByAlignId.values())
        .allSatisfy(langs -> assertThat(langs).containsExactly("eng", "fra", "deu"));
  }

  @Test
  void alignIdsAreDataRowNumbersSkippingTheBadRow() {
    assertThat(sink.records.stream().map(RawRecord::alignId).distinct())
        .containsExactly("parallel:1", "parallel:2", "parallel:3", "parallel:5", "parallel:6");
  }

  @Test
  void shortRowIsQuarantinedWhole() {
    assertThat(sink.quarantined).hasSize(1);
    Quarantined q = sink.quarantined.get(0);
    assertThat(q.reason()).isEqualTo("bad_tsv_row");
    assertThat(q.location()).isEqualTo("line 5");
    assertThat(q.detail()).contains("2 columns").contains("3");
    assertThat(q.raw()).startsWith("This row has only two columns.");
  }

  @Test
  void cellsKeepTheirText() {
    RawRecord first = sink.records.get(0);
    assertThat(first.langRaw()).isEqualTo("eng");
    assertThat(first.text())
        .isEqualTo("All human beings are born free and equal in dignity and rights.");
    RawRecord deu = sink.records.get(2);
    assertThat(deu.langRaw()).isEqualTo("deu");
    assertThat(deu.text())
        .isEqualTo("Alle Menschen sind frei und gleich an Würde und Rechten geboren.");
  }

  @Test
  void missingHeaderIsQuarantined(@TempDir Path tmp) throws IOException {
    Path empty = Files.writeString(tmp.resolve("empty.tsv"), "");
    CollectingSink s = new CollectingSink();

    new ParallelTsvReader(10_000).read(empty, "c", s);

    assertThat(s.records).isEmpty();
    assertThat(s.quarantined).extracting(Quarantined::reason).containsExactly("bad_tsv_row");
  }
}
