package dev.lingualens.common.mixture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Step C of methods.md 3.4: the LP with lazy row/column generation. Each epoch walks the merge steps
 * with a max-heap of pair priorities prio(p) = Σ_i α_i ĉ_i^t(p) − v_p under the current solution, adds
 * up to {@code batchSize} violated rows per step (p beats m(t) by more than v_t + ε) and at most
 * {@code maxAddPerEpoch} rows per epoch, then re-solves. An epoch that adds nothing proves the current
 * solution optimal for the full LP, since every omitted row is satisfied.
 */
public final class LazyMixtureSolver {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LazyMixtureSolver.class);

  /** ε is both the pop test and the cutoff margin (methods.md 3.11: one tolerance for both). */
  public record Options(double epsilon, int batchSize, int maxAddPerEpoch, int maxEpochs) implements java.io.Serializable {
    public static Options defaults() {
      return new Options(1e-6, 10, 100, 10_000);
    }

    public Options {
      if (epsilon < 0 || batchSize < 1 || maxAddPerEpoch < 1 || maxEpochs < 1) {
        throw new IllegalArgumentException("bad solver options: epsilon=" + epsilon + " batchSize=" + batchSize
            + " maxAddPerEpoch=" + maxAddPerEpoch + " maxEpochs=" + maxEpochs);
      }
    }
  }

  private final MixtureProblem problem;
  private final Options options;
  private final int n;
  private final double[] current;
  private final double[] prio;
  private double[] alpha;
  private double[] pairSlack;
  private Map<Integer, Double> stepSlack = new HashMap<>();
  private final Set<Long> added = new HashSet<>();
  private final List<MixtureSolution.Constraint> constraints = new ArrayList<>();

  public LazyMixtureSolver(MixtureProblem problem, Options options) {
    this.problem = problem;
    this.options = options;
    this.n = problem.n;
    int pairs = problem.pairs.size();
    this.current = new double[pairs * n];
    this.prio = new double[pairs];
    this.alpha = new double[n];
    Arrays.fill(alpha, 1.0 / n);
    this.pairSlack = new double[pairs];
  }

  public static MixtureSolution solve(MixtureProblem problem, Options options) {
    return new LazyMixtureSolver(problem, options).run();
  }

  private record Entry(double prio, int pair) {}

  MixtureSolution run() {
    List<SolverEpoch> trace = new ArrayList<>();
    int missing = problem.missingMerges();
    boolean converged = false;
    double objective = 0;
    try (MixtureLp lp = new MixtureLp(n)) {
      for (int epoch = 1; epoch <= options.maxEpochs(); epoch++) {
        long start = System.nanoTime();
        int[] lastStep = new int[1];
        int newRows = scan(lp, epoch, lastStep);
        if (newRows == 0) {
          converged = true;
          break;
        }
        long solveStart = System.nanoTime();
        lp.solve();
        double solveSeconds = (System.nanoTime() - solveStart) / 1e9;
        readBack(lp);
        objective = lp.objectiveValue();
        double sumVt = stepSlack.values().stream().mapToDouble(Double::doubleValue).sum();
        double sumVp = Arrays.stream(pairSlack).sum();
        trace.add(new SolverEpoch(epoch, lastStep[0], newRows, lp.rows(), lp.pairSlackCount(), objective, sumVt, sumVp,
            solveSeconds, (System.nanoTime() - start) / 1e9, missing));
        if (epoch % 20 == 0) {
          LOG.info("mixture LP epoch {}: {} rows, objective {}, last scan reached step {} of {}, solve {} s", epoch,
              lp.rows(), objective, lastStep[0], problem.steps, String.format("%.3f", solveSeconds));
        }
      }
    }
    double[] beta = ByteShares.fromPairShares(alpha, problem.bytes, problem.totalPairs);
    Map<Merge, Double> namedPairSlack = new HashMap<>();
    for (int p = 0; p < pairSlack.length; p++) {
      if (pairSlack[p] != 0) {
        namedPairSlack.put(problem.pairs.get(p), pairSlack[p]);
      }
    }
    return new MixtureSolution(problem.categories(), alpha.clone(), beta, objective, namedPairSlack,
        Map.copyOf(stepSlack), List.copyOf(constraints), trace, missing, converged);
  }

  private void readBack(MixtureLp lp) {
    alpha = lp.alpha();
    stepSlack = new HashMap<>(lp.stepSlacks());
    Arrays.fill(pairSlack, 0);
    lp.pairSlacks().forEach((p, v) -> pairSlack[p] = v);
  }

  /** One pass over the merge steps under the current solution; returns the rows it added. */
  private int scan(MixtureLp lp, int epoch, int[] lastStep) {
    System.arraycopy(problem.initial, 0, current, 0, current.length);
    PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> Double.compare(b.prio, a.prio));
    for (int p = 0; p < prio.length; p++) {
      prio[p] = priority(p);
      heap.add(new Entry(prio[p], p));
    }
    int newRows = 0;
    for (int t = 1; t <= problem.steps; t++) {
      lastStep[0] = t;
      int m = problem.mergePair[t - 1];
      if (m >= 0) {
        newRows += addViolated(lp, heap, t, m, epoch);
      }
      if (newRows >= options.maxAddPerEpoch()) {
        break;
      }
      if (t < problem.steps) {
        advance(heap, t);
      }
    }
    return newRows;
  }

  private int addViolated(MixtureLp lp, PriorityQueue<Entry> heap, int t, int m, int epoch) {
    double vt = stepSlack.getOrDefault(t, 0.0);
    double cutoff = prio[m] + pairSlack[m] + vt + options.epsilon();
    List<Entry> popped = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    List<Integer> candidates = new ArrayList<>();
    while (!heap.isEmpty() && candidates.size() < options.batchSize()) {
      Entry top = heap.peek();
      if (top.prio != prio[top.pair] || !seen.add(top.pair)) {
        heap.poll(); // stale (lazy deletion) or a duplicate of an entry already popped this step
        continue;
      }
      if (top.prio <= cutoff) {
        break; // every remaining pair satisfies its row
      }
      popped.add(heap.poll());
      if (top.pair != m && !added.contains(key(t, top.pair))) {
        candidates.add(top.pair);
      }
    }
    heap.addAll(popped);
    for (int p : candidates) {
      double[] coef = new double[n];
      for (int i = 0; i < n; i++) {
        coef[i] = current[m * n + i] - current[p * n + i];
      }
      lp.addRow(coef, t, p);
      added.add(key(t, p));
      constraints.add(new MixtureSolution.Constraint(t, problem.pairs.get(p), epoch));
    }
    return candidates.size();
  }

  /** Applies diff t (the counts merge t+1 sees) and refreshes the priorities of the pairs it changed. */
  private void advance(PriorityQueue<Entry> heap, int t) {
    int[] dp = problem.diffPair[t - 1];
    int[] dc = problem.diffCategory[t - 1];
    double[] dv = problem.diffValue[t - 1];
    for (int k = 0; k < dp.length; k++) {
      current[dp[k] * n + dc[k]] = dv[k];
    }
    for (int k = 0; k < dp.length; k++) {
      int p = dp[k];
      double updated = priority(p);
      if (updated != prio[p]) {
        prio[p] = updated;
        heap.add(new Entry(updated, p));
      }
    }
  }

  /** Recomputed from the counts rather than accumulated, so no rounding drift builds up over 30,000 steps. */
  private double priority(int p) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += alpha[i] * current[p * n + i];
    }
    return s - pairSlack[p];
  }

  private static long key(int step, int pair) {
    return ((long) step << 32) | pair;
  }
}
