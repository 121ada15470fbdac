package dev.lingualens.jobs.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.jobs.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * token-stats spreads documents over at least as many tasks as Spark would read them in, now
 * estimated from the file listing instead of planning the read: on a file larger than
 * maxPartitionBytes the estimate must equal the splits Spark actually makes.
 */
class InputSplitsTest {
  @Test
  void aFileLargerThanTheSplitSizeCountsAsSparkSplitsIt(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String path = dir.resolve("docs").toString();
    spark
        .sql("SELECT id, repeat('x', 100 + id % 7) AS text FROM range(2000)")
        .coalesce(1)
        .write()
        .parquet(path);
    long bytes;
    try (var files = Files.list(Path.of(path))) {
      bytes =
          files
              .filter(f -> f.toString().endsWith(".parquet"))
              .mapToLong(f -> f.toFile().length())
              .sum();
    }
    String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
    try {
      spark.conf().set("spark.sql.files.maxPartitionBytes", "1024");
      Dataset<Row> table = spark.read().parquet(path);
      int expected = (int) ((bytes + 1023) / 1024);

      assertThat(expected).isGreaterThan(2);
      assertThat(TokenStatsJob.inputSplits(spark, table)).isEqualTo(expected);
      assertThat(table.rdd().getNumPartitions()).isEqualTo(expected);
    } finally {
      spark.conf().set("spark.sql.files.maxPartitionBytes", before);
    }
  }
}
