package dev.lingualens.common.mixture;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dual of LP1_T, written out: one column y_r ≥ 0 per row r = (t, p) of the primal, a free λ,
 * and three kinds of rows — per category i: Σ_r y_r·coef_r[i] + λ ≤ 0 (its dual is α_i), per step
 * t: Σ_{r at t} y_r ≤ 1 (dual v_t), per pair p: Σ_{r with p} y_r ≤ 1 (dual v_p); maximise λ. By LP
 * duality its optimum is the primal's and its row duals are the primal's (α, v_t, v_p).
 *
 * <p>Why the dual: a row the lazy loop adds to the primal is a column here, and a new column leaves
 * the last optimal basis primal feasible, so GLOP's primal simplex (presolve off, which keeps the
 * basis between solves) continues from it instead of starting over. GLOP keeps its basis only when
 * a solve adds columns alone, or rows and bound changes alone, so a new step or pair row, and the
 * switching-off of dropped rows (their columns fixed at 0), enter in a solve of their own before
 * the columns (new slacks basic, the basis still optimal); step and pair rows come from a stock of
 * empty rows made ahead, and drops wait for the next such solve, so that most epochs need one
 * solve, not two. A revived row comes back as a new column (its old one stays at 0). GLOP's
 * presolve dualizes the primal by itself (what {@link MixtureLp} relies on), but then every solve
 * starts from scratch.
 */
final class DualMixtureLp implements MixtureLpModel {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(DualMixtureLp.class);

  /**
   * Scaling off as well: GLOP rescales the whole matrix on every solve, and the scale factors move
   * as columns arrive, so the warm basis is worth much less (measured: 4.5–6× more iterations and
   * 1.2–2.2× the time at T = 3,000–10,000, docs/benchmarks.md). The coefficients are differences of
   * count shares, all within a few orders of magnitude, and the stopping scan checks every row in
   * Java whatever GLOP's tolerances did.
   */
  private static final String PARAMS = "use_preprocessing: false, use_scaling: false";

  private final int n;
  private MPSolver solver;
  private MPConstraint[] categoryRows;
  private MPObjective objective;
  private final Map<Integer, MPConstraint> stepRows = new HashMap<>();
  private final Map<Integer, MPConstraint> pairRows = new HashMap<>();

  /** Rows of the primal = columns here, live or switched off, in the order they were added. */
  private final List<MixtureLp.Row> rows = new ArrayList<>();

  private final Map<MixtureLp.Row, MPVariable> columns = new HashMap<>();
  private final List<MixtureLp.Row> pending = new ArrayList<>();

  /**
   * Empty ≤ 1 rows made ahead, handed out as step or pair rows: a new row costs a solve of its own
   * before the epoch's columns (see {@link #solve}), and with a stock of rows most epochs skip it.
   * Measured (docs/benchmarks.md, "Fewer solves per epoch"): with a stock of 300, 26 such solves in
   * 156 epochs against 150 in 151 at T = 10,000; 100–1,000 spare rows leave the simplex iterations
   * as they were.
   */
  private static final int SPARE_ROWS = 1000;

  private final ArrayDeque<MPConstraint> spare = new ArrayDeque<>();

  /** Rows made since the last solve because the stock ran out. */
  private int created;

  /**
   * Rows dropped since the last solve of rows and bounds: out of the bookkeeping at once, their
   * columns switched off (a bound change) at the next such solve.
   */
  private final Set<MixtureLp.Row> pendingDrops = new LinkedHashSet<>();

  /**
   * Columns left switched off by a revival since the last rebuild: a revived row comes back as a
   * new column.
   */
  private int garbage;

  private boolean solvedOnce;
  private int liveRows;
  private long iterations;

  /** The last solve's primal solution, read from the row duals. */
  private double[] alpha;

  private final Map<Integer, Double> stepValues = new HashMap<>();
  private final Map<Integer, Double> pairValues = new HashMap<>();

  DualMixtureLp(int n) {
    MixtureLp.loadNatives();
    this.n = n;
    createModel();
  }

  private void createModel() {
    solver = MPSolver.createSolver("GLOP");
    if (solver == null) {
      throw new IllegalStateException("OR-Tools could not create a GLOP solver");
    }
    if (!solver.setSolverSpecificParametersAsString(PARAMS)) {
      throw new IllegalStateException("GLOP rejected " + PARAMS);
    }
    MPVariable lambda = solver.makeNumVar(-MPSolver.infinity(), MPSolver.infinity(), "");
    categoryRows = new MPConstraint[n];
    for (int i = 0; i < n; i++) {
      categoryRows[i] = solver.makeConstraint(-MPSolver.infinity(), 0, "");
      categoryRows[i].setCoefficient(lambda, 1);
    }
    objective = solver.objective();
    objective.setCoefficient(lambda, 1);
    objective.setMaximization();
    stepRows.clear();
    pairRows.clear();
    spare.clear();
    pendingDrops.clear();
    garbage = 0;
    columns.clear();
    created = 0;
    solvedOnce = false;
  }

  @Override
  public MixtureLp.Row addRow(double[] coef, int step, int pair) {
    MixtureLp.Row r = new MixtureLp.Row(coef, step, pair);
    rows.add(r);
    liveRows++;
    pending.add(r);
    return r;
  }

