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
import dev.lingualens.jobs.shards.Fingerprint;
import dev.lingualens.jobs.shards.ShardPartitioner;
import dev.lingualens.jobs.shards.ShardStore;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import scala.Tuple2;

/**
 * {@code lingualens neurons}: per language, how often each FFN neuron is active (methods.md
 * 2.1–2.2), counted on the device across executors and summed exactly → {@code neuron_counts}.
 */
public final class NeuronCountJob extends BaseJob<NeuronSettings, NeuronCountJob.Result> {
  /** One shard's partial counts: a row per (language, layer). */
  static final StructType SHARD =
      StructType.fromDDL(
          "lang string, layer int, counts array<bigint>, n_tokens bigint, sum1 array<double>,"
              + " sum2 array<double>, sum3 array<double>, sum4 array<double>");

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
    return NeuronWindows.build(ctx.spark(), docs, ref, windowSettings(ctx, settings));
  }

  private static NeuronWindows.Settings windowSettings(JobContext ctx, NeuronSettings settings) {
    ModelConfig mc = ModelConfig.read(settings.model().folder());
    int window = settings.window() == 0 ? mc.maxPositions() : settings.window();
    if (window > mc.maxPositions()) {
      throw ctx.config()
          .bad(NeuronSettings.WINDOW, "at most the model's context, " + mc.maxPositions());
    }
    return new NeuronWindows.Settings(
        window, settings.eosSeparator(), settings.maxTokensPerLang(), settings.heldOut());
  }

  /**
   * What the windows and the model's numbers depend on (neurons and ablate): the model folder, the
   * documents, and every setting that changes them. Not the model's name, which rows get when the
   * table is written, and not batching, which does not change the numbers.
   */
  static Fingerprint fingerprint(String job, JobContext ctx, NeuronSettings settings) {
    ModelHandle ref = settings.model();
    return Fingerprint.of(job)
        .modelFolder(ref.folder())
        .table(Paths.get(ctx.tablePath(CorpusTables.DOCUMENTS)))
        .setting("windows", windowSettings(ctx, settings))
        .setting("languages", settings.languages())
        .setting("corpus", settings.corpus())
        .setting("power-sums", settings.powerSums())
        .setting("shard-windows", settings.shardWindows())
        .setting("device", ref.device())
        .setting("dtype", ref.dtype());
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
          ShardStore.open(ctx, name(), fingerprint(name(), ctx, settings), plan.lines());
      List<Integer> pending = store.pending();
      ctx.count("shards", plan.size());
      ctx.count("shards_skipped", plan.size() - pending.size());
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
              List<Row> out = new ArrayList<>();
              count.call(shard.iterator()).forEachRemaining(t -> out.add(shardRow(t._1(), t._2())));
              store.save(id, SHARD, out);
            });
  }

  /** Exact sums of every shard's partial counts per (language, layer), in a fixed order. */
  private static List<Row> merge(String model, ShardPlan plan, ShardStore store) {
    Map<String, ActivationCounts> sums = new TreeMap<>();
    for (ShardPlan.Shard s : plan.shards()) {
      for (Row r : store.load(s.id(), SHARD)) {
        String key = r.<String>getAs("lang") + "\u0000" + r.<Integer>getAs("layer");
        sums.merge(key, counts(r), ActivationCounts::plus);
      }
    }
    List<Row> rows = new ArrayList<>();
    sums.forEach((key, c) -> rows.add(toRow(model, key, c)));
    return rows;
  }

  private static Row shardRow(String key, ActivationCounts c) {
    int sep = key.indexOf('\u0000');
    double[][] ps = c.powerSums();
    return TableRow.of(SHARD)
        .set("lang", key.substring(0, sep))
        .set("layer", Integer.parseInt(key.substring(sep + 1)))
        .set("counts", c.overZero())
        .set("n_tokens", c.tokens())
        .set("sum1", ps == null ? null : ps[0])
        .set("sum2", ps == null ? null : ps[1])
        .set("sum3", ps == null ? null : ps[2])
        .set("sum4", ps == null ? null : ps[3])
        .build();
  }

  private static ActivationCounts counts(Row r) {
    double[][] ps = null;
    if (r.getAs("sum1") != null) {
      ps = new double[][] {r.getAs("sum1"), r.getAs("sum2"), r.getAs("sum3"), r.getAs("sum4")};
    }
    return new ActivationCounts(r.getAs("counts"), r.<Long>getAs("n_tokens"), ps);
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
