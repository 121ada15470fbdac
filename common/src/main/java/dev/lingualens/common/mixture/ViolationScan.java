package dev.lingualens.common.mixture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * One walk over the merge steps under a solution (α, v_t, v_p): step 2 of methods.md 3.4. A
 * max-heap holds every pair's priority prio(p) = Σ_i α_i ĉ_i^t(p) − v_p; at step t the pairs whose
 * priority beats m(t)'s score by more than v_t + ε violate row (t, p).
 */
final class ViolationScan {
  /** Receives a violated row: its step, pair, violation (how far it misses) and coefficients. */
  interface Sink {
    void accept(int step, int pair, double violation, double[] coef);
  }

  /** Rows the walk passes over without counting them (already live in the LP). */
  interface Skip {
    boolean test(int step, int pair);
  }

  /**
   * What one walk saw: rows handed to the sink, whether it covered all T steps, the last step it
   * reached, and Σ_t of step t's largest violation (what the v_t must grow by for every row to
   * hold).
   */
  record Walk(int rows, boolean full, int lastStep, double excess) {}

  private record Entry(double prio, int pair) {}

  private final MixtureProblem problem;
  private final int n;
  private final double[] current;
  private final double[] prio;

  ViolationScan(MixtureProblem problem) {
    this.problem = problem;
    this.n = problem.n;
    this.current = new double[problem.pairs.size() * n];
    this.prio = new double[problem.pairs.size()];
  }

  /**
   * Walks t = 1..T, handing the sink up to {@code perStep} violated rows per step not skipped,
   * stopping after the step at which {@code maxRows} were reached.
   *
   * @param stepSlack v_t indexed by step (1-based; index 0 unused)
   * @param pairSlack v_p indexed by pair id
   */
  Walk walk(
      double[] alpha,
      double[] stepSlack,
      double[] pairSlack,
      double epsilon,
      int perStep,
      int maxRows,
      Skip skip,
      Sink sink) {
    System.arraycopy(problem.initial, 0, current, 0, current.length);
    PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> Double.compare(b.prio, a.prio));
    for (int p = 0; p < prio.length; p++) {
      prio[p] = priority(alpha, pairSlack, p);
      heap.add(new Entry(prio[p], p));
    }
    int rows = 0;
    double excess = 0;
    int last = 0;
    boolean full = true;
    List<Entry> popped = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    List<Integer> candidates = new ArrayList<>();
    int steps = problem.steps;
    for (int t = 1; t <= steps; t++) {
      last = t;
      int m = problem.mergePair[t - 1];
      if (m >= 0) {
        double vt = stepSlack[t];
        double score = prio[m] + pairSlack[m];
        double cutoff = score + vt + epsilon;
        popped.clear();
        seen.clear();
        candidates.clear();
        boolean first = true;
        while (!heap.isEmpty() && candidates.size() < perStep) {
          Entry top = heap.peek();
          if (top.prio != prio[top.pair] || !seen.add(top.pair)) {
            heap.poll(); // stale (lazy deletion) or a duplicate of an entry already popped here
            continue;
          }
          if (first && top.pair != m) {
            excess += Math.max(0, top.prio - score - vt);
            first = false;
          }
          if (top.prio <= cutoff) {
            break; // every remaining pair satisfies its row
          }
          popped.add(heap.poll());
          if (top.pair != m && !skip.test(t, top.pair)) {
            candidates.add(top.pair);
          }
        }
        heap.addAll(popped);
        for (int p : candidates) {
          double[] coef = new double[n];
          for (int i = 0; i < n; i++) {
            coef[i] = current[m * n + i] - current[p * n + i];
          }
          sink.accept(t, p, prio[p] - score - vt, coef);
        }
        rows += candidates.size();
      }
      if (rows >= maxRows) {
        full = t == steps;
        break;
      }
      if (t < steps) {
        advance(alpha, pairSlack, heap, t);
      }
    }
    return new Walk(rows, full, last, excess);
  }

  /**
   * Applies diff t (the counts merge t+1 sees) and refreshes the priorities of the pairs it
   * changed.
   */
  private void advance(double[] alpha, double[] pairSlack, PriorityQueue<Entry> heap, int t) {
    int[] dp = problem.diffPair[t - 1];
    int[] dc = problem.diffCategory[t - 1];
    double[] dv = problem.diffValue[t - 1];
    for (int k = 0; k < dp.length; k++) {
      current[dp[k] * n + dc[k]] = dv[k];
    }
    for (int p : dp) {
      double updated = priority(alpha, pairSlack, p);
      if (updated != prio[p]) {
        prio[p] = updated;
        heap.add(new Entry(updated, p));
      }
    }
  }

  /**
   * Recomputed from the counts rather than accumulated, so no rounding drift builds up over 30,000
   * steps.
   */
  private double priority(double[] alpha, double[] pairSlack, int p) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += alpha[i] * current[p * n + i];
    }
    return s - pairSlack[p];
  }
}
