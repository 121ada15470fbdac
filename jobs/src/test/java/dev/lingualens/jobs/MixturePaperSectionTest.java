package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.report.ReportJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report puts a mixture table of real tokenizers next to the paper's Table 4. */
class MixturePaperSectionTest {
  @TempDir Path dir;

  @Test
  void reportComparesGroupsAndOrderingsWithThePaper() throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows =
        List.of(
            row("gpt35turbo", "code", 0.60),
            row("gpt35turbo", "eng_web", 0.35),
            row("gpt35turbo", "fra", 0.05),
            row("gpt4o", "code", 0.30),
            row("gpt4o", "eng_web", 0.30),
            row("gpt4o", "fra", 0.40));
    Path out = dir.resolve("out");
    spark
        .createDataFrame(
            rows,
            StructType.fromDDL(
                "tokenizer string, category string, share_pairs double, "
                    + "share_bytes double, truth_byte_share double, merges_attacked int, objective double, "
                    + "missing_merges int, converged boolean, run_id string"))
        .write()
        .parquet(out.resolve("mixture").toString());
    LinguaConfig config = LinguaConfig.defaults().with(Map.of("output.dir", out.toString()));

    String html = Files.readString(new ReportJob().run(spark, config));

    assertThat(html).contains("Off-the-shelf tokenizers next to the paper");
    // Paper: code 62.6 > 32.8, English 34.3 > 28.1, non-English 39.0 > 3.2; ours: 60 > 30, 35 > 30,
    // 40 > 5.
    assertThat(html).contains("3 of 3 do");
    assertThat(html).contains("62.6").contains("39.0").contains("GPT-4o (paper)");
  }

  private static Row row(String tokenizer, String category, double share) {
    return RowFactory.create(tokenizer, category, share, share, null, 300, 0.1, 0, true, "test");
  }
}
