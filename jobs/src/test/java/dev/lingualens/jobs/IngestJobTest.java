package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.ingest.IngestJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest over the shipped malformed inputs: expectations from sample-data/malformed/EXPECTED.md.
 */
class IngestJobTest {
  @TempDir static Path out;
  static SparkSession spark;
  static IngestJob.Result result;

  @BeforeAll
  static void ingest() {
    spark = SparkTestSession.get();
    Path m = Repo.root().resolve("sample-data/malformed");
    LinguaConfig config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir", out.toString(),
                    "ingest.inputs",
                        "malformed=jsonl:"
                            + m.resolve("mixed.jsonl")
                            + ",parallel=tsv:"
                            + m.resolve("parallel.tsv")
                            + ",plain=text:"
                            + m.resolve("plain"),
                    "ingest.max-line-bytes", "10000",
                    "ingest.langid.languages", "deu,eng,fra,spa,por,jpn",
                    "ingest.partitions", "2"));
    result = new IngestJob().run(spark, config);
  }

  @Test
  void countsReconcileAsDocumented() {
    // EXPECTED.md: jsonl 12 read = 6 + 6; tsv 5 good rows x 3 languages + 1 bad row; plain 3 + 2 +
    // 3.
    assertThat(result.written()).isEqualTo(6 + 15 + 8);
    assertThat(result.quarantined()).isEqualTo(7);
    assertThat(result.read()).isEqualTo(result.written() + result.quarantined());
  }

  @Test
  void eachLanguageFolderHoldsOneFileHoweverManyTasksSegmentedIt() throws Exception {
    // two segmentation partitions and a few KB per language: one file per (corpus, lang) folder,
    // not two
    List<Path> folders;
    try (Stream<Path> s = Files.list(out.resolve("documents"))) {
      folders =
          s.filter(Files::isDirectory)
              .flatMap(IngestJobTest::children)
              .filter(Files::isDirectory)
              .toList();
    }
    assertThat(folders).hasSizeGreaterThan(5);
    for (Path folder : folders) {
      assertThat(children(folder).filter(f -> f.toString().endsWith(".parquet")))
          .as(folder.toString())
          .hasSize(1);
    }
  }

  private static Stream<Path> children(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList().stream();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyQuarantineReasonAppearsWithItsLine() {
    List<Row> q = spark.read().parquet(out.resolve("quarantine").toString()).collectAsList();
    Map<String, String> reasonAt = new HashMap<>();
    for (Row r : q) {
      reasonAt.put(r.<String>getAs("reason"), r.<String>getAs("location"));
    }
    assertThat(reasonAt)
        .containsEntry("bad_json", "line 3")
        .containsEntry("invalid_utf8", "line 5")
        .containsEntry("empty_text", "line 7")
        .containsEntry("unknown_language", "line 9")
        .containsEntry("line_too_long", "line 10")
        .containsEntry("missing_text", "line 12")
        .containsKey("bad_tsv_row");
    assertThat(q).allSatisfy(r -> assertThat(r.<String>getAs("detail")).isNotBlank());
  }

  @Test
  void languagesAreNormalisedAndUnlabeledTextDetected() {
    Map<String, Long> perLang =
        spark
            .read()
            .parquet(out.resolve("documents").toString())
            .groupBy("corpus", "lang")
            .count()
            .collectAsList()
            .stream()
            .collect(
                Collectors.toMap(r -> r.getString(0) + "/" + r.getString(1), r -> r.getLong(2)));
    assertThat(perLang)
        .containsEntry("parallel/eng", 5L)
        .containsEntry("parallel/fra", 5L)
        .containsEntry("parallel/deu", 5L)
        .containsEntry("plain/spa", 3L)
        .containsEntry("plain/por", 2L)
        .containsEntry("plain/jpn", 3L);
    Row detected =
        spark
            .read()
            .parquet(out.resolve("documents").toString())
            .filter("lang_source = 'lingua'")
            .first();
    assertThat(detected.<String>getAs("lang")).isEqualTo("deu");
    assertThat(detected.<String>getAs("location")).isEqualTo("line 11");
  }

  @Test
  void scriptsWithoutSpacesAreSegmentedByIcu() {
    List<Row> ja =
        spark
            .read()
            .parquet(out.resolve("documents").toString())
            .filter("lang = 'jpn'")
            .collectAsList();
    assertThat(ja)
        .allSatisfy(
            r -> {
              assertThat(r.<String>getAs("segmenter")).isEqualTo("icu4j");
              assertThat(r.<String>getAs("script")).isEqualTo("Jpan");
              assertThat(r.<Integer>getAs("n_words")).isGreaterThan(3);
            });
    Row en =
        spark
            .read()
            .parquet(out.resolve("documents").toString())
            .filter("corpus = 'parallel' and lang = 'eng'")
            .orderBy("align_id")
            .first();
    assertThat(en.<String>getAs("segmenter")).isEqualTo("spark-nlp");
    assertThat(en.<Integer>getAs("n_words"))
        .isEqualTo(en.<String>getAs("text").split("\\s+").length);
  }

  @Test
  void runRecordStatesTheCounts() {
    Row run = spark.read().parquet(out.resolve("runs").toString()).filter("job = 'ingest'").first();
    assertThat(run.<String>getAs("status")).isEqualTo("succeeded");
    assertThat(run.<String>getAs("counters_json"))
        .contains("\"read\":36", "\"written\":29", "\"quarantined\":7");
  }

  @Test
  void aMissingInputPathIsOneClearError() {
    LinguaConfig config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir",
                    out.resolve("bad").toString(),
                    "ingest.inputs",
                    "x=jsonl:/no/such/file.jsonl"));
    assertThatThrownBy(() -> new IngestJob().run(spark, config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/no/such/file.jsonl");
  }

  @Test
  void aBadInputSpecNamesTheValue() {
    LinguaConfig config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir",
                    out.resolve("bad2").toString(),
                    "ingest.inputs",
                    "x=yaml:/tmp/a.yaml"));
    assertThatThrownBy(() -> new IngestJob().run(spark, config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("yaml");
  }
}
