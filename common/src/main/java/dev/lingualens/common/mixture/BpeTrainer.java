package dev.lingualens.common.mixture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Byte-level BPE training: repeatedly merge the most frequent adjacent pair of the word-frequency
 * table (the rule the attack inverts). Count ties go to the lexicographically smallest (left,
 * right), so a run is deterministic. Shares {@link PairCounter} with the replay, so a merge changes
 * exactly the counts the replay would record.
 */
public final class BpeTrainer {
  private BpeTrainer() {}

  /**
   * @param words pretoken (GPT-2 byte alphabet) → frequency
   * @param maxMerges merges to learn (vocabulary = 256 bytes + merges)
   * @param minFrequency stop when the most frequent pair is rarer than this
   */
  public static List<Merge> train(Map<String, Long> words, int maxMerges, long minFrequency) {
    PairCounter counter = new PairCounter(words);
    SymbolTable symbols = counter.symbols;
    record Candidate(long count, long key) {}
    Comparator<Candidate> order =
        Comparator.comparingLong((Candidate c) -> -c.count)
            .thenComparing(c -> symbols.name(SymbolTable.left(c.key)))
            .thenComparing(c -> symbols.name(SymbolTable.right(c.key)));
    PriorityQueue<Candidate> heap = new PriorityQueue<>(order);
    counter.liveCounts().forEach((k, c) -> heap.add(new Candidate(c[0], k)));
    List<Merge> merges = new ArrayList<>(maxMerges);
    while (merges.size() < maxMerges && !heap.isEmpty()) {
      Candidate top = heap.poll();
      if (top.count != counter.count(top.key)) {
        continue; // stale: the pair's count changed since this entry was pushed
      }
      if (top.count < Math.max(1, minFrequency)) {
        break;
      }
      Merge m = symbols.pair(top.key);
      merges.add(m);
      for (Map.Entry<Long, Long> e : counter.apply(m.left(), m.right()).entrySet()) {
        if (e.getValue() > 0) {
          heap.add(new Candidate(e.getValue(), e.getKey()));
        }
      }
    }
    return merges;
  }
}
