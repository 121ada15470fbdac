package dev.lingualens.common.mixture;

import java.util.List;
import java.util.Map;

/**
 * LP1_T of methods.md 3.3 grown row by row, as the lazy loop drives it: rows are added, switched
 * off when idle and switched back on when violated again. Two forms: {@link MixtureLp} hands GLOP
 * the LP as written (GLOP's presolve dualizes it, and each epoch solves from scratch); {@link
 * DualMixtureLp} writes the dual itself, where a new row is a new column and the last optimal basis
 * stays feasible, so each epoch continues from it. Holds native memory: close it.
 */
interface MixtureLpModel extends AutoCloseable {
  /** Adds Σ_i coef[i]·α_i + v_step + v_pair ≥ 0, creating the slacks on first use. */
  MixtureLp.Row addRow(double[] coef, int step, int pair);

  /** Switches a dropped row back on (it was found violated again). */
  void revive(MixtureLp.Row r);

  /** Rebuilds the model with the live rows only when switched-off rows dominate. */
  boolean compactIfWorthIt();

  /** Solves the current model; returns GLOP's iterations. */
  long solve();

  /**
   * After a solve: the live rows not binding (activity above {@code tolerance}) for {@code
   * afterSolves} consecutive solves are switched off; returns them.
   */
  List<MixtureLp.Row> dropIdle(int afterSolves, double tolerance);

  double[] alpha();

  Map<Integer, Double> stepSlacks();

  Map<Integer, Double> pairSlacks();

  double objectiveValue();

  /** Live rows (those that constrain the LP). */
  int rows();

  int pairSlackCount();

  @Override
  void close();
}
