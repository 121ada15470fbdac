package dev.lingualens.common.metrics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How often each vocabulary id occurred: the unigram token distribution of one language under one
 * tokenizer, as sorted ids with their counts (sparse: a language uses a small part of a large
 * vocabulary). Counts are {@code long} because a frequent token of a large language passes 2^31.
 */
public final class IdCounts implements Serializable {
  private static final IdCounts EMPTY = new IdCounts(new int[0], new long[0]);

  private final int[] ids;
  private final long[] counts;

  private IdCounts(int[] ids, long[] counts) {
    this.ids = ids;
    this.counts = counts;
  }

  public static IdCounts empty() {
    return EMPTY;
  }

  /** From parallel arrays in any order; an id given twice has its counts added. */
  public static IdCounts of(int[] ids, long[] counts) {
    if (ids.length != counts.length) {
      throw new IllegalArgumentException(
          ids.length + " ids but " + counts.length + " counts: the arrays must be parallel");
    }
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(ids[a], ids[b]));
    int[] outIds = new int[ids.length];
    long[] outCounts = new long[ids.length];
    int n = 0;
    for (int i : order) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException("negative count " + counts[i] + " for id " + ids[i]);
      }
      if (n > 0 && outIds[n - 1] == ids[i]) {
        outCounts[n - 1] += counts[i];
      } else {
        outIds[n] = ids[i];
        outCounts[n++] = counts[i];
      }
    }
    return new IdCounts(Arrays.copyOf(outIds, n), Arrays.copyOf(outCounts, n));
  }

  /** Both distributions' counts added id by id (a merge of two sorted lists). */
  public IdCounts plus(IdCounts other) {
    if (other.ids.length == 0) {
      return this;
    }
    if (ids.length == 0) {
      return other;
    }
    int[] outIds = new int[ids.length + other.ids.length];
    long[] outCounts = new long[outIds.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < ids.length || j < other.ids.length) {
      if (j == other.ids.length || (i < ids.length && ids[i] < other.ids[j])) {
        outIds[n] = ids[i];
        outCounts[n++] = counts[i++];
      } else if (i == ids.length || other.ids[j] < ids[i]) {
        outIds[n] = other.ids[j];
        outCounts[n++] = other.counts[j++];
      } else {
        outIds[n] = ids[i];
        outCounts[n++] = counts[i++] + other.counts[j++];
      }
    }
    return new IdCounts(Arrays.copyOf(outIds, n), Arrays.copyOf(outCounts, n));
  }

  /** Ids seen at least once. */
  public int distinct() {
    int n = 0;
    for (long c : counts) {
      if (c > 0) {
        n++;
      }
    }
    return n;
  }

  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  /** The counts, in id order (a copy). */
  public long[] counts() {
    return counts.clone();
  }

  public long count(int id) {
    int i = Arrays.binarySearch(ids, id);
    return i < 0 ? 0 : counts[i];
  }
}
