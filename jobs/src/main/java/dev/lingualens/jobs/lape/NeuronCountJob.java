package dev.lingualens.jobs.lape;

import static org.apache.spark.sql.functions.col;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.model.ModelConfig;
import dev.lingualens.common.model.SharedModels;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.schema.NeuronTables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.SparkSchemas;
import dev.lingualens.jobs.TableRow;
import dev.lingualens.jobs.demo.DemoModels;
import dev.lingualens.jobs.model.ModelHandle;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import scala.Tuple2;

/**
 * {@code lingualens neurons}: per language, how often each FFN neuron is active (methods.md
 * 2.1–2.2), counted on the device across executors and summed exactly → {@code neuron_counts}.
 */
public final class NeuronCountJob extends BaseJob<NeuronSettings, NeuronCountJob.Result> {
  public record Result(
      String runId, String model, List<String> languages, long windows, long tokens) {}

  public NeuronCountJob() {
    super(
        "neurons",
        "documents + model -> neuron_counts (per-language FFN activation counts)",
        List.of(CorpusTables.DOCUMENTS),
        List.of(NeuronTables.NEURON_COUNTS),
        NeuronSettings.KEYS,
        NeuronSettings::from);
  }

  @Override
  public boolean usesModel() {
    return true;
  }

  @Override
  public Optional<LinguaConfig> demoConfig(LinguaConfig config) {
    return DemoModels.withModel(config);
  }

  /** Windows for counting and ablation, built the same way by both jobs. */
  static Dataset<Row> windows(JobContext ctx, NeuronSettings settings) {
    ModelHandle ref = settings.model();
    String docsPath = ctx.tablePath(CorpusTables.DOCUMENTS);
    if (!Files.isDirectory(Paths.get(docsPath))) {
      throw new ConfigException(
          "No documents table at " + docsPath + " (run 'lingualens ingest' first)");
    }
    Dataset<Row> docs = ctx.spark().read().parquet(docsPath);
    if (!settings.corpus().isBlank()) {
      docs = docs.filter(col("corpus").equalTo(settings.corpus()));
    }
    List<String> langs = settings.languages();
    if (!langs.isEmpty()) {
      docs = docs.filter(col("lang").isin(langs.toArray()));
    }
    ModelConfig mc = ModelConfig.read(ref.folder());
    int window = settings.window() == 0 ? mc.maxPositions() : settings.window();
    if (window > mc.maxPositions()) {
      throw ctx.config()
          .bad(NeuronSettings.WINDOW, "at most the model's context, " + mc.maxPositions());
    }
    NeuronWindows.Settings s =
        new NeuronWindows.Settings(
            window, settings.eosSeparator(), settings.maxTokensPerLang(), settings.heldOut());
    return NeuronWindows.build(ctx.spark(), docs, ref, s);
  }

  static int partitions(JobContext ctx, NeuronSettings settings) {
    int p = settings.partitions();
    return p > 0 ? p : ctx.spark().sparkContext().defaultParallelism();
  }

