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
import dev.lingualens.jobs.shards.Fingerprint;
import dev.lingualens.jobs.shards.ShardPartitioner;
import dev.lingualens.jobs.shards.ShardStore;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * {@code lingualens ablate}: zero each language's neurons and measure mean NLL per token on the
 * held-out windows of every language (methods.md 2.5) → {@code ablation}, with Δ against the
 * unablated model.
 */
public final class AblationJob extends BaseJob<AblationSettings, AblationJob.Result> {
  /** One shard's sums: a row per (condition, eval language). */
  static final StructType SHARD =
      StructType.fromDDL("condition string, eval_lang string, logprob double, tokens bigint");

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
    Map<String, Long> perLang = new TreeMap<>();
    for (Row r : heldOut.groupBy("lang").count().collectAsList()) {
      perLang.put(r.getAs("lang"), r.<Long>getAs("count"));
    }
    ShardPlan plan = ShardPlan.of(perLang, settings.neurons().shardWindows());
    ShardStore store =
        ShardStore.open(ctx, name(), fingerprint(ctx, settings, masks), plan.lines());
    List<Integer> pending = store.pending();
    ctx.count("shards", plan.size());
    ctx.count("shards_skipped", plan.size() - pending.size());
    ctx.describe(
        "ABLATE model="
            + ref.name()
            + " conditions="
            + (masks.size() + 1)
            + " shards "
            + pending.size()
            + " to evaluate of "
            + plan.size());
    if (!pending.isEmpty()) {
      evaluateShards(
          heldOut, plan, pending, store, InputSchema.checked(heldOut, new EvaluateNll(ref, masks)));
    }
    Map<String, Map<String, double[]>> table = sums(plan, store);
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

  /**
   * One task per pending shard: its held-out windows, in window order, run under every condition;
   * the task publishes the shard's log-probability sums itself, so an interrupted run keeps every
   * finished shard.
   */
  private static void evaluateShards(
      Dataset<Row> heldOut,
      ShardPlan plan,
      List<Integer> pending,
      ShardStore store,
      EvaluateNll evaluate) {
    Set<Integer> wanted = new HashSet<>(pending);
    heldOut
        .javaRDD()
        .mapToPair(r -> new Tuple2<>(plan.shardOf(r.getAs("lang"), r.<Integer>getAs("window")), r))
        .filter(t -> wanted.contains(t._1()))
        .partitionBy(new ShardPartitioner(pending))
        .foreachPartition(
            it -> {
              List<Row> windows = new ArrayList<>();
              it.forEachRemaining(t -> windows.add(t._2()));
              windows.sort(Comparator.comparingInt(r -> r.<Integer>getAs("window")));
              List<Row> out = new ArrayList<>();
              evaluate
                  .call(windows.iterator())
                  .forEachRemaining(
                      t -> {
                        String[] k = t._1().split("\u0000");
                        out.add(
                            TableRow.of(SHARD)
                                .set("condition", k[0])
                                .set("eval_lang", k[1])
                                .set("logprob", t._2()[0])
                                .set("tokens", (long) t._2()[1])
                                .build());
                      });
              out.sort(
                  Comparator.comparing((Row r) -> r.<String>getAs("condition"))
                      .thenComparing(r -> r.<String>getAs("eval_lang")));
              store.save(pending.get(TaskContext.getPartitionId()), SHARD, out);
            });
  }

  /** Condition → eval language → (log-probability, tokens), added up in shard order. */
  private static Map<String, Map<String, double[]>> sums(ShardPlan plan, ShardStore store) {
    Map<String, Map<String, double[]>> table = new TreeMap<>();
    for (ShardPlan.Shard s : plan.shards()) {
      for (Row r : store.load(s.id(), SHARD)) {
        double[] acc =
            table
                .computeIfAbsent(r.getAs("condition"), k -> new TreeMap<>())
                .computeIfAbsent(r.getAs("eval_lang"), k -> new double[2]);
        acc[0] += r.<Double>getAs("logprob");
        acc[1] += r.<Long>getAs("tokens");
      }
    }
    return table;
  }

  /**
   * The held-out windows' inputs (as for {@code neurons}), the masks themselves and the window cap.
   */
  private static Fingerprint fingerprint(
      JobContext ctx, AblationSettings settings, Map<String, Map<Integer, int[]>> masks) {
    Fingerprint f = NeuronCountJob.fingerprint("ablate", ctx, settings.neurons());
    masks.forEach(
        (lang, layers) ->
            new TreeMap<>(layers)
                .forEach(
                    (layer, neurons) ->
                        f.setting("mask " + lang + " " + layer, Arrays.toString(neurons))));
    return f.setting("max-windows-per-lang", settings.maxWindowsPerLang());
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
