package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.ingest.IngestJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15, section 1, end to end: nothing read is lost, and the counts check the readers. */
class IngestFaultsTest {
  @TempDir Path dir;
  private final SparkSession spark = SparkTestSession.get();

  private IngestJob.Result ingest(String inputs) {
    return new IngestJob().run(spark, config(inputs));
  }

  private LinguaConfig config(String inputs) {
    return LinguaConfig.defaults()
        .with(
            Map.of(
                "output.dir",
                dir.resolve("out").toString(),
                "ingest.inputs",
                inputs,
                "ingest.langid.languages",
                "deu,eng,fra",
                "ingest.partitions",
                "1"));
  }

  private List<Row> quarantine() {
    return spark.read().parquet(dir.resolve("out/quarantine").toString()).collectAsList();
  }

  @Test
  void oneBadLanguageLabelCostsOneRecord() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      sb.append("{\"id\":\"r")
          .append(i)
          .append("\",\"lang\":\"")
          .append(i == 5 ? "-" : "en")
          .append("\",\"text\":\"Record number ")
          .append(i)
          .append(" is a sentence.\"}\n");
    }
    Path f = Files.writeString(dir.resolve("dash.jsonl"), sb);
    IngestJob.Result r = ingest("c=jsonl:" + f);
    assertThat(r.read()).isEqualTo(10);
    assertThat(r.written()).isEqualTo(9);
    assertThat(r.quarantined()).isEqualTo(1);
    assertThat(quarantine())
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.<String>getAs("reason")).isEqualTo("unknown_language");
              assertThat(q.<String>getAs("location")).isEqualTo("line 5");
            });
  }

  @Test
  void aBadLangidLanguageIsAConfigErrorBeforeAnythingIsWritten() throws IOException {
    Path f = Files.writeString(dir.resolve("u.jsonl"), "{\"text\":\"no label here\"}\n");
    LinguaConfig c =
        config("c=jsonl:" + f).with(Map.of("ingest.langid.languages", "english,klingon"));
    assertThatThrownBy(() -> new IngestJob().run(spark, c))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.langid.languages")
        .hasMessageContaining("'english'");
    assertThat(dir.resolve("out/documents")).doesNotExist();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aNamedPipeInAnInputFolderIsSkippedWithAReason() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a.jsonl"), "{\"lang\":\"en\",\"text\":\"A sentence.\"}\n");
    Process p = new ProcessBuilder("mkfifo", in.resolve("b.jsonl").toString()).start();
    assertThat(p.waitFor()).isZero();
    IngestJob.Result r = ingest("c=jsonl:" + in);
    assertThat(r.written()).isEqualTo(1);
    assertThat(r.read()).isEqualTo(2);
    assertThat(quarantine())
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.<String>getAs("reason")).isEqualTo("not_a_regular_file");
              assertThat(q.<String>getAs("source")).endsWith("b.jsonl");
            });
  }

  @Test
  void parquetTextWithInvalidUtf8IsQuarantinedNotRepaired() {
    StructType schema = StructType.fromDDL("text binary, lang string");
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("Good text.".getBytes(StandardCharsets.UTF_8), "en"));
    rows.add(RowFactory.create(new byte[] {'b', 'a', (byte) 0xC3, '(', 'd'}, "en"));
    rows.add(RowFactory.create("Also good.".getBytes(StandardCharsets.UTF_8), "en"));
    Path p = dir.resolve("bin.parquet");
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(p.toString());
    IngestJob.Result r = ingest("c=parquet:" + p);
    assertThat(r.read()).isEqualTo(3);
    assertThat(r.written()).isEqualTo(2);
    assertThat(quarantine())
        .singleElement()
        .satisfies(q -> assertThat(q.<String>getAs("reason")).isEqualTo("invalid_utf8"));
    assertThat(
            spark
                .read()
                .parquet(dir.resolve("out/documents").toString())
                .filter("text like '%\uFFFD%'")
                .count())
        .isZero();
  }

  @Test
  void aParquetTextColumnThatIsNotTextIsOneClearError() {
    for (String type : List.of("int", "struct<a: string>")) {
      Path p = dir.resolve(type.substring(0, 3) + ".parquet");
      spark
          .sql("select " + (type.equals("int") ? "42" : "named_struct('a', 'x')") + " as text")
          .write()
          .parquet(p.toString());
      assertThatThrownBy(() -> ingest("c=parquet:" + p))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'text' column of type " + (type.equals("int") ? "int" : "struct"))
          .hasMessageContaining(p.toString());
    }
  }

  @Test
  void aRepeatedIdIsWrittenOnceAndEveryLaterUseQuarantined() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("ids.jsonl"),
            "{\"id\":\"r1\",\"lang\":\"en\",\"text\":\"First.\"}\n"
                + "{\"id\":\"r2\",\"lang\":\"en\",\"text\":\"Second.\"}\n"
                + "{\"id\":\"r1\",\"lang\":\"en\",\"text\":\"Third, same id.\"}\n");
    IngestJob.Result r = ingest("c=jsonl:" + f);
    assertThat(r.read()).isEqualTo(3);
    assertThat(r.written()).isEqualTo(2);
    assertThat(quarantine())
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.<String>getAs("reason")).isEqualTo("duplicate_id");
              assertThat(q.<String>getAs("location")).isEqualTo("line 3");
              assertThat(q.<String>getAs("detail"))
                  .isEqualTo("id r1 is already the id of " + f.toAbsolutePath() + " line 1");
            });
    assertThat(
            spark
                .read()
                .parquet(dir.resolve("out/documents").toString())
                .filter("id = 'r1'")
                .first()
                .<String>getAs("text"))
        .isEqualTo("First.");
  }

  @Test
  void theSameFileUnderTwoCorpusNamesIsOneConfigError() throws IOException {
    Path f =
        Files.writeString(dir.resolve("twice.jsonl"), "{\"lang\":\"en\",\"text\":\"Once.\"}\n");
    assertThatThrownBy(() -> ingest("a=jsonl:" + f + ",b=jsonl:" + dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("listed twice")
        .hasMessageContaining("corpus 'a' and corpus 'b'");
  }

  @Test
  void aParquetTextOverTheByteLimitIsQuarantinedLikeALongLine() {
    Path p = dir.resolve("long.parquet");
    spark
        .sql(
            "select repeat('word ', 400) as text, 'en' as lang union all select 'Short.' as text, 'en' as lang")
        .coalesce(1)
        .write()
        .parquet(p.toString());
    IngestJob.Result r =
        new IngestJob()
            .run(spark, config("c=parquet:" + p).with(Map.of("ingest.max-line-bytes", "1000")));
    assertThat(r.written()).isOne();
    assertThat(quarantine())
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.<String>getAs("reason")).isEqualTo("line_too_long");
              assertThat(q.<String>getAs("detail")).startsWith("'text' is 2000 bytes > limit 1000");
            });
  }
}
