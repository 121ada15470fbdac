package dev.lingualens.jobs.represent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.Repo;
import dev.lingualens.jobs.ResumeChecks;
import dev.lingualens.jobs.SparkTestSession;
import dev.lingualens.jobs.ingest.IngestJob;
import dev.lingualens.jobs.shards.ShardStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-model {@code represent} run that fails after a few shards and is re-run with the same run
 * id embeds only the unfinished shards and publishes a table equal, row by row, to an uninterrupted
 * run's.
 */
class RepresentResumeTest {
  @TempDir Path dir;

  @AfterEach
  void noMoreFailures() {
    ShardStore.failAfterShards(-1);
  }

  @Test
  void anInterruptedRunResumesToTheUninterruptedTable() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path llama = Repo.root().resolve("common/src/test/resources/fixtures/models/llama");
    Path bert = Repo.root().resolve("common/src/test/resources/fixtures/models/bert");
    StringBuilder jsonl = new StringBuilder();
    String[] langs = {"eng", "fra", "deu"};
    for (int a = 0; a < 4; a++) {
      for (String lang : langs) {
        jsonl.append(
            "{\"text\":\"%s text number %d\",\"lang\":\"%s\",\"align_id\":\"a%d\"}\n"
                .formatted(lang, a, lang, a));
      }
    }
    Path corpus = dir.resolve("tiny.jsonl");
    Files.writeString(corpus, jsonl);
    Path out = dir.resolve("tables");
    LinguaConfig config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir",
                    out.toString(),
                    "ingest.inputs",
                    "tiny=jsonl:" + corpus,
                    "represent.models",
                    "llama=" + llama + ",bert=" + bert,
                    "represent.shard-docs",
                    "3",
                    "model.batch-tokens",
                    "32"));
    new IngestJob().run(spark, config);

    ShardStore.failAfterShards(3);
    LinguaConfig interrupted = config.with(Map.of("run.id", "cut"));
    assertThatThrownBy(() -> new RepresentJob().run(spark, interrupted))
        .hasStackTraceContaining("(test hook)");
    ShardStore.failAfterShards(-1);
    long finished = ResumeChecks.published(out.resolve("_runs/cut/represent/shards"));
    assertThat(finished).isGreaterThanOrEqualTo(3);
    assertThat(out.resolve("representations")).doesNotExist();
    new RepresentJob().run(spark, interrupted);
    Map<String, Long> resumed = ResumeChecks.shardCounters(spark, out, "cut");
    assertThat(resumed.get("shards")).isEqualTo(2 * 4).isGreaterThan(finished);
    assertThat(resumed.get("shards_skipped")).isEqualTo(finished);
    List<String> afterResume =
        ResumeChecks.tables(spark, out, List.of("representations")).get("representations");

    new RepresentJob().run(spark, config.with(Map.of("run.id", "straight")));
    assertThat(ResumeChecks.shardCounters(spark, out, "straight").get("shards_skipped")).isZero();
    List<String> straight =
        ResumeChecks.tables(spark, out, List.of("representations")).get("representations");
    assertThat(afterResume).isEqualTo(straight);
    assertThat(straight).isNotEmpty();
  }
}
