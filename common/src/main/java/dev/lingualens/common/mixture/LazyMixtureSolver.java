package dev.lingualens.common.mixture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Step C of methods.md 3.4: the LP with lazy row/column generation. Each epoch walks the merge
 * steps with a max-heap of pair priorities prio(p) = Σ_i α_i ĉ_i^t(p) − v_p under the current
 * solution, adds up to {@code batchSize} violated rows per step (p beats m(t) by more than v_t + ε)
 * and at most {@code maxAddPerEpoch} rows per epoch, then re-solves. An epoch that adds nothing
 * proves the current solution optimal for the full LP, since every omitted row is satisfied.
 *
 * <p>Beyond the paper's procedure ({@link Options#paper()}), which stops each scan after 100 rows:
 * by default a scan walks all T steps ({@code maxAddPerEpoch} unbounded), each competing pair
 * brings only its {@code perPair} most violated rows into the LP, and rows that were not binding
 * for {@code dropAfter} consecutive solves are switched off, to come back only if a later scan
 * finds them violated again, so the LP stays small. Dropping only non-binding rows keeps the
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
   * dropAfter} 0 keeps every row; {@code timeLimitSeconds} 0 = no cap; {@code warm} true = the dual
   * form re-solved from the last basis ({@link DualMixtureLp}), false = the LP as written, solved
   * from scratch with GLOP's presolve ({@link MixtureLp}); {@code worstPerEpoch} > 0: the (full)
   * scan collects its violated rows and only the that many most violated enter the LP, 0 = all of
   * them; {@code perPair} > 0: of a scan's violated rows, each competing pair brings only its that
   * many most violated ones (over all steps) into the LP, 0 = all of them.
   */
  public record Options(
      double epsilon,
      int batchSize,
      int maxAddPerEpoch,
      int maxEpochs,
      int dropAfter,
      double timeLimitSeconds,
      boolean warm,
      int worstPerEpoch,
      int perPair)
      implements java.io.Serializable {
    /**
     * What a run gets with no solver keys: full scans (≤ 10 violated rows seen per step), of which
     * each competing pair brings its 10 most violated rows into the LP, rows dropped after 5 solves
     * without binding, no time cap (the job's {@code mixture.solver.time-limit} adds its own), and
     * the LP kept in its dual form so that each epoch's GLOP solve continues from the last basis
     * ({@link DualMixtureLp}). Why per pair: a scan's violated rows crowd onto a few dozen frequent
     * pairs, each beating thousands of steps' merges, and one pair slack v_p answers all of a
     * pair's rows at once, so its most violated few carry what the rest would; measured, an
     * 8,000-merge instance converges where every violated row did not in 10 minutes
     * (docs/benchmarks.md, "Mixture LP").
     */
    public static Options defaults() {
      return new Options(1e-6, 10, Integer.MAX_VALUE, 10_000, 5, 0, true, 0, 10);
    }

    /**
     * The paper's procedure (methods.md 3.4): ≤ 10 rows per step, ≤ 100 per epoch, every row kept.
     */
    public static Options paper() {
      return new Options(1e-6, 10, 100, 10_000, 0, 0, false, 0, 0);
    }

    /** The paper's four knobs, with rows kept, no cap and GLOP's presolve. */
    public Options(double epsilon, int batchSize, int maxAddPerEpoch, int maxEpochs) {
      this(epsilon, batchSize, maxAddPerEpoch, maxEpochs, 0, 0, false, 0, 0);
    }

    public Options {
      if (epsilon < 0
          || batchSize < 1
          || maxAddPerEpoch < 1
          || maxEpochs < 1
          || dropAfter < 0
          || !(timeLimitSeconds >= 0)
          || worstPerEpoch < 0
          || perPair < 0) {
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
                + worstPerEpoch
                + " perPair="
                + perPair);
      }
    }

    public Options withTimeLimit(double seconds) {
      return new Options(
          epsilon,
          batchSize,
          maxAddPerEpoch,
          maxEpochs,
          dropAfter,
          seconds,
          warm,
          worstPerEpoch,
          perPair);
    }

    public Options withEpsilon(double eps) {
      return new Options(
          eps,
          batchSize,
          maxAddPerEpoch,
          maxEpochs,
          dropAfter,
          timeLimitSeconds,
          warm,
          worstPerEpoch,
          perPair);
    }

    public Options withMaxEpochs(int epochs) {
      return new Options(
          epsilon,
          batchSize,
          maxAddPerEpoch,
          epochs,
          dropAfter,
          timeLimitSeconds,
          warm,
          worstPerEpoch,
          perPair);
    }
  }

  private final MixtureProblem problem;
  private final Options options;
  private final int n;
  private final ViolationScan scanner;
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

  /** Violated rows a scan found, when only some of them are added (per pair, or the worst). */
  private final List<Pending> pending = new ArrayList<>();

  record Pending(int step, int pair, double violation, double[] coef) {}

  /** Names the solve in the progress log (several may run side by side). */
  private final String label;

  public LazyMixtureSolver(MixtureProblem problem, Options options) {
    this(problem, options, "");
  }

  public LazyMixtureSolver(MixtureProblem problem, Options options, String label) {
    this.label = label.isEmpty() ? "" : " [" + label + "]";
    this.problem = problem;
    this.options = options;
    this.n = problem.n;
    int pairs = problem.pairs.size();
    this.scanner = new ViolationScan(problem);
    this.alpha = new double[n];
    Arrays.fill(alpha, 1.0 / n);
    this.pairSlack = new double[pairs];
  }

  public static MixtureSolution solve(MixtureProblem problem, Options options) {
    return new LazyMixtureSolver(problem, options).run();
  }

  /** As {@link #solve(MixtureProblem, Options)}, its progress lines naming {@code label}. */
  public static MixtureSolution solve(MixtureProblem problem, Options options, String label) {
    return new LazyMixtureSolver(problem, options, label).run();
  }

  MixtureSolution run() {
    List<SolverEpoch> trace = new ArrayList<>();
    int missing = problem.missingMerges();
    boolean converged = false;
    double objective = 0;
    double upper = Double.POSITIVE_INFINITY;
    long begin = System.nanoTime();
    long lastLog = begin;
    String stop = "max-epochs";
    try (MixtureLpModel lp = options.warm() ? new DualMixtureLp(n) : new MixtureLp(n)) {
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
              "mixture LP{} epoch {} ({} s): {} violated rows found ({} revived), {} live rows after dropping {},"
                  + " objective {} (upper bound {}), scan {} s, solve {} s ({} iterations), α = {}",
              label,
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
          "mixture LP{} stopped by its {} after {} epochs, not converged: optimum in [{}, {}]",
          label,
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

  private void readBack(MixtureLpModel lp) {
    alpha = lp.alpha();
    stepSlack = new HashMap<>(lp.stepSlacks());
    Arrays.fill(pairSlack, 0);
    lp.pairSlacks().forEach((p, v) -> pairSlack[p] = v);
  }

  /**
   * One pass over the merge steps under the current solution; returns the rows it put into the LP.
   */
  private int scan(MixtureLpModel lp, int epoch, int[] lastStep) {
    revived = 0;
    double[] vt = new double[problem.steps + 1];
    stepSlack.forEach((t, v) -> vt[t] = v);
    ViolationScan.Walk walk =
        scanner.walk(
            alpha,
            vt,
            pairSlack,
            options.epsilon(),
            options.batchSize(),
            options.maxAddPerEpoch(),
            (t, p) -> {
              MixtureLp.Row r = rows.get(key(t, p));
              return r != null && r.live;
            },
            (t, p, violation, coef) -> {
              if (options.worstPerEpoch() > 0 || options.perPair() > 0) {
                pending.add(new Pending(t, p, violation, coef));
              } else {
                put(lp, t, p, coef, epoch);
              }
            });
    lastStep[0] = walk.lastStep();
    excess =
        walk.full() ? walk.excess() : Double.POSITIVE_INFINITY; // a partial scan bounds nothing
    int newRows = walk.rows();
    if (!pending.isEmpty()) {
      List<Pending> chosen = select(pending, options.perPair(), options.worstPerEpoch());
      for (Pending r : chosen) {
        put(lp, r.step, r.pair, r.coef, epoch);
      }
      newRows = chosen.size();
      pending.clear();
    }
    return newRows;
  }

  /**
   * The rows of a scan that enter the LP, most violated first: at most {@code perPair} per pair (0
   * = no limit), then at most {@code worst} in all (0 = no limit). Never empty when {@code found}
   * is not, so an epoch that found violated rows always adds one.
   */
  static List<Pending> select(List<Pending> found, int perPair, int worst) {
    List<Pending> sorted = new ArrayList<>(found);
    sorted.sort((a, b) -> Double.compare(b.violation, a.violation));
    List<Pending> chosen = new ArrayList<>();
    Map<Integer, Integer> taken = new HashMap<>();
    for (Pending r : sorted) {
      if (worst > 0 && chosen.size() == worst) {
        break;
      }
      if (perPair > 0 && taken.merge(r.pair, 1, Integer::sum) > perPair) {
        continue;
      }
      chosen.add(r);
    }
    return chosen;
  }

  /** Puts row (t, p) into the LP: switched back on if it was dropped, else added. */
  private void put(MixtureLpModel lp, int t, int p, double[] coef, int epoch) {
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

  private static long key(int step, int pair) {
    return ((long) step << 32) | pair;
  }
}
