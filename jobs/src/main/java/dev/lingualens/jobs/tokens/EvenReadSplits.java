package dev.lingualens.jobs.tokens;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;
import scala.Option;

/**
 * Session settings under which Spark packs a table of many small files into read tasks of about
 * equal bytes, several per core, restored on {@link #close}. Spark charges every file {@code
 * spark.sql.files.openCostInBytes} (4 MB) when it packs files into splits of at most {@code
 * maxPartitionBytes} (128 MB), largest files first: ingest's 475 language files of the 50 MB
 * benchmark (none over 4.4 MB) became 16 splits of which the first held the largest files, 77 % of
 * the bytes, one task of 12.5 s beside 15 of under a second (docs/benchmarks.md). Opening a file
 * costs what tokenising a few kilobytes does, so it is charged {@link #OPEN_COST_BYTES}; and {@link
 * #SPLITS_PER_CORE} splits per core let the scheduler even out what bytes do not predict (English
 * compresses better than Japanese). Splits still never exceed {@code maxPartitionBytes}, so a
 * corpus of many large files reads as before. Read plans are made when an action runs: keep this
 * open around the action.
 */
final class EvenReadSplits implements AutoCloseable {
  static final String OPEN_COST = "spark.sql.files.openCostInBytes";
  static final String MIN_PARTITIONS = "spark.sql.files.minPartitionNum";
  static final long OPEN_COST_BYTES = 64 * 1024;
  static final int SPLITS_PER_CORE = 4;

  private final RuntimeConfig conf;
  private final Map<String, Option<String>> before = new LinkedHashMap<>();

  private EvenReadSplits(RuntimeConfig conf) {
    this.conf = conf;
  }

  /** A session's own lower open cost or higher split count is kept. */
  static EvenReadSplits open(SparkSession spark) {
    SQLConf sql = spark.sessionState().conf();
    int splits = SPLITS_PER_CORE * spark.sparkContext().defaultParallelism();
    EvenReadSplits s = new EvenReadSplits(spark.conf());
    s.set(OPEN_COST, Long.toString(Math.min(OPEN_COST_BYTES, sql.filesOpenCostInBytes())));
    s.set(
        MIN_PARTITIONS,
        Integer.toString(
            Math.max(splits, (Integer) sql.filesMinPartitionNum().getOrElse(() -> 0))));
    return s;
  }

  private void set(String key, String value) {
    before.put(key, conf.getOption(key));
    conf.set(key, value);
  }

  @Override
  public void close() {
    before.forEach(
        (key, value) -> {
          if (value.isDefined()) {
            conf.set(key, value.get());
          } else {
            conf.unset(key);
          }
        });
  }
}
