package dev.lingualens.common.mixture;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/** Random pieces of the controlled protocol (methods.md 3.6). */
public final class MixtureSampler {
  private MixtureSampler() {}

  /**
   * Uniform weights on the simplex (Smith & Tromble): n−1 distinct integers from 1..9,999, sorted,
   * and the gaps between 0, them and 10,000, divided by 10,000.
   */
  public static double[] simplexWeights(int n, Random rng) {
    if (n < 1 || n > 10_000) {
      throw new IllegalArgumentException("cannot draw simplex weights for n=" + n + " (1..10000)");
    }
    TreeSet<Integer> cuts = new TreeSet<>();
    while (cuts.size() < n - 1) {
      cuts.add(1 + rng.nextInt(9_999));
    }
    double[] w = new double[n];
    int previous = 0;
    int i = 0;
    for (int cut : cuts) {
      w[i++] = (cut - previous) / 10_000.0;
      previous = cut;
    }
    w[i] = (10_000 - previous) / 10_000.0;
    return w;
  }

  /**
   * Adds {@code quota} bytes of a category's texts to {@code counter}, cycling through them when
   * the category is smaller than its quota and cutting the last text at a character boundary;
   * returns the bytes added.
   */
  public static long addBytes(List<String> texts, long quota, WordCounter counter) {
    long added = 0;
    for (int i = 0; added < quota; i = (i + 1) % texts.size()) {
      String text = texts.get(i);
      long size = text.getBytes(StandardCharsets.UTF_8).length;
      if (size == 0) {
        if (texts.stream().allMatch(String::isEmpty)) {
          throw new IllegalArgumentException(
              "all texts are empty; cannot fill a quota of " + quota + " bytes");
        }
        continue;
      }
      if (added + size > quota) {
        text = prefixOfAtMostBytes(text, quota - added);
        size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size == 0) {
          break;
        }
      }
      counter.add(text);
      added += size;
    }
    return added;
  }

  /** The longest prefix (whole code points) whose UTF-8 encoding fits in {@code maxBytes}. */
  static String prefixOfAtMostBytes(String text, long maxBytes) {
    long bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + len > maxBytes) {
        break;
      }
      bytes += len;
      end += Character.charCount(cp);
    }
    return text.substring(0, end);
  }
}
