package dev.lingualens.jobs.mixture;

import static org.apache.spark.sql.functions.col;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.mixture.LazyMixtureSolver;
import dev.lingualens.common.schema.MixtureTables;
import dev.lingualens.common.schema.Tables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.SparkSchemas;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.HashPartitioner;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * {@code lingualens mixture} (Steps B–C, methods.md 3.3–3.5): for every tokenizer in {@code
 * merge_category_meta}, the LP over its categories' pair counts, solved with lazy constraint
 * generation in one Spark task per tokenizer (the LPs of several tokenizers run side by side) →
 * {@code mixture} (shares in pair units and in bytes) and {@code mixture_solver_trace}.
 */
public final class MixtureJob extends BaseJob<MixtureSettings, MixtureJob.Result> {
  public record Result(String runId, Map<String, Map<String, Double>> byteShares) {}

  public MixtureJob() {
    super(
        "mixture",
        "merge_pair_counts -> mixture + mixture_solver_trace (what a tokenizer was trained on)",
        List.of(
            MixtureTables.MERGE_CATEGORY_META,
            MixtureTables.MERGE_PAIR_COUNTS,
            MixtureTables.MERGE_STEPS),
        List.of(MixtureTables.MIXTURE, MixtureTables.MIXTURE_SOLVER_TRACE),
        MixtureSettings.KEYS,
        MixtureSettings::from);
  }

  /** The demo attacks only tokenizers it names (the demo model's own, whose mixture is known). */
  @Override
  public Optional<LinguaConfig> demoConfig(LinguaConfig config) {
    return MixtureSettings.namesTokenizers(config) ? Optional.of(config) : Optional.empty();
  }

  @Override
  public Result execute(JobContext ctx, MixtureSettings s) {
    SparkSession spark = ctx.spark();
    for (Tables.Table t :
        List.of(
            MixtureTables.MERGE_CATEGORY_META,
            MixtureTables.MERGE_PAIR_COUNTS,
            MixtureTables.MERGE_STEPS)) {
      if (!Files.isDirectory(Paths.get(ctx.tablePath(t))) && !ctx.tablePath(t).contains("://")) {
        throw new ConfigException(
            "No "
                + t.name()
                + " table at "
                + ctx.tablePath(t)
                + " (run 'lingualens merge-counts' first)");
      }
    }
    Dataset<Row> meta = spark.read().parquet(ctx.tablePath(MixtureTables.MERGE_CATEGORY_META));
    Dataset<Row> counts = spark.read().parquet(ctx.tablePath(MixtureTables.MERGE_PAIR_COUNTS));
    Dataset<Row> steps = spark.read().parquet(ctx.tablePath(MixtureTables.MERGE_STEPS));
    List<String> tokenizers =
        new ArrayList<>(
            meta.select("tokenizer")
                .distinct()
                .orderBy("tokenizer")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList());
    // mixture.tokenizers other than 'auto' restricts the solve to those names (merge-counts may
    // have counted more).
    List<String> wanted = s.tokenizers();
    if (!(wanted.size() == 1 && wanted.get(0).equals("auto"))) {
      List<String> names =
          wanted.stream()
              .map(e -> e.contains("=") ? e.substring(0, e.indexOf('=')).trim() : e)
              .toList();
      List<String> unknown = names.stream().filter(n -> !tokenizers.contains(n)).toList();
      if (!unknown.isEmpty()) {
        throw new ConfigException(
            "mixture.tokenizers names "
                + unknown
                + " that merge-counts did not count (counted: "
                + tokenizers
                + ")");
      }
      tokenizers.retainAll(names);
    }
    // The small tables on the driver (the attacked merges and the categories' totals, per
    // tokenizer); the pair counts, millions of rows at depth, go to one task per tokenizer, which
    // rebuilds the histories and solves that tokenizer's LP: the LPs run side by side, one per
    // core.
    Map<String, List<Row>> stepsOf =
        byTokenizer(
            steps
                .filter(
                    col("tokenizer").isin(tokenizers.toArray()).and(col("step").leq(s.maxMerges())))
                .orderBy("tokenizer", "step")); // steps are 1-based here
    Map<String, List<Row>> metaOf =
        byTokenizer(meta.filter(col("tokenizer").isin(tokenizers.toArray())));
    List<TokenizerLp> inputs = new ArrayList<>();
    for (String tokenizer : tokenizers) {
      inputs.add(
          TokenizerLp.of(
              tokenizer,
              stepsOf.getOrDefault(tokenizer, List.of()),
              metaOf.getOrDefault(tokenizer, List.of()),
              s.maxMerges()));
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < tokenizers.size(); i++) {
      index.put(tokenizers.get(i), i);
    }
    ctx.describe(
        "solve the mixture LPs of "
            + tokenizers.size()
            + " tokenizer(s), one task each, up to T = "
            + s.maxMerges());
    LazyMixtureSolver.Options options = s.solver();
    Map<String, Map<String, Double>> truth = new HashMap<>(s.truth());
    String runId = ctx.runId();
    List<TokenizerLp.Solved> solved =
        tokenizers.isEmpty()
            ? List.of()
            : counts
                .filter(
                    col("tokenizer").isin(tokenizers.toArray()).and(col("step").lt(s.maxMerges())))
                .javaRDD()
                .mapToPair(
                    r ->
                        new Tuple2<>(
                            index.get(r.<String>getAs("tokenizer")), TokenizerLp.PairCount.of(r)))
                .partitionBy(new HashPartitioner(Math.max(1, tokenizers.size())))
                .mapPartitionsWithIndex(
                    (i, rows) ->
                        List.of(
                                inputs
                                    .get(i)
                                    .solve(
                                        rows,
                                        options,
                                        truth.getOrDefault(tokenizers.get(i), Map.of()),
                                        runId))
                            .iterator(),
                    true)
                .collect();
    List<Row> mixtureRows = new ArrayList<>();
    List<Row> traceRows = new ArrayList<>();
    Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
    for (TokenizerLp.Solved r : solved) {
      mixtureRows.addAll(r.mixture);
      traceRows.addAll(r.trace);
      shares.put(r.tokenizer, r.byteShares);
      ctx.count(r.tokenizer + ".epochs", r.trace.size());
      ctx.count(r.tokenizer + ".constraints", r.constraints);
      ctx.count(r.tokenizer + ".missing_merges", r.missingMerges);
    }
    ctx.write(
        MixtureTables.MIXTURE,
        spark.createDataFrame(mixtureRows, SparkSchemas.of(MixtureTables.MIXTURE)));
    ctx.write(
        MixtureTables.MIXTURE_SOLVER_TRACE,
        spark.createDataFrame(traceRows, SparkSchemas.of(MixtureTables.MIXTURE_SOLVER_TRACE)));
    ctx.count("tokenizers", tokenizers.size());
    return new Result(ctx.runId(), shares);
  }

  /** A small table's rows on the driver, by tokenizer, in the table's order: one Spark job. */
  private static Map<String, List<Row>> byTokenizer(Dataset<Row> rows) {
    Map<String, List<Row>> out = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      out.computeIfAbsent(r.getAs("tokenizer"), k -> new ArrayList<>()).add(r);
    }
    return out;
  }
}
