package dev.lingualens.jobs.lape;

import static org.apache.spark.sql.functions.col;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.model.ModelCache;
import dev.lingualens.common.model.ModelConfig;
import dev.lingualens.common.schema.Tables;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.RunRecorder;
import dev.lingualens.jobs.SparkSchemas;
import dev.lingualens.jobs.model.ModelRef;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code lingualens neurons}: per language, how often each FFN neuron is active (methods.md 2.1–2.2),
 * counted on the device across executors and summed exactly → {@code neuron_counts}.
 */
public final class NeuronCountJob {
  public record Result(String runId, String model, List<String> languages, long windows, long tokens) {}

  private NeuronCountJob() {}

  public static Result run(SparkSession spark, LinguaConfig config) {
    JobContext ctx = new JobContext(spark, config, "neurons");
    try {
      Result r = body(ctx);
      RunRecorder.record(ctx, "succeeded", null);
      return r;
    } catch (RuntimeException e) {
      RunRecorder.record(ctx, "failed", e.toString());
      throw e;
    }
  }

  /** Windows for counting and ablation, built the same way by both jobs. */
  static Dataset<Row> windows(JobContext ctx, ModelRef ref) {
    LinguaConfig config = ctx.config();
    String docsPath = ctx.tablePath(Tables.DOCUMENTS);
    if (!Files.isDirectory(Paths.get(docsPath))) {
      throw new ConfigException("No documents table at " + docsPath + " (run 'lingualens ingest' first)");
    }
    Dataset<Row> docs = ctx.spark().read().parquet(docsPath);
    if (!config.get("neurons.corpus").isBlank()) {
      docs = docs.filter(col("corpus").equalTo(config.get("neurons.corpus")));
    }
    List<String> langs = config.getList("neurons.languages");
    if (!langs.isEmpty()) {
      docs = docs.filter(col("lang").isin(langs.toArray()));
    }
    ModelConfig mc = ModelConfig.read(ref.folder());
    int window = config.getInt("neurons.window", 0) == 0 ? mc.maxPositions() : config.getInt("neurons.window", 2);
    if (window > mc.maxPositions()) {
      throw config.bad("neurons.window", "at most the model's context, " + mc.maxPositions());
    }
    String sep = config.get("neurons.separator");
    if (!sep.equals("eos") && !sep.equals("none")) {
      throw config.bad("neurons.separator", "eos or none");
    }
    NeuronWindows.Settings s = new NeuronWindows.Settings(window, sep.equals("eos"),
        config.getLong("neurons.max-tokens-per-lang", 0), HeldOutRule.parse(config.get("neurons.heldout")));
    return NeuronWindows.build(ctx.spark(), docs, ref, s);
  }

  static int partitions(JobContext ctx) {
    int p = ctx.config().getInt("neurons.partitions", 0);
    return p > 0 ? p : ctx.spark().sparkContext().defaultParallelism();
  }

  private static Result body(JobContext ctx) {
    ModelRef ref = ModelRef.fromConfig(ctx.config());
    boolean powerSums = ctx.config().getBoolean("neurons.power-sums");
    ctx.describe("windows model=" + ref.name());
    Dataset<Row> windows = NeuronWindows.of(windows(ctx, ref), NeuronWindows.TRAIN)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long nWindows = windows.count();
      List<String> langs = windows.select("lang").distinct().orderBy("lang").as(org.apache.spark.sql.Encoders.STRING())
          .collectAsList();
      if (langs.size() < 2) {
        throw new ConfigException("neurons needs windows of at least two languages; found " + langs
            + " (documents too short for the window, or neurons.languages/neurons.corpus too narrow)");
      }
      ctx.describe("NEURONS model=" + ref.name() + " langs=" + langs.size() + " windows=" + nWindows);
      JavaRDD<Row> counts = windows.repartition(partitions(ctx), col("lang"), col("window"))
          .sortWithinPartitions("lang")
          .javaRDD()
          .mapPartitionsToPair(new CountActivations(ref, powerSums))
          .reduceByKey(ActivationCounts::plus)
          .map(t -> toRow(ref.name(), t._1(), t._2()));
      int window = windows.first().<Integer>getList(3).size();
      Dataset<Row> table = ctx.spark().createDataFrame(counts, SparkSchemas.of(Tables.NEURON_COUNTS))
          .withColumn("window", org.apache.spark.sql.functions.lit(window));
      ctx.write(Tables.NEURON_COUNTS, table);
      long tokens = nWindows * window;
      ctx.count("languages", langs.size());
      ctx.count("windows", nWindows);
      ctx.count("tokens", tokens);
      ctx.count("model_loads_in_driver_jvm", ModelCache.loads());
      return new Result(ctx.runId(), ref.name(), langs, nWindows, tokens);
    } finally {
      windows.unpersist();
    }
  }

  private static Row toRow(String model, String key, ActivationCounts c) {
    int sep = key.indexOf('\u0000');
    String lang = key.substring(0, sep);
    int layer = Integer.parseInt(key.substring(sep + 1));
    double[][] ps = c.powerSums();
    return RowFactory.create(model, lang, layer, c.overZero(), c.tokens(), 0, ps == null ? null : ps[0],
        ps == null ? null : ps[1], ps == null ? null : ps[2], ps == null ? null : ps[3], null);
  }
}
