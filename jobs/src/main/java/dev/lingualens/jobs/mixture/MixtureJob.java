package dev.lingualens.jobs.mixture;

import static org.apache.spark.sql.functions.col;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.mixture.LazyMixtureSolver;
import dev.lingualens.common.mixture.Merge;
import dev.lingualens.common.mixture.MixtureProblem;
import dev.lingualens.common.mixture.MixtureSolution;
import dev.lingualens.common.mixture.PairCountHistory;
import dev.lingualens.common.mixture.SolverEpoch;
import dev.lingualens.common.schema.MixtureTables;
import dev.lingualens.common.schema.Tables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.SparkSchemas;
import dev.lingualens.jobs.TableRow;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lingualens mixture} (Steps B–C, methods.md 3.3–3.5): for every tokenizer in {@code
 * merge_category_meta}, the LP over its categories' pair counts, solved with lazy constraint
 * generation on the driver → {@code mixture} (shares in pair units and in bytes) and {@code
 * mixture_solver_trace}.
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
    List<Row> mixtureRows = new ArrayList<>();
    List<Row> traceRows = new ArrayList<>();
    Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
    for (String tokenizer : tokenizers) {
      ctx.describe("solve LP for " + tokenizer);
      List<Merge> attacked = new ArrayList<>();
      for (Row r :
          steps.filter(col("tokenizer").equalTo(tokenizer)).orderBy("step").collectAsList()) {
        attacked.add(new Merge(r.getAs("left"), r.getAs("right")));
      }
      // mixture.max-merges may be below what merge-counts recorded: solve over the first T steps
      // only.
      if (attacked.size() > s.maxMerges()) {
        attacked = new ArrayList<>(attacked.subList(0, s.maxMerges()));
      }
      List<PairCountHistory> histories =
          histories(
              meta.filter(col("tokenizer").equalTo(tokenizer)).collectAsList(),
              counts
                  .filter(col("tokenizer").equalTo(tokenizer).and(col("step").lt(attacked.size())))
                  .collectAsList(),
              attacked.size());
      MixtureSolution solution =
          LazyMixtureSolver.solve(new MixtureProblem(histories, attacked), s.solver());
      Map<String, Double> truth = s.truth().getOrDefault(tokenizer, Map.of());
      Map<String, Double> tokShares = new LinkedHashMap<>();
      for (int i = 0; i < solution.categories().size(); i++) {
        String category = solution.categories().get(i);
        tokShares.put(category, solution.beta()[i]);
        mixtureRows.add(
            TableRow.of(MixtureTables.MIXTURE)
                .set("tokenizer", tokenizer)
                .set("category", category)
                .set("share_pairs", solution.alpha()[i])
                .set("share_bytes", solution.beta()[i])
                .set("truth_byte_share", truth.get(category))
                .set("merges_attacked", attacked.size())
                .set("objective", solution.objective())
                .set("missing_merges", solution.missingMerges())
                .set("converged", solution.converged())
                .set("run_id", ctx.runId())
                .build());
      }
      shares.put(tokenizer, tokShares);
      for (SolverEpoch e : solution.trace()) {
        traceRows.add(
            TableRow.of(MixtureTables.MIXTURE_SOLVER_TRACE)
                .set("tokenizer", tokenizer)
                .set("epoch", e.epoch())
                .set("last_step_scanned", e.lastStepScanned())
                .set("new_constraints", e.newConstraints())
                .set("total_constraints", e.totalConstraints())
                .set("pair_variables", e.pairVariables())
                .set("objective", e.objective())
                .set("sum_v_t", e.sumStepSlack())
                .set("sum_v_p", e.sumPairSlack())
                .set("solve_seconds", e.solveSeconds())
                .set("wall_seconds", e.wallSeconds())
                .set("missing_merges", e.missingMerges())
                .set("scan_seconds", e.scanSeconds())
                .set("iterations", e.iterations())
                .set("revived_constraints", e.revivedConstraints())
                .set("dropped_constraints", e.droppedConstraints())
                .set("upper_bound", e.upperBound())
                .set("run_id", ctx.runId())
                .build());
      }
      ctx.count(tokenizer + ".epochs", solution.trace().size());
      ctx.count(tokenizer + ".constraints", solution.constraints().size());
      ctx.count(tokenizer + ".missing_merges", solution.missingMerges());
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

  /**
   * Rebuilds each category's history from the table rows (step 0 = initial map, step t = diff t).
   */
  static List<PairCountHistory> histories(List<Row> metaRows, List<Row> countRows, int steps) {
    Map<String, Map<Merge, Long>> initial = new HashMap<>();
    Map<String, List<Map<Merge, Long>>> diffs = new HashMap<>();
    for (Row m : metaRows) {
      String category = m.getAs("category");
      initial.put(category, new HashMap<>());
      List<Map<Merge, Long>> d = new ArrayList<>();
      for (int t = 1; t < steps; t++) {
        d.add(new HashMap<>());
      }
      diffs.put(category, d);
    }
    for (Row r : countRows) {
      String category = r.getAs("category");
      int step = r.<Integer>getAs("step");
      Merge pair = new Merge(r.getAs("left"), r.getAs("right"));
      long count = r.<Long>getAs("count");
      if (step == 0) {
        initial.get(category).put(pair, count);
      } else {
        diffs.get(category).get(step - 1).put(pair, count);
      }
    }
    List<PairCountHistory> out = new ArrayList<>();
    metaRows.stream()
        .sorted((a, b) -> a.<String>getAs("category").compareTo(b.getAs("category")))
        .forEach(
            m -> {
              String category = m.getAs("category");
              out.add(
                  new PairCountHistory(
                      category,
                      initial.get(category),
                      diffs.get(category),
                      m.<Long>getAs("bytes"),
                      m.<Long>getAs("pairs"),
                      m.<Long>getAs("words"),
                      m.<Integer>getAs("merges_applied"),
                      m.<Integer>getAs("empty_steps")));
            });
    return out;
  }
}
