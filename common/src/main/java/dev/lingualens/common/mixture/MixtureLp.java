package dev.lingualens.common.mixture;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LP1_T of methods.md 3.3 on OR-Tools GLOP, grown row by row: variables α_i ∈ [0,1] with Σα = 1, a
 * slack v_t per merge step and v_p per competing pair (created on first use, objective coefficient
 * 1), and rows Σ_i α_i (ĉ_i(m(t)) − ĉ_i(p)) + v_t + v_p ≥ 0. Each solve starts from scratch with
 * GLOP's presolve, which dualizes this rows ≫ columns LP ({@link DualMixtureLp} writes the dual
 * itself and keeps its basis between solves). A dropped row is switched off in place (its lower
 * bound set to −∞) and switched on again if it is violated later; when switched-off rows outnumber
 * the live ones the model is rebuilt with the live rows only. Holds native memory: close it.
 */
final class MixtureLp implements MixtureLpModel {
  private static volatile boolean nativesLoaded;

  private final int n;
  private MPSolver solver;
  private MPVariable[] alpha;
  private final Map<Integer, MPVariable> stepSlack = new HashMap<>();
  private final Map<Integer, MPVariable> pairSlack = new HashMap<>();
  private MPObjective objective;

  /**
   * Rows in the model, live or switched off, by the order GLOP knows them (index + 1: row 0 is Σα =
   * 1).
   */
  private final List<Row> rows = new ArrayList<>();

