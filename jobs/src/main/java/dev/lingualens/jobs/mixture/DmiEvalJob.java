package dev.lingualens.jobs.mixture;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.mixture.CategorySample;
import dev.lingualens.common.mixture.ControlledTrial;
import dev.lingualens.common.mixture.EfficiencyBaseline;
import dev.lingualens.common.mixture.LazyMixtureSolver;
import dev.lingualens.common.mixture.Merge;
import dev.lingualens.common.mixture.MixtureSampler;
import dev.lingualens.common.mixture.TrialResult;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.schema.MixtureTables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.SparkSchemas;
import dev.lingualens.jobs.TableRow;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lingualens dmi-eval}: the paper's controlled protocol (methods.md 3.6) on the categories
 * of {@code documents}. Each category's documents are split by hashed id into a training half and a
 * disjoint estimation half; each trial draws n categories and simplex weights, trains a byte-level
 * BPE tokenizer on that byte mixture, and scores the attack against the random, TC and TEE
 * baselines. Trials run as Spark tasks. Output: {@code mixture_controlled} (one row per trial and
 * method) and the Table-1 layout {@code mixture_controlled_summary}.
 */
public final class DmiEvalJob extends BaseJob<DmiEvalSettings, DmiEvalJob.Result> {
  public record Result(String runId, List<String> table) {}

  public DmiEvalJob() {
    super(
        "dmi-eval",
        "documents -> mixture_controlled (+ _summary): controlled data-mixture experiments",
        List.of(CorpusTables.DOCUMENTS),
        List.of(MixtureTables.MIXTURE_CONTROLLED, MixtureTables.MIXTURE_CONTROLLED_SUMMARY),
        Key.concat(MixtureSettings.KEYS, DmiEvalSettings.KEYS),
        DmiEvalSettings::from);
  }

  /** One trial's draw, fixed on the driver so results do not depend on task scheduling. */
  record TrialSpec(int n, int trial, int[] categories, double[] weights, long seed)
      implements Serializable {}

  /**
   * Heap of one learned merge (two strings and a rank) in the monolingual cache, for the executor's
   * budget.
   */
  static final long MONOLINGUAL_BYTES_PER_MERGE = 96;

  /** Trains tokenizers of its own: minutes of work that the demo's 2-minute budget leaves out. */
  @Override
  public Optional<LinguaConfig> demoConfig(LinguaConfig config) {
    return Optional.empty();
  }

  @Override
  public String describe(Result result) {
    return String.join("\n", result.table());
  }

