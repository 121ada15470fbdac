package dev.lingualens.common.mixture;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * LP1_T of methods.md 3.3 on OR-Tools GLOP, grown row by row: variables α_i ∈ [0,1] with Σα = 1, a slack
 * v_t per merge step and v_p per competing pair (created on first use, objective coefficient 1), and
 * rows Σ_i α_i (ĉ_i(m(t)) − ĉ_i(p)) + v_t + v_p ≥ 0. GLOP keeps its basis between solves, so each
 * epoch's re-solve after appending rows starts warm. Holds native memory: close it.
 */
final class MixtureLp implements AutoCloseable {
  private static volatile boolean nativesLoaded;

  private final MPSolver solver;
  private final MPVariable[] alpha;
  private final Map<Integer, MPVariable> stepSlack = new HashMap<>();
  private final Map<Integer, MPVariable> pairSlack = new HashMap<>();
  private final MPObjective objective;
  private int rows;

  MixtureLp(int n) {
    loadNatives();
    solver = MPSolver.createSolver("GLOP");
    if (solver == null) {
      throw new IllegalStateException("OR-Tools could not create a GLOP solver");
    }
    alpha = new MPVariable[n];
    MPConstraint simplex = solver.makeConstraint(1, 1, "sum_alpha");
    for (int i = 0; i < n; i++) {
      alpha[i] = solver.makeNumVar(0, 1, "alpha_" + i);
      simplex.setCoefficient(alpha[i], 1);
    }
    objective = solver.objective();
    objective.setMinimization();
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
  void addRow(double[] coef, int step, int pair) {
    MPConstraint row = solver.makeConstraint(0, MPSolver.infinity(), "t" + step + "_p" + pair);
    for (int i = 0; i < coef.length; i++) {
      row.setCoefficient(alpha[i], coef[i]);
    }
    row.setCoefficient(slack(stepSlack, step, "v_t"), 1);
    row.setCoefficient(slack(pairSlack, pair, "v_p"), 1);
    rows++;
  }

  private MPVariable slack(Map<Integer, MPVariable> slacks, int key, String prefix) {
    return slacks.computeIfAbsent(key, k -> {
      MPVariable v = solver.makeNumVar(0, MPSolver.infinity(), prefix + k);
      objective.setCoefficient(v, 1);
      return v;
    });
  }

  void solve() {
    MPSolver.ResultStatus status = solver.solve();
    if (status != MPSolver.ResultStatus.OPTIMAL) {
      throw new IllegalStateException("GLOP returned " + status + " for the mixture LP with " + rows
          + " rows (the LP is always feasible and bounded; this is a solver failure)");
    }
  }

  double[] alpha() {
    double[] a = new double[alpha.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = alpha[i].solutionValue();
    }
    return a;
  }

  Map<Integer, Double> stepSlacks() {
    return values(stepSlack);
  }

  Map<Integer, Double> pairSlacks() {
    return values(pairSlack);
  }

  private static Map<Integer, Double> values(Map<Integer, MPVariable> vars) {
    Map<Integer, Double> out = new HashMap<>();
    vars.forEach((k, v) -> out.put(k, v.solutionValue()));
    return out;
  }

  double objectiveValue() {
    return objective.value();
  }

  int rows() {
    return rows;
  }

  int pairSlackCount() {
    return pairSlack.size();
  }

  @Override
  public void close() {
    solver.delete();
  }
}
