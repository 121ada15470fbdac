package dev.lingualens.common.metrics.ranker;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence interval of a mean over aligned pairs (not in the paper: it tells
 * whether two neighbouring ranks differ at all when a language has only a few dozen pairs). Seeded,
 * so a re-run gives the same interval.
 */
public final class Bootstrap {
  /** [low, high] around the sample mean. */
  public record Interval(double low, double high) {}

  private Bootstrap() {}

  /**
   * @param values one value per aligned pair (the pair's preset score)
   * @param resamples number of bootstrap resamples (≥ 1)
   * @param level e.g. 0.95
   * @param seed the random seed
   */
  public static Interval meanInterval(double[] values, int resamples, double level, long seed) {
    if (values.length == 0) {
      throw new IllegalArgumentException("bootstrap of an empty sample");
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("bootstrap resamples must be ≥ 1, got " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int n = values.length;
    double[] means = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += values[random.nextInt(n)];
      }
      means[b] = sum / n;
    }
    Arrays.sort(means);
    double alpha = (1 - level) / 2;
    return new Interval(quantile(means, alpha), quantile(means, 1 - alpha));
  }

  /**
   * Linear interpolation between order statistics (numpy's default, Hyndman–Fan type 7); sorted
   * input.
   */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
