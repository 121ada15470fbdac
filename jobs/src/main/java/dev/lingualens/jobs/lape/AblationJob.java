package dev.lingualens.jobs.lape;

import static org.apache.spark.sql.functions.col;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.schema.NeuronTables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.SparkSchemas;
import dev.lingualens.jobs.TableRow;
import dev.lingualens.jobs.demo.DemoModels;
import dev.lingualens.jobs.model.ModelHandle;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code lingualens ablate}: zero each language's neurons and measure mean NLL per token on the
 * held-out windows of every language (methods.md 2.5) → {@code ablation}, with Δ against the
 * unablated model.
 */
public final class AblationJob extends BaseJob<AblationSettings, AblationJob.Result> {
  public record Result(String runId, String model, int conditions, int evalLanguages) {}

  public AblationJob() {
    super(
        "ablate",
        "language_neurons + held-out windows -> ablation (NLL with each language's neurons zeroed)",
        List.of(CorpusTables.DOCUMENTS, NeuronTables.LANGUAGE_NEURONS),
        List.of(NeuronTables.ABLATION),
        AblationSettings.KEYS,
        AblationSettings::from);
  }

  @Override
  public boolean usesModel() {
    return true;
  }

  @Override
  public Optional<LinguaConfig> demoConfig(LinguaConfig config) {
    return DemoModels.withModel(config);
  }

  @Override
  public Result execute(JobContext ctx, AblationSettings settings) {
    ModelHandle ref = settings.neurons().model();
    Map<String, Map<Integer, int[]>> masks = masks(ctx, ref.name());
    ctx.describe("windows model=" + ref.name());
    Dataset<Row> heldOut =
        NeuronWindows.of(NeuronCountJob.windows(ctx, settings.neurons()), NeuronWindows.HELDOUT);
    int cap = settings.maxWindowsPerLang();
    if (cap > 0) {
      heldOut = heldOut.filter(col("window").lt(cap));
    }
    ctx.describe("ABLATE model=" + ref.name() + " conditions=" + (masks.size() + 1));
    List<scala.Tuple2<String, double[]>> sums =
        heldOut
            .repartition(
                NeuronCountJob.partitions(ctx, settings.neurons()), col("lang"), col("window"))
            .sortWithinPartitions("lang")
            .javaRDD()
            .mapPartitionsToPair(InputSchema.checked(heldOut, new EvaluateNll(ref, masks)))
            .reduceByKey((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]})
            .collect();
    Map<String, Map<String, double[]>> table = new TreeMap<>();
    for (scala.Tuple2<String, double[]> t : sums) {
      String[] k = t._1().split("\u0000");
      table.computeIfAbsent(k[0], x -> new TreeMap<>()).put(k[1], t._2());
    }
    Map<String, double[]> baseline = table.getOrDefault(EvaluateNll.NONE, Map.of());
    if (baseline.isEmpty()) {
      throw new ConfigException(
          "no held-out windows to evaluate: documents too short for the window, or "
              + "neurons.heldout selects nothing");
    }
    List<Row> rows = new ArrayList<>();
    table.forEach(
        (masked, byEval) ->
            byEval.forEach(
                (eval, s) -> {
                  double nll = -s[0] / s[1];
                  double base = -baseline.get(eval)[0] / baseline.get(eval)[1];
                  rows.add(
                      TableRow.of(NeuronTables.ABLATION)
                          .set("model", ref.name())
                          .set("masked_lang", masked)
                          .set("eval_lang", eval)
                          .set("n_tokens", (long) s[1])
                          .set("nll", nll)
                          .set("ppl", Math.exp(nll))
                          .set("delta_nll", nll - base)
                          .set("delta_ppl", Math.exp(nll) - Math.exp(base))
                          .set("run_id", null)
                          .build());
                }));
    ctx.write(
        NeuronTables.ABLATION,
        ctx.spark().createDataFrame(rows, SparkSchemas.of(NeuronTables.ABLATION)));
    ctx.count("conditions", table.size());
    ctx.count("eval_languages", baseline.size());
    return new Result(ctx.runId(), ref.name(), table.size(), baseline.size());
  }

  /** The masks of {@code language_neurons}: language → layer → neurons. */
  static Map<String, Map<Integer, int[]>> masks(JobContext ctx, String model) {
    String path = ctx.tablePath(NeuronTables.LANGUAGE_NEURONS);
    if (!Files.isDirectory(Paths.get(path))) {
      throw new ConfigException(
          "No language_neurons table at " + path + " (run 'lingualens lape' first)");
    }
    Map<String, Map<Integer, List<Integer>>> lists = new TreeMap<>();
    for (Row r :
        ctx.spark()
            .read()
            .parquet(path)
            .filter(col("model").equalTo(model))
            .select("lang", "layer", "neuron")
            .collectAsList()) {
      lists
          .computeIfAbsent(r.<String>getAs("lang"), k -> new TreeMap<>())
          .computeIfAbsent(r.<Integer>getAs("layer"), k -> new ArrayList<>())
          .add(r.<Integer>getAs("neuron"));
    }
    Map<String, Map<Integer, int[]>> out = new TreeMap<>();
    lists.forEach(
        (lang, layers) -> {
          Map<Integer, int[]> m = new HashMap<>();
          layers.forEach(
              (l, n) -> m.put(l, n.stream().mapToInt(Integer::intValue).sorted().toArray()));
          out.put(lang, m);
        });
    return out;
  }
}
