package dev.lingualens.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar on a real standalone cluster (a Master and two Workers, separate JVMs on
 * loopback), submitted through scripts/submit: the demo pipeline (ingest, token-stats, neurons,
 * lape, ablate, report) must write the same tables as in local mode; the model is loaded once per
 * executor; and killing an executor JVM in the middle of the neuron counting changes nothing in its
 * output. Runs in Maven's integration-test phase, after the jar is shaded.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  static final List<String> TABLES =
      List.of(
          "documents",
          "quarantine",
          "token_stats",
          "token_stats_docs",
          "neuron_counts",
          "neuron_scores",
          "lape_thresholds",
          "language_neurons",
          "ablation");

  @TempDir static Path dir;
  static Path root;
  static Path dist;
  static StandaloneCluster cluster;
  static SparkSession spark;

  @BeforeAll
  static void runDemoLocallyAndOnTheCluster() throws Exception {
    root = Submit.root();
    dist = Submit.dist(root);
    cluster =
        StandaloneCluster.start(
            dist, Files.createDirectories(dir.resolve("cluster")), 2, 1, "1536m");
    Submit.run(root, dist, dir.resolve("local.log"), demo("local[2]", "local"));
    Submit.run(root, dist, dir.resolve("cluster.log"), demo(cluster.url(), "cluster"));
    spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("cluster-test-reader")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static List<String> sparkOptions(String master) {
    List<String> o =
        new ArrayList<>(
            List.of(
                "--master",
                master,
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.sql.shuffle.partitions=8",
                "--conf",
                "spark.ui.enabled=false"));
    if (master.startsWith("spark://")) {
      o.addAll(
          List.of(
              "--executor-memory",
              "1g",
              "--conf",
              "spark.executor.cores=1",
              "--total-executor-cores",
              "2"));
    }
    return o;
  }

  static List<String> lingualensKeys(String out, String runId) {
    return List.of(
        "--output.dir=" + dir.resolve(out),
        "--run.id=" + runId,
        "--tokenstats.tokenizers=mistral7b=" + root.resolve("sample-data/tokenizers/mistral7b"),
        "--model.path=" + root.resolve("common/src/test/resources/fixtures/models/llama"),
        "--neurons.window=16",
        "--neurons.shard-windows=8",
        // rates for a 2-layer, 64-neuron model, so every language has neurons to select and ablate
        "--lape.top-rate=0.2",
        "--lape.filter-rate=0.5",
        "--lape.activation-bar-ratio=0.5");
  }

  static List<String> demo(String master, String out) {
    List<String> a = new ArrayList<>(sparkOptions(master));
    a.add("demo");
    a.addAll(lingualensKeys(out, "demo-" + out));
    return a;
  }

  @Test
  @Order(1)
  void everyClusterTableEqualsTheLocalOne() {
    for (String t : TABLES) {
      List<String> local = rows("local", t);
      assertThat(local).as(t + " (local)").isNotEmpty();
      assertThat(rows("cluster", t)).as(t + ": cluster vs local").isEqualTo(local);
    }
    assertThat(dir.resolve("cluster/report/index.html")).exists();
  }

  @Test
  @Order(2)
  void eachExecutorLoadedTheModelOnce() throws Exception {
    JsonNode c = counters("cluster", "demo-cluster", "neurons");
    assertThat(c.get("model_load_executors").asLong()).isEqualTo(2);
    assertThat(c.get("model_loads").asLong()).isEqualTo(2);
    assertThat(c.get("shards").asLong()).as("tasks that used the model").isGreaterThan(2);
    assertThat(c.get("model_loads_in_driver_jvm").asLong()).isZero();
  }

  @Test
  @Order(3)
  void killingAnExecutorMidwayLeavesTheCountsUnchanged() throws Exception {
    Path docs = dir.resolve("kill/documents");
    FileUtils.copyDirectory(dir.resolve("cluster/documents").toFile(), docs.toFile());
    List<String> a = new ArrayList<>(sparkOptions(cluster.url()));
    a.add("neurons");
    // the same configuration as the demo runs it is compared with (demo reads conf/demo.conf by
    // default)
    a.add("--conf-file=" + root.resolve("conf/demo.conf"));
    a.addAll(lingualensKeys("kill", "kill-1"));
    Path log = dir.resolve("kill.log");
    Path shards = dir.resolve("kill/_runs/kill-1/neurons/shards");
    Process submit = Submit.start(root, dist, log, a);
    ProcessHandle killed = null;
    long atKill = -1;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (killed == null && submit.isAlive() && System.nanoTime() < deadline) {
      if (published(shards) >= 4 && !cluster.executors().isEmpty()) {
        killed = cluster.executors().get(0);
        atKill = published(shards);
        killed.destroyForcibly(); // SIGKILL: the JVM dies with its running task and cached blocks
      }
      Thread.sleep(20);
    }
    Submit.awaitSuccess(submit, log);
    assertThat(killed).as("an executor was killed while neurons ran").isNotNull();
    long total =
        Files.readAllLines(shards.resolveSibling("plan.tsv")).size()
            - 1; // after the fingerprint line
    assertThat(atKill).as("shards published when the executor was killed").isLessThan(total);
    assertThat(Files.readString(log)).contains("Lost executor");
    assertThat(rows("kill", "neuron_counts")).isEqualTo(rows("local", "neuron_counts"));
    JsonNode c = counters("kill", "kill-1", "neurons");
    // the replacement executor loads the model too; still one load per executor JVM
    assertThat(c.get("model_loads").asLong()).isEqualTo(c.get("model_load_executors").asLong());
  }

  @Test
  @Order(4)
  void everyAirflowTaskClassIsInTheShadedJar() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "python3", "scripts/airflow/dag_tasks.py", "scripts/airflow/lingualens_dag.py")
            .directory(root.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("LINGUALENS_HOME", root.toString());
    Process p = pb.start();
    JsonNode tasks = new ObjectMapper().readTree(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isZero();
    assertThat(tasks.size()).isEqualTo(dev.lingualens.jobs.JobRegistry.jobs().size());
    for (JsonNode t : tasks) {
      Path jar = Path.of(t.get("application").asText());
      try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
        List<String> classes = new ArrayList<>(List.of(t.get("java_class").asText()));
        JsonNode plugins = t.get("conf").get("spark.plugins");
        if (plugins != null) {
          classes.addAll(List.of(plugins.asText().split(",")));
        }
        for (String c : classes) {
          String entry = c.trim().replace('.', '/') + ".class";
          assertThat(j.getEntry(entry)).as(entry + " in " + jar).isNotNull();
        }
      }
    }
  }

  /**
   * A table's rows as sorted JSON lines, run_id left out (each run stamps its own). Double columns
   * are rounded to 9 decimals: means and sums of doubles (premium_mean, nll) are added in an order
   * that follows the partitioning, so local and cluster runs may differ in the last bits; every
   * count, id and integer ratio must match exactly.
   */
  static List<String> rows(String out, String table) {
    Dataset<Row> t =
        spark.read().parquet(dir.resolve(out).resolve(table).toString()).drop("run_id");
    Column[] cols =
        java.util.Arrays.stream(t.schema().fields())
            .map(
                f ->
                    f.dataType().equals(DataTypes.DoubleType)
                        ? functions.round(functions.col(f.name()), 9).as(f.name())
                        : functions.col(f.name()))
            .toArray(Column[]::new);
    return t.select(cols)
        .select(functions.to_json(functions.struct("*")).as("j"))
        .orderBy("j")
        .as(Encoders.STRING())
        .collectAsList();
  }

  static JsonNode counters(String out, String runId, String job) throws Exception {
    Row r =
        spark
            .read()
            .parquet(dir.resolve(out).resolve("runs").toString())
            .filter(
                functions
                    .col("run_id")
                    .equalTo(runId)
                    .and(functions.col("job").equalTo(job))
                    .and(functions.col("status").equalTo("succeeded")))
            .first();
    return new ObjectMapper().readTree(r.<String>getAs("counters_json"));
  }

  static long published(Path shards) throws Exception {
    if (!Files.isDirectory(shards)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(shards)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".shard")).count();
    }
  }
}
