package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.Tables;
import dev.lingualens.common.schema.TokenTables;
import dev.lingualens.jobs.ingest.IngestJob;
import dev.lingualens.jobs.report.ReportJob;
import dev.lingualens.jobs.tokens.TokenStatsJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's tables are published together: token-stats interrupted between its two table writes, or
 * while renaming them into place, never leaves token_stats_docs of one run next to token_stats of
 * another unnoticed.
 */
class PublicationTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static LinguaConfig config;
  static Path out;

  @BeforeAll
  static void ingest() throws Exception {
    spark = SparkTestSession.get();
    Path corpus = dir.resolve("tiny.jsonl");
    Files.writeString(
        corpus,
        "{\"text\":\"the quick brown fox\",\"lang\":\"en\",\"align_id\":\"a1\"}\n"
            + "{\"text\":\"le renard brun\",\"lang\":\"fr\",\"align_id\":\"a1\"}\n");
    out = dir.resolve("tables");
    config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir",
                    out.toString(),
                    "ingest.inputs",
                    "tiny=jsonl:" + corpus,
                    "tokenstats.tokenizers",
                    "chars="
                        + Repo.root()
                            .resolve("jobs/src/test/resources/tokenizers/chars/tokenizer.json")));
    new IngestJob().run(spark, config);
  }

  @AfterEach
  void noHooks() {
    JobContext.afterWrite = t -> {};
    Publication.afterTable = t -> {};
  }

  private static void tokenStats(String runId) {
    new TokenStatsJob().run(spark, config.with(Map.of("run.id", runId)));
  }

  private static List<String> runIds(String table) {
    return spark
        .read()
        .parquet(out.resolve(table).toString())
        .select("run_id")
        .distinct()
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  private static String status(String runId) {
    Row r =
        spark
            .read()
            .parquet(out.resolve("runs").toString())
            .filter(functions.col("run_id").equalTo(runId))
            .first();
    return r.getAs("status");
  }

  @Test
  void aRunKilledBetweenItsTableWritesLeavesThePreviousRunsTablesTogether() {
    tokenStats("before");
    JobContext.afterWrite =
        t -> {
          throw new IllegalStateException("killed after writing " + t);
        };
    assertThatThrownBy(() -> tokenStats("killed")).hasMessageContaining("killed after writing");
    assertThat(runIds("token_stats_docs")).containsExactly("before");
    assertThat(runIds("token_stats")).containsExactly("before");
    assertThat(status("killed")).isEqualTo("failed");
    assertThat(out.resolve("_staging/killed"))
        .as("nothing of the failed run is kept")
        .doesNotExist();
  }

  @Test
  void aRunKilledWhilePublishingIsToldByReadersAndFinishedByTheNextRun() throws Exception {
    tokenStats("older");
    Publication.afterTable =
        t -> {
          throw new IllegalStateException("killed after publishing " + t);
        };
    assertThatThrownBy(() -> tokenStats("torn")).hasMessageContaining("killed after publishing");
    Publication.afterTable = t -> {};
    List<Tables.Table> both = List.of(TokenTables.TOKEN_STATS_DOCS, TokenTables.TOKEN_STATS);
    // what is on disk now is torn, and a reader can tell
    assertThat(runIds("token_stats_docs")).containsExactly("torn");
    assertThat(runIds("token_stats")).containsExactly("older");
    assertThat(Publication.mixedRuns(out, both))
        .containsExactly("token-stats: token_stats_docs from run torn, token_stats from run older");
    assertThatThrownBy(() -> Publication.requireOneRunPerJob(out, both))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("come from different runs");
    Path html = new ReportJob().run(spark, config.with(Map.of("run.id", "report-1")));
    assertThat(Files.readString(html))
        .contains("Warning: tables of one job come from different runs")
        .contains("token_stats from run older, token_stats_docs from run torn");

    // the next token-stats run, even one that fails before publishing, first finishes the torn one
    JobContext.afterWrite =
        t -> {
          throw new IllegalStateException("killed after writing " + t);
        };
    assertThatThrownBy(() -> tokenStats("next")).hasMessageContaining("killed after writing");
    assertThat(runIds("token_stats_docs")).containsExactly("torn");
    assertThat(runIds("token_stats")).containsExactly("torn");
    assertThat(Publication.mixedRuns(out, both)).isEmpty();
    assertThat(out.resolve("_staging")).doesNotExist();
  }
}
