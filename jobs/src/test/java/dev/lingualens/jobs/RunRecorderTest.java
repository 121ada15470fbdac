package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.config.LinguaConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecorderTest {
  @TempDir Path dir;

  @Test
  void everyRunLeavesOneRecordWhetherItSucceedsOrFails() {
    SparkSession spark = SparkTestSession.get();
    LinguaConfig config = LinguaConfig.defaults().with(Map.of("output.dir", dir.toString()));

    int answer =
        RunRecorder.recorded(
            new JobContext(spark, config.with(Map.of("run.id", "ok-1")), "probe"), ctx -> 42);
    IllegalStateException boom = new IllegalStateException("no such column: langg");
    assertThatThrownBy(
            () ->
                RunRecorder.recorded(
                    new JobContext(spark, config.with(Map.of("run.id", "bad-1")), "probe"),
                    ctx -> {
                      throw boom;
                    }))
        .isSameAs(boom);

    assertThat(answer).isEqualTo(42);
    List<Row> runs =
        spark.read().parquet(dir.resolve("runs").toString()).orderBy("run_id").collectAsList();
    assertThat(runs)
        .extracting(r -> r.getAs("run_id") + ":" + r.getAs("status"))
        .containsExactly("bad-1:failed", "ok-1:succeeded");
    assertThat(runs.get(0).<String>getAs("error"))
        .isEqualTo("java.lang.IllegalStateException: no such column: langg");
    assertThat(runs.get(1).<String>getAs("error")).isNull();
  }
}
