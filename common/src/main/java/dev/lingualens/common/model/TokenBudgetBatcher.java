package dev.lingualens.common.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Groups sequences into batches whose padded size (rows × longest row) stays within a token budget,
 * after sorting by length so that similar lengths share a batch and little compute goes to padding.
 * Each batch remembers the original indices so results can be put back in input order.
 */
public final class TokenBudgetBatcher {
  /** A batch and, for each of its rows, the index of that sequence in the input list. */
  public record Batch(TokenBatch tokens, int[] indices) {}

  private TokenBudgetBatcher() {}

  public static List<Batch> batches(
      List<long[]> sequences, long padId, int maxTokens, int maxRows) {
    if (maxTokens < 1 || maxRows < 1) {
      throw new IllegalArgumentException("token budget and max rows must be positive");
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < sequences.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.comparingInt((Integer i) -> sequences.get(i).length).thenComparingInt(i -> i));
    List<Batch> out = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    int longest = 0;
    for (int i : order) {
      int len = sequences.get(i).length;
      int newLongest = Math.max(longest, len);
      if (!current.isEmpty()
          && ((long) newLongest * (current.size() + 1) > maxTokens || current.size() == maxRows)) {
        out.add(build(sequences, current, padId));
        current = new ArrayList<>();
        newLongest = len;
      }
      current.add(i);
      longest = newLongest;
    }
    if (!current.isEmpty()) {
      out.add(build(sequences, current, padId));
    }
    return out;
  }

  private static Batch build(List<long[]> sequences, List<Integer> rows, long padId) {
    List<long[]> seqs = new ArrayList<>();
    rows.forEach(i -> seqs.add(sequences.get(i)));
    return new Batch(
        TokenBatch.of(seqs, padId), rows.stream().mapToInt(Integer::intValue).toArray());
  }
}
