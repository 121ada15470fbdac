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
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
    List<TokenizerInput> inputs = new ArrayList<>();
    for (String tokenizer : tokenizers) {
      inputs.add(
          TokenizerInput.of(
              tokenizer,
              steps.filter(col("tokenizer").equalTo(tokenizer)).orderBy("step").collectAsList(),
              meta.filter(col("tokenizer").equalTo(tokenizer)).collectAsList(),
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
    List<Solved> solved =
        tokenizers.isEmpty()
            ? List.of()
            : counts
                .filter(
                    col("tokenizer").isin(tokenizers.toArray()).and(col("step").lt(s.maxMerges())))
                .javaRDD()
                .mapToPair(
                    r -> new Tuple2<>(index.get(r.<String>getAs("tokenizer")), PairCount.of(r)))
                .partitionBy(new HashPartitioner(Math.max(1, tokenizers.size())))
                .mapPartitionsWithIndex(
                    (i, rows) -> {
                      TokenizerInput in = inputs.get(i);
                      MixtureSolution solution =
                          LazyMixtureSolver.solve(
                              new MixtureProblem(in.histories(rows), in.attacked()),
                              options,
                              in.tokenizer);
                      return List.of(
                              Solved.of(
                                  in, solution, truth.getOrDefault(in.tokenizer, Map.of()), runId))
                          .iterator();
                    },
                    true)
                .collect();
    List<Row> mixtureRows = new ArrayList<>();
    List<Row> traceRows = new ArrayList<>();
    Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
    for (Solved r : solved) {
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

  /**
   * One row of {@code merge_pair_counts} as plain data, for the shuffle to its tokenizer's task.
   */
  static final class PairCount implements Serializable {
    final String category;
    final int step;
    final String left;
    final String right;
    final long count;

    private PairCount(String category, int step, String left, String right, long count) {
      this.category = category;
      this.step = step;
      this.left = left;
      this.right = right;
      this.count = count;
    }

    static PairCount of(Row r) {
      return new PairCount(
          r.getAs("category"),
          r.<Integer>getAs("step"),
          r.getAs("left"),
          r.getAs("right"),
          r.<Long>getAs("count"));
    }
  }

  /**
   * What a tokenizer's task needs besides its pair counts, as plain data (Kryo 4 cannot carry
   * records): the attacked merges m(1..T) and each category's totals from {@code
   * merge_category_meta}, sorted by category.
   */
  static final class TokenizerInput implements Serializable {
    final String tokenizer;
    final String[] lefts;
    final String[] rights;
    final String[] categories;
    final long[][] totals; // bytes, pairs, words, merges_applied, empty_steps

    private TokenizerInput(
        String tokenizer, String[] lefts, String[] rights, String[] categories, long[][] totals) {
      this.tokenizer = tokenizer;
      this.lefts = lefts;
      this.rights = rights;
      this.categories = categories;
      this.totals = totals;
    }

    static TokenizerInput of(String tokenizer, List<Row> steps, List<Row> meta, int maxMerges) {
      int t = Math.min(steps.size(), maxMerges);
      String[] lefts = new String[t];
      String[] rights = new String[t];
      for (int i = 0; i < t; i++) {
        lefts[i] = steps.get(i).getAs("left");
        rights[i] = steps.get(i).getAs("right");
      }
      List<Row> sorted = new ArrayList<>(meta);
      sorted.sort((a, b) -> a.<String>getAs("category").compareTo(b.getAs("category")));
      String[] categories = new String[sorted.size()];
      long[][] totals = new long[sorted.size()][];
      for (int i = 0; i < sorted.size(); i++) {
        Row m = sorted.get(i);
        categories[i] = m.getAs("category");
        totals[i] =
            new long[] {
              m.<Long>getAs("bytes"),
              m.<Long>getAs("pairs"),
              m.<Long>getAs("words"),
              m.<Integer>getAs("merges_applied"),
              m.<Integer>getAs("empty_steps")
            };
      }
      return new TokenizerInput(tokenizer, lefts, rights, categories, totals);
    }

    List<Merge> attacked() {
      List<Merge> merges = new ArrayList<>(lefts.length);
      for (int i = 0; i < lefts.length; i++) {
        merges.add(new Merge(lefts[i], rights[i]));
      }
      return merges;
    }

    /** Each category's history (step 0 = initial counts, step t = diff t), in category order. */
    List<PairCountHistory> histories(Iterator<Tuple2<Integer, PairCount>> rows) {
      Map<String, Integer> position = new HashMap<>();
      List<Map<Merge, Long>> initial = new ArrayList<>();
      List<List<Map<Merge, Long>>> diffs = new ArrayList<>();
      for (int c = 0; c < categories.length; c++) {
        position.put(categories[c], c);
        initial.add(new HashMap<>());
        List<Map<Merge, Long>> d = new ArrayList<>();
        for (int t = 1; t < lefts.length; t++) {
          d.add(new HashMap<>());
        }
        diffs.add(d);
      }
      while (rows.hasNext()) {
        PairCount r = rows.next()._2;
        Integer c = position.get(r.category);
        if (c == null || r.step >= lefts.length) {
          continue; // a category or step this solve does not cover
        }
        Merge pair = new Merge(r.left, r.right);
        (r.step == 0 ? initial.get(c) : diffs.get(c).get(r.step - 1)).put(pair, r.count);
      }
      List<PairCountHistory> out = new ArrayList<>();
      for (int c = 0; c < categories.length; c++) {
        long[] m = totals[c];
        out.add(
            new PairCountHistory(
                categories[c],
                initial.get(c),
                diffs.get(c),
                m[0],
                m[1],
                m[2],
                (int) m[3],
                (int) m[4]));
      }
      return out;
    }
  }

  /** One tokenizer's solve, as the rows of both tables (built in its task). */
  static final class Solved implements Serializable {
    final String tokenizer;
    final ArrayList<Row> mixture = new ArrayList<>();
    final ArrayList<Row> trace = new ArrayList<>();
    final LinkedHashMap<String, Double> byteShares = new LinkedHashMap<>();
    final int constraints;
    final int missingMerges;

    private Solved(String tokenizer, int constraints, int missingMerges) {
      this.tokenizer = tokenizer;
      this.constraints = constraints;
      this.missingMerges = missingMerges;
    }

    static Solved of(
        TokenizerInput in, MixtureSolution solution, Map<String, Double> truth, String runId) {
      Solved out =
          new Solved(in.tokenizer, solution.constraints().size(), solution.missingMerges());
      for (int i = 0; i < solution.categories().size(); i++) {
        String category = solution.categories().get(i);
        out.byteShares.put(category, solution.beta()[i]);
        out.mixture.add(
            TableRow.of(MixtureTables.MIXTURE)
                .set("tokenizer", in.tokenizer)
                .set("category", category)
                .set("share_pairs", solution.alpha()[i])
                .set("share_bytes", solution.beta()[i])
                .set("truth_byte_share", truth.get(category))
                .set("merges_attacked", in.lefts.length)
                .set("objective", solution.objective())
                .set("missing_merges", solution.missingMerges())
                .set("converged", solution.converged())
                .set("run_id", runId)
                .build());
      }
      for (SolverEpoch e : solution.trace()) {
        out.trace.add(
            TableRow.of(MixtureTables.MIXTURE_SOLVER_TRACE)
                .set("tokenizer", in.tokenizer)
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
                .set("run_id", runId)
                .build());
      }
      return out;
    }
  }
}
