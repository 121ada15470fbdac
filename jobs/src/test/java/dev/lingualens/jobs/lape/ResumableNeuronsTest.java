package dev.lingualens.jobs.lape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.DemoTables;
import dev.lingualens.jobs.Repo;
import dev.lingualens.jobs.SparkTestSession;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A neurons run killed mid-way (SIGKILL of its JVM, as a lost driver would be) and re-run with the
 * same run id: finished shards are skipped, nothing half-written is visible in between, and the
 * table equals an uninterrupted run's.
 */
class ResumableNeuronsTest {
  @TempDir Path dir;

  @Test
  void killedRunResumesFromItsFinishedShards() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path out = dir.resolve("out");
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("output.dir", out.toString());
    keys.put(
        "model.path",
        Repo.root().resolve("common/src/test/resources/fixtures/models/llama").toString());
    keys.put("neurons.window", "16");
    keys.put("neurons.shard-windows", "4");
    LinguaConfig config = LinguaConfig.defaults().with(keys);
    long t0 = System.nanoTime();
    FileUtils.copyDirectory(
        DemoTables.outputDir().resolve("documents").toFile(),
        out.resolve("documents").toFile()); // four UDHR languages

    // 1. the first attempt, in its own JVM, killed once a few shards are published
    List<String> cmd =
        new ArrayList<>(
            List.of(
                javaBin(),
                "-Xmx1g",
                "-Dai.djl.offline=true",
                "-Dlingualens.home=" + Repo.root(),
                "-cp",
                System.getProperty("java.class.path")));
    cmd.addAll(addOpens());
    cmd.add("dev.lingualens.jobs.Cli");
    cmd.add("neurons");
    keys.forEach((k, v) -> cmd.add("--" + k + "=" + v));
    cmd.add("--run.id=resume-1");
    Path shards = out.resolve("_runs/resume-1/neurons/shards");
    Process first =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("first-attempt.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (published(shards) < 3 && first.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      first.destroyForcibly().waitFor();
    }
    System.err.printf("[resume-test] first attempt %.1f s%n", (System.nanoTime() - t0) / 1e9);
    List<String> plan = Files.readAllLines(shards.resolveSibling("plan.tsv"));
    assertThat(plan.get(0)).startsWith("# fingerprint ");
    int total = ShardPlan.parse(plan.subList(1, plan.size())).size();
    long finishedBeforeKill = published(shards);
    assertThat(finishedBeforeKill)
        .as("shards published before the kill (log: %s)", dir.resolve("first-attempt.log"))
        .isGreaterThanOrEqualTo(3)
        .isLessThan(total);
    assertThat(out.resolve("neuron_counts")).as("no table visible after the kill").doesNotExist();

    // 2. the same run id again: skips what was published, finishes the rest
    LinguaConfig resume = config.with(Map.of("run.id", "resume-1"));
    new NeuronCountJob().run(spark, resume);
    JsonNode counters = counters(spark, out, "resume-1");
    assertThat(counters.get("shards").asLong()).isEqualTo(total);
    assertThat(counters.get("shards_skipped").asLong())
        .isGreaterThanOrEqualTo(finishedBeforeKill)
        .isLessThan(total);
    List<String> resumed = rows(spark, out);
    System.err.printf("[resume-test] resumed %.1f s%n", (System.nanoTime() - t0) / 1e9);

    // 3. an uninterrupted run under a new id gives the same table
    new NeuronCountJob().run(spark, config.with(Map.of("run.id", "straight-1")));
    assertThat(counters(spark, out, "straight-1").get("shards_skipped").asLong()).isZero();
    assertThat(rows(spark, out)).isEqualTo(resumed).hasSize(4 * 2);
  }

  /**
   * The same run id resumed with another model (here: the same folder name and model name, one
   * config value changed) is refused: its finished shards were counted with the first model.
   */
  @Test
  void aRunIdResumedWithAnotherModelIsRefused() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path out = dir.resolve("out");
    FileUtils.copyDirectory(
        DemoTables.outputDir().resolve("documents").toFile(), out.resolve("documents").toFile());
    Path llama = Repo.root().resolve("common/src/test/resources/fixtures/models/llama");
    Path other = dir.resolve("other/llama");
    FileUtils.copyDirectory(llama.toFile(), other.toFile());
    Path config = other.resolve("config.json");
    Files.writeString(
        config,
        Files.readString(config).replace("\"rms_norm_eps\": 1e-05", "\"rms_norm_eps\": 0.5"));
    LinguaConfig c =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir", out.toString(),
                    "neurons.window", "16",
                    "neurons.shard-windows", "8",
                    "run.id", "r1"));
    new NeuronCountJob().run(spark, c.with(Map.of("model.path", llama.toString())));
    List<String> first = rows(spark, out);
    assertThatThrownBy(
            () -> new NeuronCountJob().run(spark, c.with(Map.of("model.path", other.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("run.id 'r1' already has shards computed from other inputs")
        .hasMessageContaining("use a new run.id");
    assertThat(rows(spark, out)).as("the first model's table stays").isEqualTo(first);

    // the normal resume of the same inputs: every shard is skipped, the table is the same
    new NeuronCountJob().run(spark, c.with(Map.of("model.path", llama.toString())));
    JsonNode counters = counters(spark, out, "r1");
    assertThat(counters.get("shards_skipped").asLong()).isEqualTo(counters.get("shards").asLong());
    assertThat(rows(spark, out)).isEqualTo(first);
  }

  private static long published(Path shards) throws Exception {
    if (!Files.isDirectory(shards)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(shards)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".shard")).count();
    }
  }

  private static List<String> rows(SparkSession spark, Path out) {
    return spark
        .read()
        .parquet(out.resolve("neuron_counts").toString())
        .drop("run_id")
        .select(functions.to_json(functions.struct("*")))
        .orderBy(functions.col("lang"), functions.col("layer"))
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  private static JsonNode counters(SparkSession spark, Path out, String runId) throws Exception {
    Row r =
        spark
            .read()
            .parquet(out.resolve("runs").toString())
            .filter(
                functions
                    .col("run_id")
                    .equalTo(runId)
                    .and(functions.col("status").equalTo("succeeded")))
            .orderBy(functions.col("ended_at").desc())
            .first();
    return new ObjectMapper().readTree(r.<String>getAs("counters_json"));
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The opens this test JVM got from the build (the parent pom's spark.add.opens), for the child
   * JVM.
   */
  static List<String> addOpens() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect.useDirectMethodHandle"))
        .toList();
  }
}