  @Override
  public Result execute(JobContext ctx, NeuronSettings settings) {
    ModelHandle ref = settings.model();
    boolean powerSums = settings.powerSums();
    ctx.describe("windows model=" + ref.name());
    Dataset<Row> windows =
        NeuronWindows.of(windows(ctx, settings), NeuronWindows.TRAIN)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> perLang = new TreeMap<>();
      for (Row r : windows.groupBy("lang").count().collectAsList()) {
        perLang.put(r.getAs("lang"), r.<Long>getAs("count"));
      }
      List<String> langs = List.copyOf(perLang.keySet());
      long nWindows = perLang.values().stream().mapToLong(Long::longValue).sum();
      if (langs.size() < 2) {
        throw new ConfigException(
            "neurons needs windows of at least two languages; found "
                + langs
                + " (documents too short for the window, or neurons.languages/neurons.corpus too narrow)");
      }
      ShardPlan plan = ShardPlan.of(perLang, settings.shardWindows());
      ShardStore store =
          new ShardStore(ctx.outputDir().resolve("_runs").resolve(ctx.runId()).resolve("neurons"));
      store.fix(plan, ctx.runId());
      Set<Integer> done = store.finished();
      List<Integer> pending =
          plan.shards().stream().map(ShardPlan.Shard::id).filter(id -> !done.contains(id)).toList();
      ctx.count("shards", plan.size());
      ctx.count("shards_skipped", done.size());
      CollectionAccumulator<String> loads =
          ctx.spark().sparkContext().collectionAccumulator("model_loads");
      if (!pending.isEmpty()) {
        ctx.describe(
            "NEURONS model="
                + ref.name()
                + " langs="
                + langs.size()
                + " windows="
                + nWindows
                + " shards "
                + pending.size()
                + " to count of "
                + plan.size());
        countShards(
            windows,
            plan,
            pending,
            store,
            InputSchema.checked(windows, new CountActivations(ref, powerSums, loads)));
      }
      List<Row> rows = merge(ref.name(), plan, store);
      int window = RowValues.list(windows.first(), "ids").size();
      Dataset<Row> table =
          ctx.spark()
              .createDataFrame(rows, SparkSchemas.of(NeuronTables.NEURON_COUNTS))
              .withColumn("window", org.apache.spark.sql.functions.lit(window));
      ctx.write(NeuronTables.NEURON_COUNTS, table);
      long tokens = nWindows * window;
      ctx.count("languages", langs.size());
      ctx.count("windows", nWindows);
      ctx.count("tokens", tokens);
      // One entry per actual load, tagged with the executor: equal sizes = one load per executor
      // JVM.
      ctx.count("model_loads", loads.value().size());
      ctx.count("model_load_executors", loads.value().stream().distinct().count());
      ctx.count("model_loads_in_driver_jvm", SharedModels.loads());
      return new Result(ctx.runId(), ref.name(), langs, nWindows, tokens);
    } finally {
      windows.unpersist();
    }
  }

  /**
   * One Spark task per pending shard: its windows (in window order) go through the model, and the
   * task publishes the shard's partial counts itself, so an interrupted run keeps every finished
   * shard.
   */
  private static void countShards(
      Dataset<Row> windows,
      ShardPlan plan,
      List<Integer> pending,
      ShardStore store,
      CountActivations count) {
    Set<Integer> wanted = new HashSet<>(pending);
    windows
        .javaRDD()
        .mapToPair(r -> new Tuple2<>(plan.shardOf(r.getAs("lang"), r.<Integer>getAs("window")), r))
        .filter(t -> wanted.contains(t._1()))
        .partitionBy(new ShardPartitioner(pending))
        .foreachPartition(
            it -> {
              List<Row> shard = new ArrayList<>();
              int id = -1;
              while (it.hasNext()) {
                Tuple2<Integer, Row> t = it.next();
                id = t._1();
                shard.add(t._2());
              }
              if (id < 0) {
                return;
              }
              shard.sort(Comparator.comparingInt(r -> r.<Integer>getAs("window")));
              List<ShardStore.Keyed> out = new ArrayList<>();
              count
                  .call(shard.iterator())
                  .forEachRemaining(t -> out.add(new ShardStore.Keyed(t._1(), t._2())));
              store.save(id, out);
            });
  }

  /** Exact sums of every shard's partial counts per (language, layer), in a fixed order. */
  private static List<Row> merge(String model, ShardPlan plan, ShardStore store) {
    Map<String, ActivationCounts> sums = new TreeMap<>();
    for (ShardPlan.Shard s : plan.shards()) {
      for (ShardStore.Keyed k : store.load(s.id())) {
        sums.merge(k.key(), k.counts(), ActivationCounts::plus);
      }
    }
    List<Row> rows = new ArrayList<>();
    sums.forEach((key, c) -> rows.add(toRow(model, key, c)));
    return rows;
  }

  /** Pending shard i → partition i. */
  static final class ShardPartitioner extends org.apache.spark.Partitioner {
    private final Map<Integer, Integer> index = new HashMap<>();

    ShardPartitioner(List<Integer> shards) {
      for (int i = 0; i < shards.size(); i++) {
        index.put(shards.get(i), i);
      }
    }

    @Override
    public int numPartitions() {
      return index.size();
    }

    @Override
    public int getPartition(Object key) {
      return index.get((Integer) key);
    }
  }

  private static Row toRow(String model, String key, ActivationCounts c) {
    int sep = key.indexOf('\u0000');
    String lang = key.substring(0, sep);
    int layer = Integer.parseInt(key.substring(sep + 1));
    double[][] ps = c.powerSums();
    return TableRow.of(NeuronTables.NEURON_COUNTS)
        .set("model", model)
        .set("lang", lang)
        .set("layer", layer)
        .set("counts", c.overZero())
        .set("n_tokens", c.tokens())
        .set("window", 0)
        .set("sum1", ps == null ? null : ps[0])
        .set("sum2", ps == null ? null : ps[1])
        .set("sum3", ps == null ? null : ps[2])
        .set("sum4", ps == null ? null : ps[3])
        .set("run_id", null)
        .build();
  }
}
