package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.corpus.Quarantined;
import dev.lingualens.common.corpus.RawRecord;
import dev.lingualens.common.corpus.RecordSink;
import dev.lingualens.common.corpus.UdhrReader;
import dev.lingualens.jobs.mixture.DmiEvalJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dmi-eval's table shapes and bookkeeping on four UDHR languages, two trials of n = 3 (small enough
 * for CI).
 */
class DmiEvalJobTest {
  @TempDir static Path dir;

  @Test
  void writesOneRowPerTrialAndMethodAndTheTableOneSummary() throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<Row> docs = new ArrayList<>();
    for (String code : List.of("eng", "fra", "deu_1996", "tur")) {
      new UdhrReader()
          .read(
              Repo.root().resolve("sample-data/udhr/" + code + ".html"),
              "udhr",
              new RecordSink() {
                @Override
                public void record(RawRecord r) {
                  docs.add(
                      RowFactory.create(
                          r.id(),
                          code,
                          r.text(),
                          (long) r.text().getBytes(StandardCharsets.UTF_8).length));
                }

                @Override
                public void quarantine(Quarantined q) {}
              });
    }
    spark
        .createDataFrame(
            docs, StructType.fromDDL("id string, lang string, text string, n_bytes bigint"))
        .write()
        .parquet(dir.resolve("documents").toString());
    LinguaConfig config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir",
                    dir.resolve("out").toString(),
                    "mixture.documents",
                    dir.resolve("documents").toString(),
                    "dmieval.n",
                    "3",
                    "dmieval.trials",
                    "2",
                    "dmieval.merges",
                    "100",
                    "dmieval.train-bytes",
                    "60000"));
    DmiEvalJob.Result result = new DmiEvalJob().run(spark, config);

    List<Row> trials =
        spark.read().parquet(dir.resolve("out/mixture_controlled").toString()).collectAsList();
    assertThat(trials).hasSize(2 * 4);
    assertThat(trials)
        .extracting(r -> r.<String>getAs("method"))
        .containsOnly("ours", "tee", "tc", "random");
    for (Row r : trials) {
      double[] truth = parse(r.getAs("truth"));
      double[] estimate = parse(r.getAs("estimate"));
      assertThat(Arrays.stream(truth).sum()).isCloseTo(1.0, within(1e-5));
      assertThat(Arrays.stream(estimate).sum()).isCloseTo(1.0, within(1e-5));
      double mse = 0;
      for (int i = 0; i < truth.length; i++) {
        mse += (truth[i] - estimate[i]) * (truth[i] - estimate[i]) / truth.length;
      }
      assertThat(r.<Double>getAs("mse"))
          .isCloseTo(mse, within(1e-6)); // strings are rounded to 1e-6
      assertThat(r.<String>getAs("categories").split(",")).hasSize(3);
    }
    List<Row> summary =
        spark
            .read()
            .parquet(dir.resolve("out/mixture_controlled_summary").toString())
            .collectAsList();
    assertThat(summary)
        .hasSize(4)
        .allSatisfy(r -> assertThat(r.<Integer>getAs("trials")).isEqualTo(2));
    assertThat(result.table()).hasSize(5);
  }

  private static double[] parse(String csv) {
    return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
  }
}