  private int liveRows;
  private long iterations;
  private int rebuilds;
  private int retries;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MixtureLp.class);

  /** One row of the model; {@code live} false = switched off (lower bound −∞). */
  static final class Row {
    final double[] coef;
    final int step;
    final int pair;

    /** Null until the next solve hands the row to GLOP, and after a rebuild that left it out. */
    MPConstraint constraint;

    boolean live = true;

    /** Switched off and left out of the model by a rebuild: reviving it adds it anew. */
    boolean detached;

    /** Consecutive solves after which this row was not binding. */
    int idle;

    /** Revived rows stay: a row is dropped at most once, so dropping cannot cycle. */
    boolean sticky;

    /**
     * Counts one solve after which the row's activity was {@code activity}: true once it has not
     * been binding for {@code afterSolves} solves in a row.
     */
    boolean idleAfterSolve(double activity, double tolerance, int afterSolves) {
      if (activity > tolerance) {
        return ++idle >= afterSolves;
      }
      idle = 0;
      return false;
    }

    /**
     * Switches a dropped row back on, to stay (revived rows are never dropped again); returns
     * whether a rebuild had left it out of the model, so the model must take it anew.
     */
    boolean switchOn() {
      live = true;
      idle = 0;
      sticky = true;
      boolean wasDetached = detached;
      detached = false;
      return wasDetached;
    }

    Row(double[] coef, int step, int pair) {
      this.coef = coef;
      this.step = step;
      this.pair = pair;
    }
  }

  MixtureLp(int n) {
    loadNatives();
    this.n = n;
    createModel();
  }

  private void createModel() {
    solver = MPSolver.createSolver("GLOP");
    if (solver == null) {
      throw new IllegalStateException("OR-Tools could not create a GLOP solver");
    }
    alpha = new MPVariable[n];
    MPConstraint simplex = solver.makeConstraint(1, 1, "");
    for (int i = 0; i < n; i++) {
      alpha[i] = solver.makeNumVar(0, 1, "");
      simplex.setCoefficient(alpha[i], 1);
    }
    objective = solver.objective();
    objective.setMinimization();
    stepSlack.clear();
    pairSlack.clear();
  }

  static void loadNatives() {
    if (!nativesLoaded) {
      synchronized (MixtureLp.class) {
        if (!nativesLoaded) {
          Loader.loadNativeLibraries();
          nativesLoaded = true;
        }
      }
    }
  }

  /** Adds Σ_i coef[i]·α_i + v_step + v_pair ≥ 0, creating the slacks on first use. */
  @Override
  public Row addRow(double[] coef, int step, int pair) {
    Row r = new Row(coef, step, pair);
    rows.add(r);
    liveRows++;
    pendingRows.add(r);
    slack(stepSlack, step);
    slack(pairSlack, pair);
    return r;
  }

  private final List<Row> pendingRows = new ArrayList<>();

  /** Switches a dropped row back on (it was found violated again). */
  @Override
  public void revive(Row r) {
    if (r.live) {
      return;
    }
    liveRows++;
    if (r.switchOn()) {
      rows.add(r);
      pendingRows.add(r);
      slack(stepSlack, r.step);
      slack(pairSlack, r.pair);
    } else {
      r.constraint.setLb(0);
    }
  }

  /** Switches a live row off: it no longer constrains the LP. */
  void drop(Row r) {
    if (r.live) {
      r.live = false;
      r.constraint.setLb(-MPSolver.infinity());
      liveRows--;
    }
  }

  private void materialize(Row r) {
    MPConstraint c =
        solver.makeConstraint(r.live ? 0 : -MPSolver.infinity(), MPSolver.infinity(), "");
    for (int i = 0; i < n; i++) {
      c.setCoefficient(alpha[i], r.coef[i]);
    }
    c.setCoefficient(slack(stepSlack, r.step), 1);
    c.setCoefficient(slack(pairSlack, r.pair), 1);
    r.constraint = c;
  }

  private MPVariable slack(Map<Integer, MPVariable> slacks, int key) {
    MPVariable v = slacks.get(key);
    if (v == null) {
      v = solver.makeNumVar(0, MPSolver.infinity(), "");
      objective.setCoefficient(v, 1);
      slacks.put(key, v);
    }
    return v;
  }

  /**
   * Rebuilds the model with the live rows only when switched-off rows outnumber them (and there are
   * enough to matter); the next solve is then cold. Returns whether it rebuilt.
   */
  @Override
  public boolean compactIfWorthIt() {
    int dead = rows.size() - liveRows;
    if (dead < 10_000 || dead <= liveRows) {
      return false;
    }
    List<Row> keep = new ArrayList<>(liveRows);
    for (Row r : rows) {
      if (r.live) {
        keep.add(r);
      } else {
        r.detached = true;
        r.constraint = null;
      }
    }
    solver.delete();
    createModel();
    rows.clear();
    rows.addAll(keep);
    pendingRows.clear();
    pendingRows.addAll(keep);
    for (Row r : keep) {
      r.constraint = null;
      slack(stepSlack, r.step);
      slack(pairSlack, r.pair);
    }
    rebuilds++;
    return true;
  }

  /** Solves the current model from scratch; returns GLOP's iterations. */
  @Override
  public long solve() {
    long before = iterations;
    for (Row r : pendingRows) {
      materialize(r);
    }
    pendingRows.clear();
    run();
    return iterations - before;
  }

  /**
   * GLOP settings tried in turn when a solve ends ABNORMAL (it happens, rarely, with or without
   * presolve).
   */
  private static final String[] RETRIES = {
    "use_preprocessing: true",
    "use_preprocessing: false",
    "use_preprocessing: true use_dual_simplex: true",
    "use_preprocessing: true perturb_costs_in_dual_simplex: true"
  };

  private void run() {
    MPSolver.ResultStatus status = solver.solve();
    iterations += solver.iterations();
    for (int k = 0; k < RETRIES.length && status != MPSolver.ResultStatus.OPTIMAL; k++) {
      LOG.warn(
          "GLOP returned {} on the mixture LP ({} rows); re-solving from scratch with {}",
          status,
          liveRows,
          RETRIES[k]);
      solver.reset();
      solver.setSolverSpecificParametersAsString(RETRIES[k]);
      status = solver.solve();
      iterations += solver.iterations();
      retries++;
    }
    if (retries > 0) {
      solver.setSolverSpecificParametersAsString("");
    }
    if (status != MPSolver.ResultStatus.OPTIMAL) {
      throw new IllegalStateException(
          "GLOP returned "
              + status
              + " for the mixture LP with "
              + liveRows
              + " rows, also after re-solving from scratch with other settings (the LP is always feasible and bounded;"
              + " this is a solver failure)");
    }
  }

  /**
   * After a solve: the live rows that have not been binding (activity above {@code tolerance}) for
   * {@code afterSolves} consecutive solves are switched off; returns them.
   */
  @Override
  public List<Row> dropIdle(int afterSolves, double tolerance) {
    List<Row> dropped = new ArrayList<>();
    if (afterSolves <= 0) {
      return dropped;
    }
    double[] activity = solver.computeConstraintActivities();
    for (Row r : rows) {
      if (!r.live || r.sticky) {
        continue;
      }
      if (r.idleAfterSolve(activity[r.constraint.index()], tolerance, afterSolves)) {
        drop(r);
        dropped.add(r);
      }
    }
    return dropped;
  }

  @Override
  public double[] alpha() {
    double[] a = new double[alpha.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = alpha[i].solutionValue();
    }
    return a;
  }

  @Override
  public Map<Integer, Double> stepSlacks() {
    return values(stepSlack);
  }

  @Override
  public Map<Integer, Double> pairSlacks() {
    return values(pairSlack);
  }

  private static Map<Integer, Double> values(Map<Integer, MPVariable> vars) {
    Map<Integer, Double> out = new HashMap<>();
    vars.forEach((k, v) -> out.put(k, v.solutionValue()));
    return out;
  }

  @Override
  public double objectiveValue() {
    return objective.value();
  }

  /** Live rows (those that constrain the LP). */
  @Override
  public int rows() {
    return liveRows;
  }

  /** Rows GLOP holds, switched-off ones included. */
  int modelRows() {
    return rows.size();
  }

  int rebuilds() {
    return rebuilds;
  }

  @Override
  public int pairSlackCount() {
    return pairSlack.size();
  }

  @Override
  public void close() {
    solver.delete();
  }
}
