package dev.lingualens.common.metrics.ranker;

/** A correlation coefficient, its two-sided p-value, and how many points it was computed on. */
public record Correlation(int n, double coefficient, double pValue) {
  public static Correlation undefined(int n) {
    return new Correlation(n, Double.NaN, Double.NaN);
  }
}