  @Override
  public void revive(MixtureLp.Row r) {
    if (r.live) {
      return;
    }
    liveRows++;
    boolean detached = r.switchOn();
    if (pendingDrops.remove(r)) {
      return; // its column was never switched off
    }
    if (detached) {
      rows.add(r);
    } else {
      garbage++; // the old column stays fixed at 0: a bound change would cost the warm basis
    }
    pending.add(r);
  }

  private void drop(MixtureLp.Row r) {
    if (r.live) {
      r.live = false;
      liveRows--;
      pendingDrops.add(r);
    }
  }

  private MPConstraint unitRow(Map<Integer, MPConstraint> rowsByKey, int key) {
    MPConstraint c = rowsByKey.get(key);
    if (c == null) {
      if (!spare.isEmpty()) {
        c = spare.pop();
      } else {
        c = solver.makeConstraint(-MPSolver.infinity(), 1, "");
        created++;
      }
      rowsByKey.put(key, c);
    }
    return c;
  }

  @Override
  public boolean compactIfWorthIt() {
    int dead = rows.size() - liveRows + garbage;
    if (dead < 10_000 || dead <= liveRows) {
      return false;
    }
    List<MixtureLp.Row> keep = new ArrayList<>(liveRows);
    for (MixtureLp.Row r : rows) {
      if (r.live) {
        keep.add(r);
      } else {
        r.detached = true;
      }
    }
    solver.delete();
    createModel();
    rows.clear();
    rows.addAll(keep);
    pending.clear();
    pending.addAll(keep);
    return true;
  }

  @Override
  public long solve() {
    long before = iterations;
    for (MixtureLp.Row r : pending) {
      unitRow(stepRows, r.step);
      unitRow(pairRows, r.pair);
    }
    // A solve that adds columns keeps GLOP's basis only if nothing else changed (no new row, no
    // bound), so new rows and the switching-off of dropped rows wait for a solve of their own.
    if (created > 0 || pendingDrops.size() > liveRows) {
      solveRowsAndBounds();
    }
    for (MixtureLp.Row r : pending) {
      MPVariable y = solver.makeNumVar(0, MPSolver.infinity(), ""); // pending rows are live
      for (int i = 0; i < n; i++) {
        categoryRows[i].setCoefficient(y, r.coef[i]);
      }
      stepRows.get(r.step).setCoefficient(y, 1);
      pairRows.get(r.pair).setCoefficient(y, 1);
      columns.put(r, y);
    }
    pending.clear();
    run();
    readSolution();
    return iterations - before;
  }

  /** Switches dropped rows' columns off and restocks spare rows, in a solve without new columns. */
  private void solveRowsAndBounds() {
    for (MixtureLp.Row r : pendingDrops) {
      columns.get(r).setUb(0);
    }
    pendingDrops.clear();
    if (created > 0) {
      for (int k = Math.max(SPARE_ROWS, 2 * created); k > 0; k--) {
        spare.push(solver.makeConstraint(-MPSolver.infinity(), 1, ""));
      }
      created = 0;
    }
    if (solvedOnce) {
      run(); // new slacks enter the basis, which stays optimal
    }
  }

  private void run() {
    MPSolver.ResultStatus status = solver.solve();
    iterations += solver.iterations();
    if (status != MPSolver.ResultStatus.OPTIMAL) {
      LOG.warn(
          "GLOP returned {} on the dual mixture LP ({} live rows); re-solving from scratch",
          status,
          liveRows);
      solver.reset();
      status = solver.solve();
      iterations += solver.iterations();
    }
    if (status != MPSolver.ResultStatus.OPTIMAL) {
      throw new IllegalStateException(
          "GLOP returned "
              + status
              + " for the dual mixture LP with "
              + liveRows
              + " rows, also from scratch (the LP is always feasible and bounded; this is a solver"
              + " failure)");
    }
    solvedOnce = true;
  }

  /** Row duals of a maximisation with ≤ rows are ≥ 0 up to rounding; clamp the rounding. */
  private void readSolution() {
    alpha = new double[n];
    for (int i = 0; i < n; i++) {
      alpha[i] = Math.max(0, categoryRows[i].dualValue());
    }
    stepValues.clear();
    stepRows.forEach((t, c) -> stepValues.put(t, Math.max(0, c.dualValue())));
    pairValues.clear();
    pairRows.forEach((p, c) -> pairValues.put(p, Math.max(0, c.dualValue())));
  }

  @Override
  public List<MixtureLp.Row> dropIdle(int afterSolves, double tolerance) {
    List<MixtureLp.Row> dropped = new ArrayList<>();
    if (afterSolves <= 0) {
      return dropped;
    }
    for (MixtureLp.Row r : rows) {
      if (!r.live || r.sticky) {
        continue;
      }
      double activity = stepValues.get(r.step) + pairValues.get(r.pair);
      for (int i = 0; i < n; i++) {
        activity += r.coef[i] * alpha[i];
      }
      if (r.idleAfterSolve(activity, tolerance, afterSolves)) {
        drop(r);
        dropped.add(r);
      }
    }
    return dropped;
  }

  @Override
  public double[] alpha() {
    return alpha.clone();
  }

  @Override
  public Map<Integer, Double> stepSlacks() {
    return Map.copyOf(stepValues);
  }

  @Override
  public Map<Integer, Double> pairSlacks() {
    return Map.copyOf(pairValues);
  }

  @Override
  public double objectiveValue() {
    return objective.value();
  }

  @Override
  public int rows() {
    return liveRows;
  }

  @Override
  public int pairSlackCount() {
    return pairRows.size();
  }

  @Override
  public void close() {
    solver.delete();
  }
}
