package dev.lingualens.common.mixture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adjacent-pair counts of a word-frequency table, kept current while merges are applied: a merge
 * touches only the words that contain its pair (found through a pair → words index), and only the
 * pairs that overlap a replaced occurrence change (methods.md 3.2). Counts are 64-bit because at 1
 * GB per category they exceed 2³¹. Shared by the merge replay and the BPE trainer.
 */
final class PairCounter {
  final SymbolTable symbols = new SymbolTable();
  private final int[][] words;
  private final long[] freq;
  private final Map<Long, long[]> counts = new HashMap<>();
  private final Map<Long, IntList> postings = new HashMap<>();
  private final int[] visited;
  private int visit;
  private final long totalPairs;
  private final long wordCount;

  /**
   * Words are sorted first so that symbol ids (and the trainer's tie-breaks) do not depend on map
   * order.
   */
  PairCounter(Map<String, Long> wordFrequencies) {
    TreeMap<String, Long> sorted = new TreeMap<>(wordFrequencies);
    words = new int[sorted.size()][];
    freq = new long[sorted.size()];
    visited = new int[sorted.size()];
    int w = 0;
    long total = 0;
    long occurrences = 0;
    for (Map.Entry<String, Long> e : sorted.entrySet()) {
      List<String> base = RankedMerges.baseSymbols(e.getKey());
      int[] ids = new int[base.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = symbols.intern(base.get(i));
      }
      long f = e.getValue();
      if (f <= 0) {
        throw new IllegalArgumentException(
            "word '" + e.getKey() + "' has frequency " + f + " (must be positive)");
      }
      words[w] = ids;
      freq[w] = f;
      occurrences += f;
      for (int i = 0; i + 1 < ids.length; i++) {
        long key = SymbolTable.key(ids[i], ids[i + 1]);
        counts.computeIfAbsent(key, k -> new long[1])[0] += f;
        postings.computeIfAbsent(key, k -> new IntList()).add(w);
        total += f;
      }
      w++;
    }
    totalPairs = total;
    wordCount = occurrences;
  }

  /** D_i: adjacent pairs before any merge (the LP's normaliser). */
  long totalPairs() {
    return totalPairs;
  }

  /** Word occurrences in the sample. */
  long wordCount() {
    return wordCount;
  }

  int distinctWords() {
    return words.length;
  }

  long count(long key) {
    long[] c = counts.get(key);
    return c == null ? 0 : c[0];
  }

  /** Every pair with a non-zero count, as string pairs (the step-0 state). */
  Map<Merge, Long> snapshot() {
    Map<Merge, Long> out = new LinkedHashMap<>();
    counts.forEach(
        (k, c) -> {
          if (c[0] != 0) {
            out.put(symbols.pair(k), c[0]);
          }
        });
    return out;
  }

  Map<Long, long[]> liveCounts() {
    return counts;
  }

  /**
   * Applies merge (left, right) to every word holding the pair and returns the new absolute count
   * of every pair whose count changed, the merged pair included (forced to 0). Pairs created and
   * destroyed within the step (net 0) do not appear. Empty map when the pair is unknown or has
   * count 0.
   */
  Map<Long, Long> apply(String left, String right) {
    int l = symbols.id(left);
    int r = symbols.id(right);
    if (l < 0 || r < 0) {
      return Map.of();
    }
    long mergedKey = SymbolTable.key(l, r);
    if (count(mergedKey) == 0) {
      return Map.of();
    }
    int m = symbols.intern(left + right);
    Map<Long, Long> delta = new HashMap<>();
    IntList holders = postings.remove(mergedKey);
    visit++;
    for (int h = 0; h < holders.size; h++) {
      int w = holders.data[h];
      if (visited[w] == visit) {
        continue; // a word is listed once per occurrence of the pair
      }
      visited[w] = visit;
      mergeWord(w, l, r, m, delta);
    }
    Map<Long, Long> diff = new HashMap<>();
    for (Map.Entry<Long, Long> e : delta.entrySet()) {
      if (e.getValue() != 0 && e.getKey() != mergedKey) {
        long[] c = counts.computeIfAbsent(e.getKey(), k -> new long[1]);
        c[0] += e.getValue();
        if (c[0] < 0) {
          throw new IllegalStateException(
              "pair " + symbols.pair(e.getKey()) + " count went negative: " + c[0]);
        }
        diff.put(e.getKey(), c[0]);
        if (c[0] == 0) {
          counts.remove(e.getKey());
        }
      }
    }
    counts.remove(mergedKey);
    diff.put(mergedKey, 0L);
    return diff;
  }

  /**
   * Left→right, non-overlapping replacement in one word; neighbours are the already-updated
   * symbols.
   */
  private void mergeWord(int w, int l, int r, int m, Map<Long, Long> delta) {
    int[] s = words[w];
    long f = freq[w];
    int[] out = new int[s.length];
    int n = 0;
    boolean changed = false;
    for (int i = 0; i < s.length; ) {
      if (i + 1 < s.length && s[i] == l && s[i + 1] == r) {
        if (n > 0) {
          int prev = out[n - 1];
          add(delta, SymbolTable.key(prev, l), -f);
          add(delta, SymbolTable.key(prev, m), f);
          postings.computeIfAbsent(SymbolTable.key(prev, m), k -> new IntList()).add(w);
        }
        if (i + 2 < s.length) {
          int next = s[i + 2];
          add(delta, SymbolTable.key(r, next), -f);
          add(delta, SymbolTable.key(m, next), f);
          postings.computeIfAbsent(SymbolTable.key(m, next), k -> new IntList()).add(w);
        }
        out[n++] = m;
        i += 2;
        changed = true;
      } else {
        out[n++] = s[i++];
      }
    }
    if (changed) {
      words[w] = Arrays.copyOf(out, n);
    }
  }

  private static void add(Map<Long, Long> delta, long key, long change) {
    delta.merge(key, change, Long::sum);
  }

  /** Growable int array; postings may hold stale or repeated word ids, filtered at use. */
  static final class IntList {
    int[] data = new int[4];
    int size;

    void add(int v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }
  }

  List<String> symbolsOf(int word) {
    List<String> out = new ArrayList<>();
    for (int id : words[word]) {
      out.add(symbols.name(id));
    }
    return out;
  }
}
