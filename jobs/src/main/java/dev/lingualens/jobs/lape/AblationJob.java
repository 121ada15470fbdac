package dev.lingualens.jobs.lape;

import static org.apache.spark.sql.functions.col;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.Tables;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.RunRecorder;
import dev.lingualens.jobs.SparkSchemas;
import dev.lingualens.jobs.model.ModelHandle;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lingualens ablate}: zero each language's neurons and measure mean NLL per token on the held-out
 * windows of every language (methods.md 2.5) → {@code ablation}, with Δ against the unablated model.
 */
public final class AblationJob {
  public record Result(String runId, String model, int conditions, int evalLanguages) {}

  private AblationJob() {}

  public static Result run(SparkSession spark, LinguaConfig config) {
    return RunRecorder.recorded(new JobContext(spark, config, "ablate"), AblationJob::body);
  }

  private static Result body(JobContext ctx) {
    ModelHandle ref = ModelHandle.fromConfig(ctx.config());
    Map<String, Map<Integer, int[]>> masks = masks(ctx, ref.name());
    ctx.describe("windows model=" + ref.name());
    Dataset<Row> heldOut = NeuronWindows.of(NeuronCountJob.windows(ctx, ref), NeuronWindows.HELDOUT);
    int cap = ctx.config().getInt("ablate.max-windows-per-lang", 0);
    if (cap > 0) {
      heldOut = heldOut.filter(col("window").lt(cap));
    }
    ctx.describe("ABLATE model=" + ref.name() + " conditions=" + (masks.size() + 1));
    List<scala.Tuple2<String, double[]>> sums = heldOut
        .repartition(NeuronCountJob.partitions(ctx), col("lang"), col("window"))
        .sortWithinPartitions("lang")
        .javaRDD()
        .mapPartitionsToPair(new EvaluateNll(ref, masks))
        .reduceByKey((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]})
        .collect();
    Map<String, Map<String, double[]>> table = new TreeMap<>();
    for (scala.Tuple2<String, double[]> t : sums) {
      String[] k = t._1().split("\u0000");
      table.computeIfAbsent(k[0], x -> new TreeMap<>()).put(k[1], t._2());
    }
    Map<String, double[]> baseline = table.getOrDefault(EvaluateNll.NONE, Map.of());
    if (baseline.isEmpty()) {
      throw new ConfigException("no held-out windows to evaluate: documents too short for the window, or "
          + "neurons.heldout selects nothing");
    }
    List<Row> rows = new ArrayList<>();
    table.forEach((masked, byEval) -> byEval.forEach((eval, s) -> {
      double nll = -s[0] / s[1];
      double base = -baseline.get(eval)[0] / baseline.get(eval)[1];
      rows.add(RowFactory.create(ref.name(), masked, eval, (long) s[1], nll, Math.exp(nll), nll - base,
          Math.exp(nll) - Math.exp(base), null));
    }));
    ctx.write(Tables.ABLATION, ctx.spark().createDataFrame(rows, SparkSchemas.of(Tables.ABLATION)));
    ctx.count("conditions", table.size());
    ctx.count("eval_languages", baseline.size());
    return new Result(ctx.runId(), ref.name(), table.size(), baseline.size());
  }

  /** The masks of {@code language_neurons}: language → layer → neurons. */
  static Map<String, Map<Integer, int[]>> masks(JobContext ctx, String model) {
    String path = ctx.tablePath(Tables.LANGUAGE_NEURONS);
    if (!Files.isDirectory(Paths.get(path))) {
      throw new ConfigException("No language_neurons table at " + path + " (run 'lingualens lape' first)");
    }
    Map<String, Map<Integer, List<Integer>>> lists = new TreeMap<>();
    for (Row r : ctx.spark().read().parquet(path).filter(col("model").equalTo(model))
        .select("lang", "layer", "neuron").collectAsList()) {
      lists.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).computeIfAbsent(r.getInt(1), k -> new ArrayList<>())
          .add(r.getInt(2));
    }
    Map<String, Map<Integer, int[]>> out = new TreeMap<>();
    lists.forEach((lang, layers) -> {
      Map<Integer, int[]> m = new HashMap<>();
      layers.forEach((l, n) -> m.put(l, n.stream().mapToInt(Integer::intValue).sorted().toArray()));
      out.put(lang, m);
    });
    return out;
  }
}
