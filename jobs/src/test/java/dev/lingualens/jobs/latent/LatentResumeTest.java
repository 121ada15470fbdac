package dev.lingualens.jobs.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.Repo;
import dev.lingualens.jobs.ResumeChecks;
import dev.lingualens.jobs.SparkTestSession;
import dev.lingualens.jobs.shards.ShardStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code latent} run that fails after a few shards and is re-run with the same run id computes
 * only the shards it had not finished, and publishes tables equal, row by row, to an uninterrupted
 * run's.
 */
class LatentResumeTest {
  private static final List<String> TABLES =
      List.of("latent_language", "latent_layers", "latent_language_summary", "latent_language_top");

  @TempDir Path dir;

  @AfterEach
  void noMoreFailures() {
    ShardStore.failAfterShards(-1);
  }

  @Test
  void anInterruptedRunResumesToTheUninterruptedTables() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path out = dir.resolve("tables");
    LinguaConfig config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir", out.toString(),
                    "model.path", Repo.root().resolve("sample-data/models/demo-llama").toString(),
                    "latent.langs", "eng,fra,deu",
                    "latent.max-items", "4",
                    "latent.shots", "1",
                    "latent.shard-prompts", "3",
                    "latent.bootstrap-resamples", "20"));

    ShardStore.failAfterShards(2);
    LinguaConfig interrupted = config.with(Map.of("run.id", "cut"));
    assertThatThrownBy(() -> new LatentJob().run(spark, interrupted))
        .hasStackTraceContaining("(test hook)");
    ShardStore.failAfterShards(-1);
    long finished = ResumeChecks.published(out.resolve("_runs/cut/latent/shards"));
    assertThat(finished).isGreaterThanOrEqualTo(2);
    new LatentJob().run(spark, interrupted);
    Map<String, Long> resumed = ResumeChecks.shardCounters(spark, out, "cut");
    assertThat(resumed.get("shards")).isGreaterThan(finished);
    assertThat(resumed.get("shards_skipped")).isEqualTo(finished);
    Map<String, List<String>> afterResume = ResumeChecks.tables(spark, out, TABLES);

    new LatentJob().run(spark, config.with(Map.of("run.id", "straight")));
    assertThat(ResumeChecks.shardCounters(spark, out, "straight").get("shards_skipped")).isZero();
    Map<String, List<String>> straight = ResumeChecks.tables(spark, out, TABLES);
    assertThat(afterResume).isEqualTo(straight);
    assertThat(straight.get("latent_language")).hasSizeGreaterThan(100);
  }
}
