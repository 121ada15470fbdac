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
 * Step C of methods.md 3.4: the LP with lazy row/column generation. Each epoch walks the merge
 * steps with a max-heap of pair priorities prio(p) = Σ_i α_i ĉ_i^t(p) − v_p under the current
 * solution, adds up to {@code batchSize} violated rows per step (p beats m(t) by more than v_t + ε)
 * and at most {@code maxAddPerEpoch} rows per epoch, then re-solves. An epoch that adds nothing
 * proves the current solution optimal for the full LP, since every omitted row is satisfied.
 *
 * <p>Beyond the paper's procedure ({@link Options#paper()}), which stops each scan after 100 rows:
 * by default a scan walks all T steps ({@code maxAddPerEpoch} unbounded) and rows that were not
 * binding for {@code dropAfter} consecutive solves are switched off, to come back only if a later
 * scan finds them violated again, so the LP stays small. Dropping only non-binding rows keeps the
 * current solution optimal for the smaller LP, and the stopping rule is unchanged (a full scan that
 * finds no violated row), so the result is still an exact optimum of the full LP. Each scan also
 * yields an upper bound (the current α with every v_t raised by its step's largest violation is
 * feasible for the full LP); the last LP objective is a lower bound. A solve stopped by {@code
 * timeLimitSeconds} or {@code maxEpochs} reports both ({@link MixtureSolution#lowerBound()}, {@link
 * MixtureSolution#upperBound()}).
 */
public final class LazyMixtureSolver {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(LazyMixtureSolver.class);

  /** A row whose activity Σα·coef + v_t + v_p exceeds this after a solve is not binding. */
  private static final double BINDING_TOLERANCE = 1e-9;

  private static final long PROGRESS_NANOS = 5_000_000_000L;

  /**
   * ε is both the pop test and the cutoff margin (methods.md 3.11: one tolerance for both). {@code
   * dropAfter} 0 keeps every row; {@code timeLimitSeconds} 0 = no cap; {@code warm} false = GLOP
   * with its presolve, each solve from scratch (the behaviour before warm starts, kept for
   * comparison); {@code worstPerEpoch} > 0: the (full) scan collects its violated rows and only the
   * that many most violated enter the LP, 0 = all of them.
   */
  public record Options(
      double epsilon,
      int batchSize,
      int maxAddPerEpoch,
      int maxEpochs,
      int dropAfter,
      double timeLimitSeconds,
      boolean warm,
      int worstPerEpoch)
      implements java.io.Serializable {
    /**
     * What a run gets with no solver keys: full scans (every violated row found, ≤ 10 per step) of
     * which the 2,000 most violated enter the LP, rows dropped after 2 solves without binding, no
     * time cap, GLOP with its presolve (measured several times faster than warm re-solves without
     * presolve: docs/benchmarks.md, "Mixture LP").
     */
    public static Options defaults() {
      return new Options(1e-6, 10, Integer.MAX_VALUE, 10_000, 2, 0, false, 2000);
    }

    /**
     * The paper's procedure (methods.md 3.4): ≤ 10 rows per step, ≤ 100 per epoch, every row kept.
     */
    public static Options paper() {
      return new Options(1e-6, 10, 100, 10_000, 0, 0, false, 0);
    }

    /** The paper's four knobs, with rows kept, no cap and GLOP's presolve. */
    public Options(double epsilon, int batchSize, int maxAddPerEpoch, int maxEpochs) {
      this(epsilon, batchSize, maxAddPerEpoch, maxEpochs, 0, 0, false, 0);
    }

    public Options {
      if (epsilon < 0
          || batchSize < 1
          || maxAddPerEpoch < 1
          || maxEpochs < 1
          || dropAfter < 0
          || !(timeLimitSeconds >= 0)
          || worstPerEpoch < 0) {
        throw new IllegalArgumentException(
            "bad solver options: epsilon="
                + epsilon
                + " batchSize="
                + batchSize
                + " maxAddPerEpoch="
                + maxAddPerEpoch
                + " maxEpochs="
                + maxEpochs
                + " dropAfter="
                + dropAfter
                + " timeLimitSeconds="
                + timeLimitSeconds
                + " worstPerEpoch="
                + worstPerEpoch);
      }
    }

    public Options withTimeLimit(double seconds) {
      return new Options(
          epsilon, batchSize, maxAddPerEpoch, maxEpochs, dropAfter, seconds, warm, worstPerEpoch);
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

  /** Every row the LP holds, live or switched off, by {@link #key}. */
  private final Map<Long, MixtureLp.Row> rows = new HashMap<>();

  private final Set<Long> found = new HashSet<>();
  private final List<MixtureSolution.Constraint> constraints = new ArrayList<>();

  /** Per scan: rows revived, Σ_t of the largest violation at t (for the upper bound). */
  private int revived;

  private double excess;

  /** Violated rows a scan found, when only the worst {@code worstPerEpoch} are added. */
  private final List<Pending> pending = new ArrayList<>();

  private record Pending(int step, int pair, double violation, double[] coef) {}

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
    double upper = Double.POSITIVE_INFINITY;
    long begin = System.nanoTime();
    long lastLog = begin;
    String stop = "max-epochs";
    try (MixtureLp lp = new MixtureLp(n, options.warm())) {
      for (int epoch = 1; ; epoch++) {
        long start = System.nanoTime();
        int[] lastStep = new int[1];
        int newRows = scan(lp, epoch, lastStep);
        double scanSeconds = (System.nanoTime() - start) / 1e9;
        upper = Math.min(upper, objective + excess);
        if (newRows == 0) {
          converged = true; // every row holds up to ε: upper − objective ≤ ε per step
          break;
        }
        if (epoch > options.maxEpochs()) {
          break;
        }
        if (options.timeLimitSeconds() > 0 && (start - begin) / 1e9 >= options.timeLimitSeconds()) {
          stop = "time limit";
          break;
        }
        lp.compactIfWorthIt();
        long solveStart = System.nanoTime();
        long iterations = lp.solve();
        double solveSeconds = (System.nanoTime() - solveStart) / 1e9;
        readBack(lp);
        objective = lp.objectiveValue();
        int dropped = lp.dropIdle(options.dropAfter(), BINDING_TOLERANCE).size();
        double sumVt = stepSlack.values().stream().mapToDouble(Double::doubleValue).sum();
        double sumVp = Arrays.stream(pairSlack).sum();
        trace.add(
            new SolverEpoch(
                epoch,
                lastStep[0],
                newRows,
                lp.rows(),
                lp.pairSlackCount(),
                objective,
                sumVt,
                sumVp,
                solveSeconds,
                (System.nanoTime() - start) / 1e9,
                missing,
                scanSeconds,
                iterations,
                revived,
                dropped,
                upper));
        long now = System.nanoTime();
        if (now - lastLog >= PROGRESS_NANOS) {
          lastLog = now;
          LOG.info(
              "mixture LP epoch {} ({} s): {} violated rows found ({} revived), {} live rows after dropping {},"
                  + " objective {} (upper bound {}), scan {} s, solve {} s ({} iterations), α = {}",
              epoch,
              String.format("%.1f", (now - begin) / 1e9),
              newRows,
              revived,
              lp.rows(),
              dropped,
              objective,
              upper,
              String.format("%.2f", scanSeconds),
              String.format("%.2f", solveSeconds),
              iterations,
              shares());
        }
      }
    }
    if (!converged) {
      LOG.warn(
          "mixture LP stopped by its {} after {} epochs, not converged: optimum in [{}, {}]",
          stop,
          trace.size(),
          objective,
          upper);
    }
    double[] beta = ByteShares.fromPairShares(alpha, problem.bytes, problem.totalPairs);
    Map<Merge, Double> namedPairSlack = new HashMap<>();
    for (int p = 0; p < pairSlack.length; p++) {
      if (pairSlack[p] != 0) {
        namedPairSlack.put(problem.pairs.get(p), pairSlack[p]);
      }
    }
    return new MixtureSolution(
        problem.categories(),
        alpha.clone(),
        beta,
        objective,
        namedPairSlack,
        Map.copyOf(stepSlack),
        List.copyOf(constraints),
        trace,
        missing,
        converged,
        objective,
        upper);
  }

  private String shares() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ")
          .append(problem.categories.get(i))
          .append('=')
          .append(String.format("%.4f", alpha[i]));
    }
    return b.toString();
  }

  private void readBack(MixtureLp lp) {
    alpha = lp.alpha();
    stepSlack = new HashMap<>(lp.stepSlacks());
    Arrays.fill(pairSlack, 0);
    lp.pairSlacks().forEach((p, v) -> pairSlack[p] = v);
  }

  /**
   * One pass over the merge steps under the current solution; returns the rows it put into the LP.
   */
  private int scan(MixtureLp lp, int epoch, int[] lastStep) {
    revived = 0;
    excess = 0;
    System.arraycopy(problem.initial, 0, current, 0, current.length);
    PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> Double.compare(b.prio, a.prio));
    for (int p = 0; p < prio.length; p++) {
      prio[p] = priority(p);
      heap.add(new Entry(prio[p], p));
    }
    int newRows = 0;
    boolean full = true;
    for (int t = 1; t <= problem.steps; t++) {
      lastStep[0] = t;
      int m = problem.mergePair[t - 1];
      if (m >= 0) {
        newRows += addViolated(lp, heap, t, m, epoch);
      }
      if (newRows >= options.maxAddPerEpoch()) {
        full = t == problem.steps;
        break;
      }
      if (t < problem.steps) {
        advance(heap, t);
      }
    }
    if (!full) {
      excess = Double.POSITIVE_INFINITY; // a partial scan bounds nothing
    }
    if (options.worstPerEpoch() > 0) {
      pending.sort((a, b) -> Double.compare(b.violation, a.violation));
      newRows = 0;
      for (Pending r : pending.subList(0, Math.min(pending.size(), options.worstPerEpoch()))) {
        put(lp, r.step, r.pair, r.coef, epoch);
        newRows++;
      }
      pending.clear();
    }
    return newRows;
  }

  private int addViolated(MixtureLp lp, PriorityQueue<Entry> heap, int t, int m, int epoch) {
    double vt = stepSlack.getOrDefault(t, 0.0);
    double score = prio[m] + pairSlack[m];
    double cutoff = score + vt + options.epsilon();
    List<Entry> popped = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    List<Integer> candidates = new ArrayList<>();
    boolean first = true;
    while (!heap.isEmpty() && candidates.size() < options.batchSize()) {
      Entry top = heap.peek();
      if (top.prio != prio[top.pair] || !seen.add(top.pair)) {
        heap.poll(); // stale (lazy deletion) or a duplicate of an entry already popped this step
        continue;
      }
      if (first && top.pair != m) {
        // the largest prio(p) − (score + v_t) over p ≠ m(t): what v_t must grow by for step t's
        // rows to hold
        excess += Math.max(0, top.prio - score - vt);
        first = false;
      }
      if (top.prio <= cutoff) {
        break; // every remaining pair satisfies its row
      }
      popped.add(heap.poll());
      if (top.pair != m) {
        MixtureLp.Row r = rows.get(key(t, top.pair));
        if (r == null || !r.live) {
          candidates.add(top.pair);
        }
      }
    }
    heap.addAll(popped);
    for (int p : candidates) {
      double[] coef = new double[n];
      for (int i = 0; i < n; i++) {
        coef[i] = current[m * n + i] - current[p * n + i];
      }
      if (options.worstPerEpoch() > 0) {
        pending.add(new Pending(t, p, prio[p] - score - vt, coef));
      } else {
        put(lp, t, p, coef, epoch);
      }
    }
    return candidates.size();
  }

  /** Puts row (t, p) into the LP: switched back on if it was dropped, else added. */
  private void put(MixtureLp lp, int t, int p, double[] coef, int epoch) {
    long k = key(t, p);
    MixtureLp.Row existing = rows.get(k);
    if (existing != null) {
      lp.revive(existing);
      revived++;
      return;
    }
    rows.put(k, lp.addRow(coef, t, p));
    if (found.add(k)) {
      constraints.add(new MixtureSolution.Constraint(t, problem.pairs.get(p), epoch));
    }
  }

  /**
   * Applies diff t (the counts merge t+1 sees) and refreshes the priorities of the pairs it
   * changed.
   */
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

  /**
   * Recomputed from the counts rather than accumulated, so no rounding drift builds up over 30,000
   * steps.
   */
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