  @Override
  public Result execute(JobContext ctx, DmiEvalSettings settings) {
    SparkSession spark = ctx.spark();
    LinguaConfig c = ctx.config();
    MixtureSettings s = settings.mixture();
    String type = settings.mixtureType();
    int trials = settings.trials();
    int merges = settings.merges();
    long trainBytes = settings.trainBytes();
    long seed = settings.seed();
    List<Integer> ns = settings.ns();

    ctx.describe("split categories into training / estimation halves");
    List<CategorySample> pool = categories(spark, s);
    for (int n : ns) {
      if (n < 2 || n > pool.size()) {
        throw c.bad(
            DmiEvalSettings.N,
            "values in 2.." + pool.size() + " (the categories with documents in both halves)");
      }
    }
    List<TrialSpec> specs = new ArrayList<>();
    Random rng = new Random(seed);
    for (int n : ns) {
      for (int t = 1; t <= trials; t++) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
          order.add(i);
        }
        Collections.shuffle(order, rng);
        int[] picked = order.subList(0, n).stream().mapToInt(Integer::intValue).sorted().toArray();
        specs.add(
            new TrialSpec(n, t, picked, MixtureSampler.simplexWeights(n, rng), rng.nextLong()));
      }
    }
    ctx.describe(
        specs.size()
            + " controlled trials ("
            + merges
            + " merges, "
            + trainBytes
            + " training bytes)");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Plain string arrays: every Spark serializer carries them (Kryo 4 cannot carry Java records)
    Broadcast<String[]> names =
        jsc.broadcast(pool.stream().map(CategorySample::name).toArray(String[]::new));
    Broadcast<String[][]> trainTexts =
        jsc.broadcast(
            pool.stream().map(p -> p.trainTexts().toArray(String[]::new)).toArray(String[][]::new));
    Broadcast<String[][]> estimateTexts =
        jsc.broadcast(
            pool.stream()
                .map(p -> p.estimateTexts().toArray(String[]::new))
                .toArray(String[][]::new));
    LazyMixtureSolver.Options options = s.solver();
    // Tokenizers trained on one category alone (TEE), shared by the trials of an executor JVM (held
    // by its
    // resources, keyed by what they depend on): about a merge per entry and category.
    String monolingualKey = "dmi-eval-monolingual:merges=" + merges + ",train-bytes=" + trainBytes;
    long monolingualBytes = Math.max(1, (long) merges * pool.size() * MONOLINGUAL_BYTES_PER_MERGE);
    List<TrialResult> results =
        jsc.parallelize(specs, specs.size())
            .map(
                spec -> {
                  List<CategorySample> chosen =
                      Arrays.stream(spec.categories())
                          .mapToObj(
                              i ->
                                  new CategorySample(
                                      names.value()[i],
                                      List.of(trainTexts.value()[i]),
                                      List.of(estimateTexts.value()[i])))
                          .toList();
                  try (ExecutorResources.Lease<Map<String, List<Merge>>> monolingual =
                      ExecutorResources.shared()
                          .acquire(
                              monolingualKey,
                              monolingualBytes,
                              ConcurrentHashMap::new,
                              Map::clear)) {
                    return new ControlledTrial(merges, trainBytes, options, monolingual.get())
                        .run(spec.trial(), chosen, spec.weights(), new Random(spec.seed()));
                  }
                })
            .collect();

    List<Row> rows = new ArrayList<>();
    Map<String, List<Double>> byCell = new TreeMap<>();
    for (int n : ns) {
      List<TrialResult> same = results.stream().filter(r -> r.categories().size() == n).toList();
      for (TrialResult r : same) {
        Map<String, double[]> methods = new LinkedHashMap<>();
        methods.put("random", r.randomGuess());
        methods.put("tee", EfficiencyBaseline.predict(r, same));
        methods.put("tc", r.tokenClassification());
        methods.put("ours", r.ours());
        methods.forEach(
            (method, estimate) -> {
              double mse = r.mse(estimate);
              rows.add(
                  TableRow.of(MixtureTables.MIXTURE_CONTROLLED)
                      .set("mixture_type", type)
                      .set("n", n)
                      .set("trial", r.trial())
                      .set("method", method)
                      .set("categories", String.join(",", r.categories()))
                      .set("truth", join(r.truth()))
                      .set("estimate", join(estimate))
                      .set("merges", r.merges())
                      .set("train_bytes", r.trainBytes())
                      .set("estimate_bytes", r.estimateBytes())
                      .set("mse", mse)
                      .set("log10_mse", Math.log10(mse))
                      .set("run_id", ctx.runId())
                      .build());
              byCell
                  .computeIfAbsent(String.format("%05d|%s", n, method), k -> new ArrayList<>())
                  .add(Math.log10(mse));
            });
      }
    }
    List<Row> summary = new ArrayList<>();
    List<String> table = new ArrayList<>();
    table.add(String.format("%-4s %-7s %s", "n", "method", type + " (mean ± std log10 MSE)"));
    for (Map.Entry<String, List<Double>> e : byCell.entrySet()) {
      int n = Integer.parseInt(e.getKey().substring(0, 5));
      String method = e.getKey().substring(6);
      double mean =
          e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double var =
          e.getValue().stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
              / Math.max(1, e.getValue().size() - 1);
      summary.add(
          TableRow.of(MixtureTables.MIXTURE_CONTROLLED_SUMMARY)
              .set("mixture_type", type)
              .set("n", n)
              .set("method", method)
              .set("trials", e.getValue().size())
              .set("mean_log10_mse", mean)
              .set("std_log10_mse", Math.sqrt(var))
              .set("run_id", ctx.runId())
              .build());
      table.add(String.format("%-4d %-7s %.2f ± %.2f", n, method, mean, Math.sqrt(var)));
    }
    ctx.write(
        MixtureTables.MIXTURE_CONTROLLED,
        spark.createDataFrame(rows, SparkSchemas.of(MixtureTables.MIXTURE_CONTROLLED)));
    ctx.write(
        MixtureTables.MIXTURE_CONTROLLED_SUMMARY,
        spark.createDataFrame(summary, SparkSchemas.of(MixtureTables.MIXTURE_CONTROLLED_SUMMARY)));
    ctx.count("categories", pool.size());
    ctx.count("trials", results.size());
    return new Result(ctx.runId(), table);
  }

  /** Categories with documents in both hashed halves (even hash → training, odd → estimation). */
  static List<CategorySample> categories(SparkSession spark, MixtureSettings s) {
    List<Row> rows =
        CategoryDocuments.read(spark, s)
            .withColumn("half", pmod(xxhash64(col("id")), org.apache.spark.sql.functions.lit(2)))
            .select("category", "half", "text")
            .collectAsList();
    Map<String, List<String>> train = new TreeMap<>();
    Map<String, List<String>> estimate = new TreeMap<>();
    for (Row r : rows) {
      (r.<Long>getAs("half") == 0 ? train : estimate)
          .computeIfAbsent(r.getAs("category"), k -> new ArrayList<>())
          .add(r.getAs("text"));
    }
    return train.keySet().stream()
        .filter(estimate::containsKey)
        .map(k -> new CategorySample(k, train.get(k), estimate.get(k)))
        .collect(Collectors.toList());
  }

  private static String join(double[] v) {
    return Arrays.stream(v)
        .mapToObj(x -> String.format(java.util.Locale.ROOT, "%.6f", x))
        .collect(Collectors.joining(","));
  }
}
