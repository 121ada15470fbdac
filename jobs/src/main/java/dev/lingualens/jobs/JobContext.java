package dev.lingualens.jobs;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.Tables;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every job shares: the session, resolved config, run id, output folder and named counters.
 */
public final class JobContext {
  private static final Logger LOG = LoggerFactory.getLogger(JobContext.class);
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final LinguaConfig config;
  private final CoreSettings core;
  private final String job;
  private final String runId;
  private final Instant startedAt = Instant.now();
  private final Map<String, Long> counters = new LinkedHashMap<>();
  private final java.util.List<String> staged = new java.util.ArrayList<>();

  /** Test hook: called with a table's name once the job has written (staged) it. */
  static volatile java.util.function.Consumer<String> afterWrite = t -> {};

  public JobContext(SparkSession spark, LinguaConfig config, String job) {
    this.spark = spark;
    this.config = config;
    this.job = job;
    this.core = CoreSettings.from(config);
    String given = core.runId();
    // A generated id carries a random suffix: two runs of a job started in the same second (a
    // scheduler's retries, a script's loop) must not share shards or a runs row.
    this.runId =
        given.isBlank()
            ? job
                + "-"
                + RUN_ID_TIME.format(startedAt)
                + "-"
                + String.format(
                    "%06x", java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24))
            : given;
    ProgressLog.installOn(spark.sparkContext());
  }

  public SparkSession spark() {
    return spark;
  }

  public LinguaConfig config() {
    return config;
  }

  public String job() {
    return job;
  }

  public String runId() {
    return runId;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public CoreSettings core() {
    return core;
  }

  public Path outputDir() {
    return core.output();
  }

  public String tablePath(Tables.Table table) {
    return core.tablePath(table);
  }

  public void count(String name, long value) {
    counters.put(name, value);
    LOG.info("{} {}: {} = {}", job.toUpperCase(), runId, name, value);
  }

  public Map<String, Long> counters() {
    return counters;
  }

  /** Names the Spark jobs that follow, so the UI and the logs say what is running. */
  public void describe(String phase) {
    String d = job.toUpperCase() + " run=" + runId + " " + phase;
    spark.sparkContext().setJobDescription(d);
    LOG.info(d);
  }

  private static boolean holdsParquet(Path dir) {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * Writes a table with the contract's column order, stamped with the run id, and returns what was
   * written. Overwrites the whole table: every job writes its outputs for one run, so re-running
   * gives the same table, not duplicates. The table is staged under {@code
   * <output.dir>/_staging/<run id>} and published with the job's other tables once the job's body
   * has succeeded ({@link Publication}): until then readers, this job included, see the previous
   * table at {@link #tablePath}, so read the returned dataset instead.
   */
  public Dataset<Row> write(Tables.Table table, Dataset<Row> rows) {
    // Each column carries its contract description as a field comment, which Parquet keeps in the
    // footer.
    Column[] cols =
        table.columns().stream()
            .map(
                c ->
                    (c.name().equals("run_id") ? functions.lit(runId) : functions.col(c.name()))
                        .as(c.name(), SparkSchemas.comment(c)))
            .toArray(Column[]::new);
    describe("write " + table.name());
    Dataset<Row> ordered = rows.select(cols);
    Path staged = Publication.staged(outputDir(), runId, table.name());
    ordered
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy(table.partitionBy().toArray(String[]::new))
        .parquet(staged.toString());
    if (!holdsParquet(staged)) {
      // Spark writes no data file for an empty partitioned dataset, and readers then cannot even
      // see
      // the schema: an empty table is rewritten unpartitioned, as one empty file that carries it.
      // Checked after the write, because asking the dataset first (isEmpty) would compute it twice.
      spark
          .createDataFrame(java.util.List.of(), ordered.schema())
          .coalesce(1)
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(staged.toString());
    }
    Publication.mark(staged, job, runId);
    if (!this.staged.contains(table.name())) {
      this.staged.add(table.name());
    }
    afterWrite.accept(table.name());
    // Read back with the contract's schema: no schema-inference job, and a partition value such as
    // a tokenizer named "2024" keeps its declared type instead of the one Spark would guess.
    return spark.read().schema(SparkSchemas.of(table)).parquet(staged.toString());
  }

  /** Publishes every table the job wrote, together (called once the job's body succeeded). */
  void publish() {
    Publication.publish(outputDir(), job, runId, staged);
    staged.clear();
  }

  /** Drops the tables a failed run staged. */
  void discardStaged() {
    Publication.discard(outputDir(), runId, staged);
    staged.clear();
  }
}
