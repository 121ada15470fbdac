package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.NeuronTables;
import dev.lingualens.common.schema.Tables;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableCommentsTest {
  @TempDir Path dir;

  @Test
  void aWrittenTableReadBackCarriesTheColumnDescriptionsAsComments() {
    SparkSession spark = SparkTestSession.get();
    JobContext ctx =
        new JobContext(
            spark,
            LinguaConfig.defaults()
                .with(Map.of("output.dir", dir.toString(), "run.id", "comments-1")),
            "probe");
    // a dataset with no comments of its own: the writer adds them from the contract
    ctx.write(
        NeuronTables.LANGUAGE_NEURONS,
        spark.sql("SELECT 'm' AS model, 'fra' AS lang, 3 AS layer, 17 AS neuron"));
    // a job's tables are published together when its body succeeds (Job.run); here, by hand
    ctx.publish();
    StructType read = spark.read().parquet(ctx.tablePath(NeuronTables.LANGUAGE_NEURONS)).schema();
    for (Tables.Column c : NeuronTables.LANGUAGE_NEURONS.columns()) {
      if (NeuronTables.LANGUAGE_NEURONS.partitionBy().contains(c.name())) {
        continue; // partition values live in folder names, not in the Parquet schema
      }
      assertThat(read.apply(c.name()).getComment().isDefined()).as(c.name()).isTrue();
      assertThat(read.apply(c.name()).getComment().get()).as(c.name()).isEqualTo(c.description());
    }
    assertThat(
            spark
                .read()
                .parquet(ctx.tablePath(NeuronTables.LANGUAGE_NEURONS))
                .first()
                .<String>getAs("run_id"))
        .isEqualTo("comments-1");
  }
}
