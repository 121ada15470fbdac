package dev.lingualens.common.mixture;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The inferred mixture: α in pair-mass units (what the paper's commercial-tokenizer tables show)
 * and β in bytes (what the controlled experiments score), with the constraints the lazy loop found
 * and its trace. The full LP's optimum lies in [{@code lowerBound}, {@code upperBound}]: equal (to
 * the objective) when {@code converged} (up to ε per merge step); when a time or epoch cap stopped
 * the loop, the lower bound is the last relaxation's objective and the upper bound the best
 * objective of a feasible point of the full LP that a full scan built (a relaxation's α with each
 * v_t raised until every row holds; +∞ if no full scan was made).
 */
public record MixtureSolution(
    List<String> categories,
    double[] alpha,
    double[] beta,
    double objective,
    Map<Merge, Double> pairSlacks,
    Map<Integer, Double> stepSlacks,
    List<Constraint> constraints,
    List<SolverEpoch> trace,
    int missingMerges,
    boolean converged,
    double lowerBound,
    double upperBound)
    implements Serializable {

  /**
   * Row (t, p) of LP1_T: at merge step t (1-based) the pair p competed with m(t); found in {@code
   * epoch}.
   */
  public record Constraint(int step, Merge pair, int epoch) implements Serializable {}

  public double alphaOf(String category) {
    return alpha[categories.indexOf(category)];
  }

  public double betaOf(String category) {
    return beta[categories.indexOf(category)];
  }
}
