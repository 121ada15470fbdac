package dev.lingualens.common.metrics;

import java.util.Arrays;

/**
 * Counts token ids in the executor's hot loop (one call per token): open addressing over primitive
 * arrays, so no boxing and no node per id. Memory follows the ids a language actually uses, not the
 * vocabulary size, so a partition mixing hundreds of languages stays small.
 */
public final class IdCounter {
  private static final int FREE = -1;

  private int[] keys = newKeys(64);
  private int[] values = new int[64];
  private int size;

  private static int[] newKeys(int capacity) {
    int[] k = new int[capacity];
    Arrays.fill(k, FREE);
    return k;
  }

  /** One occurrence of {@code id} (a vocabulary id, never negative). */
  public void add(int id) {
    if (id < 0) {
      throw new IllegalArgumentException("token id " + id + " is negative");
    }
    int mask = keys.length - 1;
    int slot = mix(id) & mask;
    while (true) {
      int k = keys[slot];
      if (k == id) {
        if (values[slot] == Integer.MAX_VALUE) {
          throw new IllegalStateException("id " + id + " counted 2^31 times in one partition");
        }
        values[slot]++;
        return;
      }
      if (k == FREE) {
        keys[slot] = id;
        values[slot] = 1;
        if (++size * 2 > keys.length) {
          grow();
        }
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public IdCounts toIdCounts() {
    int[] ids = new int[size];
    long[] counts = new long[size];
    int n = 0;
    for (int s = 0; s < keys.length; s++) {
      if (keys[s] != FREE) {
        ids[n] = keys[s];
        counts[n++] = values[s];
      }
    }
    return IdCounts.of(ids, counts);
  }

  private void grow() {
    int[] oldKeys = keys;
    int[] oldValues = values;
    keys = newKeys(oldKeys.length * 2);
    values = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int s = 0; s < oldKeys.length; s++) {
      if (oldKeys[s] != FREE) {
        int slot = mix(oldKeys[s]) & mask;
        while (keys[slot] != FREE) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[s];
        values[slot] = oldValues[s];
      }
    }
  }

  /** Vocabulary ids are dense small integers: spread them so neighbours do not cluster. */
  private static int mix(int id) {
    int h = id * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
