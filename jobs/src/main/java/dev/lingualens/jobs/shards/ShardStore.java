package dev.lingualens.jobs.shards;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.jobs.JobContext;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resumable state of one job's run: {@code <output.dir>/_runs/<run id>/<job>/plan.tsv} (the
 * {@link Fingerprint} of the inputs, then the job's shard plan, one line per shard) and one {@code
 * shards/<id>.shard} ({@link ShardFile}) per finished shard. A shard's file appears by an atomic
 * rename of a fully written temporary file, so its existence marks it finished: a killed task
 * leaves at most a {@code .tmp-*} file, which is ignored. Re-running the run id computes only the
 * shards without a file.
 *
 * <p>A job plugs in with: {@code ShardStore.open(ctx, name, fingerprint, planLines)} on the driver;
 * {@link #pending} to know what to compute; {@link #save} in the task that computed a shard; {@link
 * #load} or {@link #rows} to read every shard back. Like every table path, the folder must be on a
 * file system the driver and the executors share.
 */
public final class ShardStore implements Serializable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardStore.class);
  private static final String FINGERPRINT = "# fingerprint ";

  /** Shards this JVM may still publish before the test hook fails a task; negative: no limit. */
  private static final AtomicInteger UNTIL_FAILURE = new AtomicInteger(-1);

  private final String dir;
  private final String fingerprint;
  private final int shards;

  private ShardStore(Path dir, String fingerprint, int shards) {
    this.dir = dir.toAbsolutePath().toString();
    this.fingerprint = fingerprint;
    this.shards = shards;
  }

  /**
   * The store of {@code job} in the context's run, with its plan fixed: stored on the first run; a
   * re-run must bring the same fingerprint and plan. A different one is refused (see {@link #fix}).
   */
  public static ShardStore open(
      JobContext ctx, String job, Fingerprint fingerprint, List<String> plan) {
    return open(
        ctx.outputDir().resolve("_runs").resolve(ctx.runId()).resolve(job),
        ctx.runId(),
        fingerprint.hex(),
        plan);
  }

  static ShardStore open(Path dir, String runId, String fingerprint, List<String> plan) {
    ShardStore store = new ShardStore(dir, fingerprint, plan.size());
    store.fix(runId, plan);
    return store;
  }

  private Path root() {
    return Paths.get(dir);
  }

  private Path file(int shard) {
    return root().resolve("shards").resolve(shard + ".shard");
  }

  /**
   * Refuses, rather than discards, shards of other inputs: they may be hours of GPU time that a
   * mistyped path would otherwise delete, and the run id names one computation. The message names
   * the folder to delete to start the run id afresh.
   */
  private void fix(String runId, List<String> plan) {
    Path file = root().resolve("plan.tsv");
    List<String> lines = new ArrayList<>();
    lines.add(FINGERPRINT + fingerprint);
    lines.addAll(plan);
    try {
      if (Files.exists(file)) {
        List<String> stored = Files.readAllLines(file);
        String was =
            stored.isEmpty() || !stored.get(0).startsWith(FINGERPRINT)
                ? "none"
                : stored.get(0).substring(FINGERPRINT.length());
        if (!was.equals(fingerprint)) {
          throw new ConfigException(
              "run.id '"
                  + runId
                  + "' already has shards computed from other inputs in "
                  + root()
                  + " (fingerprint "
                  + was
                  + ", now "
                  + fingerprint
                  + ": the model, tokenizer, input tables or settings changed);"
                  + " use a new run.id, or delete that folder to start this one afresh");
        }
        if (!stored.equals(lines)) {
          throw new ConfigException(
              "run.id '"
                  + runId
                  + "' already has a different shard plan in "
                  + file
                  + " ("
                  + (stored.size() - 1)
                  + " shards, now "
                  + plan.size()
                  + "); use a new run.id, or delete "
                  + root()
                  + " to start this one afresh");
        }
        LOG.info("resuming {}: {} of {} shards finished", root(), finished().size(), shards);
        return;
      }
      Files.createDirectories(root().resolve("shards"));
      Path tmp = root().resolve("plan.tsv.tmp-" + UUID.randomUUID());
      Files.write(tmp, lines);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the shard plan in " + root(), e);
    }
  }

  /** Shards with a published file. */
  public Set<Integer> finished() {
    Set<Integer> ids = new TreeSet<>();
    try (Stream<Path> files = Files.list(root().resolve("shards"))) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{1,9}\\.shard"))
          .map(n -> Integer.parseInt(n.substring(0, n.length() - ".shard".length())))
          .filter(id -> id < shards)
          .forEach(ids::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  /** Shards {@code 0..n-1} of the plan without a published file, in order. */
  public List<Integer> pending() {
    Set<Integer> done = finished();
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      if (!done.contains(i)) {
        out.add(i);
      }
    }
    return out;
  }

  public int size() {
    return shards;
  }

  /** Publishes one shard's rows. Written once per shard; a retried task's copy is equal. */
  public void save(int shard, StructType schema, List<org.apache.spark.sql.Row> rows) {
    Path target = file(shard);
    Path tmp = target.resolveSibling(shard + ".shard.tmp-" + UUID.randomUUID());
    try {
      ShardFile.write(tmp, shard, fingerprint, schema, rows);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish shard " + shard + " at " + target, e);
    }
    if (UNTIL_FAILURE.get() >= 0 && UNTIL_FAILURE.updateAndGet(n -> Math.max(0, n - 1)) == 0) {
      throw new IllegalStateException("interrupted after shard " + shard + " (test hook)");
    }
  }

  /** One shard's rows; a file that is not a shard of this run is one clear error naming it. */
  public List<Row> load(int shard, StructType schema) {
    return ShardFile.read(file(shard), shard, fingerprint, schema);
  }

  /** Every shard's rows as a dataset, read on the executors (one task per shard). */
  public Dataset<Row> rows(SparkSession spark, StructType schema) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      ids.add(i);
    }
    ShardStore store = this;
    return spark
        .createDataset(
            JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(ids, Math.max(1, ids.size()))
                .rdd(),
            Encoders.INT())
        .flatMap(
            (FlatMapFunction<Integer, Row>) id -> store.load(id, schema).iterator(),
            Encoders.row(schema));
  }

  /**
   * Test hook, for tests in one JVM (Spark local mode): from now on a task fails right after this
   * JVM has published {@code k} more shards, as an interrupted run would; {@code -1} turns it off.
   */
  public static void failAfterShards(int k) {
    UNTIL_FAILURE.set(k);
  }
}
