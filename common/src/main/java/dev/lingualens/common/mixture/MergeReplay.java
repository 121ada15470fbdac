package dev.lingualens.common.mixture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Step A of the attack (methods.md 3.2): replays a merge list over one category's word frequencies
 * and records the pair counts each merge saw. With {@code offset} k the first k merges are applied
 * silently and only merges k+1..k+T are recorded (Llama 3 over cl100k: only the merges it added).
 */
public final class MergeReplay {
  private MergeReplay() {}

  /**
   * @param words pretoken (in the merge list's alphabet) → frequency
   * @param merges the cleaned merge list
   * @param offset merges applied before recording starts
   * @param maxSteps T, the most merges recorded (the LP's steps)
   */
  public static PairCountHistory replay(
      String category,
      Map<String, Long> words,
      long bytes,
      List<Merge> merges,
      int offset,
      int maxSteps) {
    if (offset < 0 || offset > merges.size()) {
      throw new IllegalArgumentException(
          "merge offset " + offset + " is outside 0.." + merges.size());
    }
    PairCounter counter = new PairCounter(words);
    for (int i = 0; i < offset; i++) {
      counter.apply(merges.get(i).left(), merges.get(i).right());
    }
    Map<Merge, Long> initial = counter.snapshot();
    int steps = Math.min(maxSteps, merges.size() - offset);
    List<Map<Merge, Long>> diffs = new ArrayList<>(Math.max(0, steps - 1));
    int applied = 0;
    int empty = 0;
    for (int t = 1; t <= steps; t++) {
      Merge m = merges.get(offset + t - 1);
      Map<Long, Long> diff = counter.apply(m.left(), m.right());
      if (diff.isEmpty()) {
        empty++;
      } else {
        applied++;
      }
      if (t < steps) {
        Map<Merge, Long> named = new HashMap<>(diff.size() * 2);
        diff.forEach((k, c) -> named.put(counter.symbols.pair(k), c));
        diffs.add(named);
      }
    }
    return new PairCountHistory(
        category, initial, diffs, bytes, counter.totalPairs(), counter.wordCount(), applied, empty);
  }
}
