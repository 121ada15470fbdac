package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.ingest.IngestJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, section 3: every failed run is recorded, said in one line, and bad paths fail before
 * writing.
 */
class FailuresTest {
  @TempDir Path dir;
  private final SparkSession spark = SparkTestSession.get();

  private JobContext ctx(String runId) {
    return new JobContext(
        spark,
        LinguaConfig.defaults().with(Map.of("output.dir", dir.toString(), "run.id", runId)),
        "probe");
  }

  /**
   * A Spark action whose task throws: Spark rethrows it as the checked SparkException, undeclared.
   */
  private static long failInTask(JobContext c, RuntimeException e) {
    return JavaSparkContext.fromSparkContext(c.spark().sparkContext())
        .parallelize(List.of(1, 2), 2)
        .map(
            i -> {
              if (i == 2) {
                throw e;
              }
              return i;
            })
        .count();
  }

  private List<Row> runs() {
    return spark.read().parquet(dir.resolve("runs").toString()).orderBy("run_id").collectAsList();
  }

  @Test
  void aBadValueRaisedInATaskIsRecordedAndSaidInOneLine() {
    assertThatThrownBy(
            () ->
                RunRecorder.recorded(
                    ctx("task-1"),
                    c ->
                        failInTask(
                            c,
                            new IllegalArgumentException(
                                "Cannot load tokenizer /x/tokenizer.json: bad JSON"))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot load tokenizer /x/tokenizer.json: bad JSON");
    assertThat(runs())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.<String>getAs("status")).isEqualTo("failed");
              assertThat(r.<String>getAs("error"))
                  .isEqualTo(
                      "java.lang.IllegalArgumentException: Cannot load tokenizer /x/tokenizer.json: bad JSON");
            });
  }

  @Test
  void anyOtherTaskFailureIsOneLineNamingTheJobAndRun() {
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                RunRecorder.recorded(
                    ctx("task-2"),
                    c -> failInTask(c, new IllegalStateException("weights of layer 3 hold NaN"))));
    assertThat(t)
        .isInstanceOf(JobFailure.class)
        .hasMessage(
            "probe run task-2 failed: java.lang.IllegalStateException: weights of layer 3 hold NaN");
    assertThat(t.getCause()).isInstanceOf(org.apache.spark.SparkException.class);
    assertThat(runs()).extracting(r -> r.<String>getAs("status")).containsExactly("failed");
  }

  @Test
  void anErrorIsRecordedToo() {
    assertThatThrownBy(
            () ->
                RunRecorder.recorded(
                    ctx("oom-1"),
                    c -> {
                      throw new OutOfMemoryError("Java heap space");
                    }))
        .isInstanceOf(OutOfMemoryError.class);
    assertThat(runs())
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs("error")).contains("Java heap space"));
  }

  @Test
  void runIdsThatWouldLeaveTheOutputFolderAreRefusedBeforeAnythingIsWritten() throws Exception {
    Path out = dir.resolve("a/b/out");
    for (String id : List.of("../../../escaped", "..", ".", "a/b", "a\\b", "x y", "-x", "é")) {
      LinguaConfig c =
          LinguaConfig.defaults().with(Map.of("output.dir", out.toString(), "run.id", id));
      assertThatThrownBy(() -> new IngestJob().run(spark, c))
          .as(id)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("run.id")
          .hasMessageContaining("'" + id + "'");
    }
    try (var s = Files.walk(dir)) {
      assertThat(s.filter(p -> !p.equals(dir)).toList()).isEmpty();
    }
  }

  @Test
  void anUnusableOutputDirIsOneErrorAndNothingIsWritten() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Files.createSymbolicLink(dir.resolve("to-proc"), Path.of("/proc/self"));
    for (String out :
        List.of(
            "",
            "   ",
            file.toString(),
            "/proc/self/out",
            "/sys/x",
            dir.resolve("to-proc/out").toString())) {
      LinguaConfig c = LinguaConfig.defaults().with(Map.of("output.dir", out));
      assertThatThrownBy(() -> new IngestJob().run(spark, c))
          .as("'" + out + "'")
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("output.dir");
    }
    assertThat(Path.of("_staging")).doesNotExist();
    assertThat(Path.of("runs")).doesNotExist();
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("a-file", "to-proc");
    }
  }

  @Test
  void aBrokenTokenizerFileIsOneConfigErrorBeforeAnyTask() throws Exception {
    Path tok = Files.createDirectories(dir.resolve("tok"));
    Files.writeString(
        tok.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": 7}}");
    Path docs =
        Files.writeString(dir.resolve("d.jsonl"), "{\"lang\":\"en\",\"text\":\"A sentence.\"}\n");
    new IngestJob()
        .run(
            spark,
            LinguaConfig.defaults()
                .with(
                    Map.of(
                        "output.dir",
                        dir.resolve("out").toString(),
                        "run.id",
                        "ingest-1",
                        "ingest.inputs",
                        "c=jsonl:" + docs)));
    LinguaConfig c =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir",
                    dir.resolve("out").toString(),
                    "run.id",
                    "tok-1",
                    "tokenstats.tokenizers",
                    "broken=" + tok));
    assertThatThrownBy(() -> new dev.lingualens.jobs.tokens.TokenStatsJob().run(spark, c))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tokenstats.tokenizers entry 'broken'")
        .hasMessageContaining(tok.resolve("tokenizer.json").toString())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(
            spark
                .read()
                .parquet(dir.resolve("out/runs").toString())
                .filter("run_id = 'tok-1'")
                .collectAsList())
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs("status")).isEqualTo("failed"));
  }

  @Test
  void aTaskFailureWithoutItsExceptionIsCutToTheRealError() {
    org.apache.spark.SparkException e =
        new org.apache.spark.SparkException(
            "Job aborted due to stage failure: Task 0 in"
                + " stage 3.0 failed 1 times, most recent failure: Lost task 0.0 in stage 3.0 (TID 3) (127.0.0.1 executor"
                + " driver): ai.djl.engine.EngineException: No such device: cuda:7\n\tat ai.djl...");
    assertThat(JobFailure.readable("represent", "r-1", e))
        .isInstanceOf(JobFailure.class)
        .hasMessage(
            "represent run r-1 failed: ai.djl.engine.EngineException: No such device: cuda:7");
  }
}
