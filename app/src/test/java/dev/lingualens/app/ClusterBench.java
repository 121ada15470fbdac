package dev.lingualens.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster benchmark of docs/benchmarks.md (not part of CI; run with
 * -Dlingualens.test.groups=bench): neurons on 1 worker x 1 core vs 2 workers x 1 core (same input,
 * a compute-bound random Llama from scripts/bench/make_cluster_bench_model.py), and token-stats on
 * 1x, 2x, 4x the UDHR documents on 2 workers. Job time = ended_at - started_at of the job's row in
 * the runs table (Spark start-up and submit overhead excluded); printed as a markdown table.
 */
@Tag("bench")
class ClusterBench {
  @TempDir Path dir;

  @Test
  void neuronsScaleOutAndTokenStatsScaleWithInput() throws Exception {
    Path root = Submit.root();
    Path dist = Submit.dist(root);
    Path model = dir.resolve("bench-model");
    Process py =
        new ProcessBuilder(
                "python3",
                root.resolve("scripts/bench/make_cluster_bench_model.py").toString(),
                model.toString())
            .inheritIO()
            .start();
    if (py.waitFor() != 0) {
      throw new AssertionError("make_cluster_bench_model.py failed");
    }
    // documents of the whole shipped UDHR sample, once, in local mode
    Submit.run(
        root,
        dist,
        dir.resolve("ingest.log"),
        List.of(
            "--master",
            "local[2]",
            "--conf",
            "spark.driver.host=127.0.0.1",
            "ingest",
            "--output.dir=" + dir.resolve("x1"),
            "--ingest.inputs=udhr=udhr:" + root.resolve("sample-data/udhr")));
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    for (int k : new int[] {2, 4}) {
      Dataset<Row> docs = spark.read().parquet(dir.resolve("x1/documents").toString());
      Dataset<Row> many = docs;
      for (int i = 1; i < k; i++) {
        many =
            many.unionByName(
                docs.withColumn(
                    "id", functions.concat(functions.col("id"), functions.lit("#" + i))));
      }
      many.write()
          .partitionBy("corpus", "lang")
          .parquet(dir.resolve("x" + k + "/documents").toString());
    }
    List<String> lines = new ArrayList<>();
    lines.add("| job | cluster | input | job seconds |");
    lines.add("|---|---|---|---|");
    double[] neurons = new double[3];
    // The size of the neurons run: which copy of the documents, the token cap per language and
    // windows per shard.
    String input = System.getProperty("lingualens.bench.neurons-input", "x1");
    String tokens = System.getProperty("lingualens.bench.neurons-tokens", "4096");
    String shardWindows = System.getProperty("lingualens.bench.shard-windows", "8");
    for (int workers : new int[] {1, 2}) {
      try (StandaloneCluster c =
          StandaloneCluster.start(
              dist, Files.createDirectories(dir.resolve("c" + workers)), workers, 1, "2g")) {
        String out = "n" + workers;
        copy(spark, dir.resolve(input + "/documents"), dir.resolve(out + "/documents"));
        Submit.run(
            root,
            dist,
            dir.resolve(out + ".log"),
            args(
                c,
                "neurons",
                "--output.dir=" + dir.resolve(out),
                "--run.id=bench",
                "--model.path=" + model,
                "--neurons.window=64",
                "--neurons.max-tokens-per-lang=" + tokens,
                "--neurons.shard-windows=" + shardWindows));
        neurons[workers] = seconds(spark, dir.resolve(out), "neurons");
        lines.add(
            "| neurons | "
                + workers
                + " worker x 1 core | "
                + input
                + " UDHR documents, "
                + tokens
                + " tokens per language, "
                + shardWindows
                + " windows per shard | "
                + String.format("%.1f", neurons[workers])
                + " |");
        if (workers == 2) {
          for (int k : new int[] {1, 2, 4}) {
            Submit.run(
                root,
                dist,
                dir.resolve("ts" + k + ".log"),
                args(
                    c,
                    "token-stats",
                    "--output.dir=" + dir.resolve("x" + k),
                    "--run.id=bench-ts" + k,
                    "--tokenstats.tokenizers=mistral7b="
                        + root.resolve("sample-data/tokenizers/mistral7b")));
            lines.add(
                "| token-stats | 2 workers x 1 core | "
                    + k
                    + "x UDHR documents | "
                    + String.format("%.1f", seconds(spark, dir.resolve("x" + k), "token-stats"))
                    + " |");
          }
        }
      }
    }
    lines.add("");
    lines.add(String.format("neurons speedup 2 workers vs 1: %.2fx", neurons[1] / neurons[2]));
    System.out.println(String.join("\n", lines));
    Files.write(
        Path.of(System.getProperty("lingualens.bench.out", "target/cluster-bench.md")), lines);
  }

  private static List<String> args(StandaloneCluster c, String command, String... keys) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--master",
                c.url(),
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.sql.shuffle.partitions=8",
                "--executor-memory",
                "1g",
                "--conf",
                "spark.executor.cores=1",
                // one libtorch thread per executor core, else each executor's forward spreads over
                // every core
                "--conf",
                "spark.executor.extraJavaOptions=-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1"
                    + " -Dai.djl.pytorch.num_interop_threads=1",
                "--conf",
                "spark.executorEnv.OMP_NUM_THREADS=1",
                command));
    a.addAll(List.of(keys));
    return a;
  }

  private static void copy(SparkSession spark, Path from, Path to) {
    spark
        .read()
        .parquet(from.toString())
        .write()
        .partitionBy("corpus", "lang")
        .parquet(to.toString());
  }

  private static double seconds(SparkSession spark, Path out, String job) {
    Row r =
        spark
            .read()
            .parquet(out.resolve("runs").toString())
            .filter(
                functions.col("job").equalTo(job).and(functions.col("status").equalTo("succeeded")))
            .select(functions.expr("(unix_millis(ended_at) - unix_millis(started_at)) / 1000.0"))
            .first();
    return ((Number) r.get(0)).doubleValue();
  }
}
