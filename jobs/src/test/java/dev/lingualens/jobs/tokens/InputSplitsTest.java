package dev.lingualens.jobs.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.jobs.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void theLargestFileAgainstACoresShareDecidesTheShuffle(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    // Ten lang folders of one file each: equal ones, and one folder holding most of the rows.
    Dataset<Row> equal = langFiles(spark, dir.resolve("equal").toString(), "concat('l', id % 10)");
    Dataset<Row> skewed =
        langFiles(
            spark,
            dir.resolve("skewed").toString(),
            "CASE WHEN id < 6000 THEN 'big' ELSE concat('l', id % 9) END");

    for (Dataset<Row> table : List.of(equal, skewed)) {
      List<Long> sizes = fileSizes(table);
      long total = sizes.stream().mapToLong(Long::longValue).sum();
      long largest = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
      assertThat(sizes).hasSize(10);
      assertThat(TokenStatsJob.oneFileOutweighsACore(table, 1)).isFalse();
      for (int cores = 2; cores <= 32; cores++) {
        assertThat(TokenStatsJob.oneFileOutweighsACore(table, cores))
            .as("%d cores, largest file %d of %d bytes", cores, largest, total)
            .isEqualTo(2.0 * largest * cores > total);
      }
    }
    // Each equal file is a tenth of the bytes: two cores' shares hold five files each, sixteen
    // cores' shares less than one.
    assertThat(TokenStatsJob.oneFileOutweighsACore(equal, 2)).isFalse();
    assertThat(TokenStatsJob.oneFileOutweighsACore(equal, 16)).isTrue();
    assertThat(TokenStatsJob.oneFileOutweighsACore(skewed, 2)).isTrue();
    assertThat(TokenStatsJob.oneFileOutweighsACore(spark.range(10).toDF(), 4)).isTrue();
  }

  @Test
  void manySmallFilesReadInSplitsOfAboutEqualBytes(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    int cores = spark.sparkContext().defaultParallelism();
    // Twenty lang folders, the k-th with k times 1,000 rows of incompressible text (about 0.07 to
    // 1.3 MB per file): sizes as uneven as a corpus's languages, none above a split's target.
    String path = dir.resolve("docs").toString();
    spark
        .sql(
            "SELECT concat('l', k) AS lang, sha2(concat(k, '/', id), 256) AS text"
                + " FROM range(1, 21) AS ks(k) JOIN range(20000) AS ids(id) ON id < k * 1000")
        .repartition(org.apache.spark.sql.functions.col("lang"))
        .write()
        .partitionBy("lang")
        .parquet(path);
    List<Long> sizes = fileSizes(spark.read().parquet(path));
    long total = sizes.stream().mapToLong(Long::longValue).sum();
    long largestFile = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
    String openCost = spark.conf().get(EvenReadSplits.OPEN_COST);
    assertThat(largestFile).isGreaterThan(EvenReadSplits.OPEN_COST_BYTES);
    assertThat(largestFile).isLessThan(total / (EvenReadSplits.SPLITS_PER_CORE * cores));

    // Spark's own packing (4 MB charged per file): the largest files share the first split.
    List<Long> packed = splitBytes(spark.read().parquet(path));
    assertThat(packed.get(0)).isGreaterThan(total / cores);

    List<Long> even;
    try (EvenReadSplits s = EvenReadSplits.open(spark)) {
      assertThat(spark.conf().get(EvenReadSplits.MIN_PARTITIONS))
          .isEqualTo(Integer.toString(EvenReadSplits.SPLITS_PER_CORE * cores));
      even = splitBytes(spark.read().parquet(path));
    }
    assertThat(even.stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    assertThat(even.size()).isGreaterThanOrEqualTo(EvenReadSplits.SPLITS_PER_CORE * cores);
    assertThat(even).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(total / cores / 2));
    // Restored: later reads of the session pack files as configured.
    assertThat(spark.conf().get(EvenReadSplits.OPEN_COST)).isEqualTo(openCost);
    assertThat(spark.conf().getOption(EvenReadSplits.MIN_PARTITIONS).isDefined()).isFalse();
  }

  @Test
  void aSessionsOwnFinerSplitsAreKept() {
    SparkSession spark = SparkTestSession.get();
    String openCost = spark.conf().get(EvenReadSplits.OPEN_COST);
    spark.conf().set(EvenReadSplits.OPEN_COST, "1024");
    spark.conf().set(EvenReadSplits.MIN_PARTITIONS, "1000");
    try {
      try (EvenReadSplits s = EvenReadSplits.open(spark)) {
        assertThat(spark.conf().get(EvenReadSplits.OPEN_COST)).isEqualTo("1024");
        assertThat(spark.conf().get(EvenReadSplits.MIN_PARTITIONS)).isEqualTo("1000");
      }
      spark.conf().set(EvenReadSplits.MIN_PARTITIONS, "1");
      try (EvenReadSplits s = EvenReadSplits.open(spark)) {
        assertThat(spark.conf().get(EvenReadSplits.MIN_PARTITIONS))
            .isEqualTo(
                Integer.toString(
                    EvenReadSplits.SPLITS_PER_CORE * spark.sparkContext().defaultParallelism()));
      }
      assertThat(spark.conf().get(EvenReadSplits.MIN_PARTITIONS)).isEqualTo("1");
    } finally {
      spark.conf().set(EvenReadSplits.OPEN_COST, openCost);
      spark.conf().unset(EvenReadSplits.MIN_PARTITIONS);
    }
  }

  /**
   * Bytes of each read split, in Spark's order (largest files first); every split holds whole files
   * (a byte range of a file holds its row group or nothing, so it would not count its work).
   */
  private static List<Long> splitBytes(Dataset<Row> table) {
    return java.util.Arrays.stream(table.rdd().partitions())
        .map(
            p ->
                java.util.Arrays.stream(
                        ((org.apache.spark.sql.execution.datasources.FilePartition) p).files())
                    .peek(f -> assertThat(f.start()).isZero())
                    .peek(f -> assertThat(f.length()).isEqualTo(f.fileSize()))
                    .mapToLong(f -> f.length())
                    .sum())
        .toList();
  }

  private static Dataset<Row> langFiles(SparkSession spark, String path, String lang) {
    spark
        .sql(
            "SELECT id, "
                + lang
                + " AS lang, sha2(cast(id AS string), 256) AS text FROM range(9000)")
        .repartition(org.apache.spark.sql.functions.col("lang"))
        .write()
        .partitionBy("lang")
        .parquet(path);
    return spark.read().parquet(path);
  }

  private static List<Long> fileSizes(Dataset<Row> table) throws Exception {
    String root = table.inputFiles()[0].replaceFirst("^file:", "").replaceFirst("/lang=.*$", "");
    try (var files = Files.walk(Path.of(root))) {
      return files
          .filter(f -> f.toString().endsWith(".parquet"))
          .map(f -> f.toFile().length())
          .toList();
    }
  }
}
