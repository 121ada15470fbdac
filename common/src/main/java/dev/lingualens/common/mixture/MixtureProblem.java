package dev.lingualens.common.mixture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LP's data in dense form: every pair seen in any category gets an id; {@code initial[p*n+i]}
 * is ĉ_i^0(p) = c_i^0(p) / D_i, and step t's diffs become (pair, category, new ĉ) triples. Built
 * once, replayed by every epoch of the lazy loop.
 */
public final class MixtureProblem {
  final int n;
  final int steps;
  final List<String> categories = new ArrayList<>();
  final long[] bytes;
  final long[] totalPairs;
  final List<Merge> pairs = new ArrayList<>();
  final Map<Merge, Integer> pairIds = new HashMap<>();
  final int[] mergePair;
  double[] initial;
  final int[][] diffPair;
  final int[][] diffCategory;
  final double[][] diffValue;

  /**
   * @param histories one per category, all recorded over the same merges
   * @param merges the attacked merges m(1..T), T = the histories' diff count + 1
   */
  public MixtureProblem(List<PairCountHistory> histories, List<Merge> merges) {
    if (histories.isEmpty()) {
      throw new IllegalArgumentException(
          "no categories: the mixture LP needs at least one category's pair counts");
    }
    n = histories.size();
    steps = merges.size();
    bytes = new long[n];
    totalPairs = new long[n];
    for (int i = 0; i < n; i++) {
      PairCountHistory h = histories.get(i);
      if (h.diffs().size() != Math.max(0, steps - 1)) {
        throw new IllegalArgumentException(
            "category '"
                + h.category()
                + "' has "
                + h.diffs().size()
                + " recorded steps but the merge list attacks "
                + steps
                + " merges (expected "
                + (steps - 1)
                + ")");
      }
      if (h.totalPairs() <= 0) {
        throw new IllegalArgumentException(
            "category '" + h.category() + "' has no adjacent pairs (empty sample?)");
      }
      categories.add(h.category());
      bytes[i] = h.bytes();
      totalPairs[i] = h.totalPairs();
    }
    initial = new double[0];
    for (int i = 0; i < n; i++) {
      PairCountHistory h = histories.get(i);
      for (Map.Entry<Merge, Long> e : h.initial().entrySet()) {
        int p = intern(e.getKey());
        initial[p * n + i] = e.getValue() / (double) totalPairs[i];
      }
    }
    int diffSteps = Math.max(0, steps - 1);
    diffPair = new int[diffSteps][];
    diffCategory = new int[diffSteps][];
    diffValue = new double[diffSteps][];
    for (int t = 0; t < diffSteps; t++) {
      int size = 0;
      for (PairCountHistory h : histories) {
        size += h.diffs().get(t).size();
      }
      int[] dp = new int[size];
      int[] dc = new int[size];
      double[] dv = new double[size];
      int k = 0;
      for (int i = 0; i < n; i++) {
        for (Map.Entry<Merge, Long> e : histories.get(i).diffs().get(t).entrySet()) {
          dp[k] = intern(e.getKey());
          dc[k] = i;
          dv[k] = e.getValue() / (double) totalPairs[i];
          k++;
        }
      }
      diffPair[t] = dp;
      diffCategory[t] = dc;
      diffValue[t] = dv;
    }
    mergePair = new int[steps];
    for (int t = 0; t < steps; t++) {
      mergePair[t] = pairIds.getOrDefault(merges.get(t), -1);
    }
  }

  private int intern(Merge pair) {
    Integer id = pairIds.get(pair);
    if (id != null) {
      return id;
    }
    int p = pairs.size();
    pairs.add(pair);
    pairIds.put(pair, p);
    if ((p + 1) * n > initial.length) {
      initial = java.util.Arrays.copyOf(initial, Math.max(16 * n, initial.length * 2));
    }
    return p;
  }

  public int categoryCount() {
    return n;
  }

  public List<String> categories() {
    return List.copyOf(categories);
  }

  public int steps() {
    return steps;
  }

  /** Merges whose pair occurs in no category sample at any step: they only get their free v_t. */
  public int missingMerges() {
    int missing = 0;
    for (int p : mergePair) {
      if (p < 0) {
        missing++;
      }
    }
    return missing;
  }
}
