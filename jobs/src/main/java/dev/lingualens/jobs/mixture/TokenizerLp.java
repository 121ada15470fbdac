package dev.lingualens.jobs.mixture;

import dev.lingualens.common.mixture.LazyMixtureSolver;
import dev.lingualens.common.mixture.Merge;
import dev.lingualens.common.mixture.MixtureProblem;
import dev.lingualens.common.mixture.MixtureSolution;
import dev.lingualens.common.mixture.PairCountHistory;
import dev.lingualens.common.mixture.SolverEpoch;
import dev.lingualens.common.schema.MixtureTables;
import dev.lingualens.jobs.TableRow;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * One tokenizer's mixture LP, solved in a Spark task of its own ({@link MixtureJob}): what the task
 * needs besides its pair counts, as plain data (Kryo 4 cannot carry records) — the attacked merges
 * m(1..T) and each category's totals from {@code merge_category_meta}, sorted by category.
 */
final class TokenizerLp implements Serializable {
  final String tokenizer;
  final String[] lefts;
  final String[] rights;
  final String[] categories;
  final long[][] totals; // bytes, pairs, words, merges_applied, empty_steps

  private TokenizerLp(
      String tokenizer, String[] lefts, String[] rights, String[] categories, long[][] totals) {
    this.tokenizer = tokenizer;
    this.lefts = lefts;
    this.rights = rights;
    this.categories = categories;
    this.totals = totals;
  }

  static TokenizerLp of(String tokenizer, List<Row> steps, List<Row> meta, int maxMerges) {
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
    return new TokenizerLp(tokenizer, lefts, rights, categories, totals);
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
      // Filled as rows arrive: T × n cells, and a late merge's pair occurs in few categories.
      diffs.add(new ArrayList<>(Collections.nCopies(Math.max(0, lefts.length - 1), null)));
    }
    while (rows.hasNext()) {
      PairCount r = rows.next()._2;
      Integer c = position.get(r.category);
      if (c == null || r.step >= lefts.length) {
        continue; // a category or step this solve does not cover
      }
      Merge pair = new Merge(r.left, r.right);
      if (r.step == 0) {
        initial.get(c).put(pair, r.count);
      } else {
        List<Map<Merge, Long>> d = diffs.get(c);
        Map<Merge, Long> diff = d.get(r.step - 1);
        if (diff == null) {
          diff = new HashMap<>();
          d.set(r.step - 1, diff);
        }
        diff.put(pair, r.count);
      }
    }
    for (List<Map<Merge, Long>> d : diffs) {
      d.replaceAll(diff -> diff == null ? Map.of() : diff);
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

  /** Rebuilds the histories from this tokenizer's count rows, solves its LP and builds the rows. */
  Solved solve(
      Iterator<Tuple2<Integer, PairCount>> rows,
      LazyMixtureSolver.Options options,
      Map<String, Double> truth,
      String runId) {
    MixtureSolution solution =
        LazyMixtureSolver.solve(
            new MixtureProblem(histories(rows), attacked()), options, tokenizer);
    return Solved.of(this, solution, truth, runId);
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
        TokenizerLp in, MixtureSolution solution, Map<String, Double> truth, String runId) {
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
