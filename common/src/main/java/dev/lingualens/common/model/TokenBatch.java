package dev.lingualens.common.model;

import java.util.List;

/**
 * Right-padded token ids with their true lengths. Right padding keeps positions 0..len−1 for every
 * row, as Hugging Face does by default, and the last real token of row b sits at {@code
 * lengths[b]−1}.
 */
public record TokenBatch(long[][] ids, int[] lengths, long padId) {
  public static TokenBatch of(List<long[]> sequences, long padId) {
    int max = 0;
    for (long[] s : sequences) {
      if (s.length == 0) {
        throw new IllegalArgumentException(
            "empty sequence in batch: every row needs at least one token");
      }
      max = Math.max(max, s.length);
    }
    long[][] ids = new long[sequences.size()][max];
    int[] lengths = new int[sequences.size()];
    for (int b = 0; b < ids.length; b++) {
      long[] s = sequences.get(b);
      java.util.Arrays.fill(ids[b], padId);
      System.arraycopy(s, 0, ids[b], 0, s.length);
      lengths[b] = s.length;
    }
    return new TokenBatch(ids, lengths, padId);
  }

  public int size() {
    return ids.length;
  }

  public int width() {
    return ids.length == 0 ? 0 : ids[0].length;
  }

  public long[] flatIds() {
    long[] flat = new long[size() * width()];
    for (int b = 0; b < size(); b++) {
      System.arraycopy(ids[b], 0, flat, b * width(), width());
    }
    return flat;
  }

  public float[] flatMask() {
    float[] m = new float[size() * width()];
    for (int b = 0; b < size(); b++) {
      for (int t = 0; t < lengths[b]; t++) {
        m[b * width() + t] = 1f;
      }
    }
    return m;
  }
}
