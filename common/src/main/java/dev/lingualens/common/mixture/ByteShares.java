package dev.lingualens.common.mixture;

/**
 * LP weights are in pair-mass units (counts were divided by D_i); byte shares are β_i ∝ α_i · B_i /
 * D_i, renormalised (methods.md 3.5).
 */
public final class ByteShares {
  private ByteShares() {}

  public static double[] fromPairShares(double[] alpha, long[] bytes, long[] pairs) {
    double[] beta = new double[alpha.length];
    double sum = 0;
    for (int i = 0; i < alpha.length; i++) {
      beta[i] = Math.max(0, alpha[i]) * bytes[i] / (double) pairs[i];
      sum += beta[i];
    }
    if (sum <= 0) {
      throw new IllegalArgumentException("all pair shares are zero; byte shares are undefined");
    }
    for (int i = 0; i < beta.length; i++) {
      beta[i] /= sum;
    }
    return beta;
  }

  /** Mean squared error between two share vectors (the paper's score, in byte space). */
  public static double mse(double[] estimate, double[] truth) {
    if (estimate.length != truth.length) {
      throw new IllegalArgumentException(
          "share vectors differ in length: " + estimate.length + " vs " + truth.length);
    }
    double s = 0;
    for (int i = 0; i < truth.length; i++) {
      s += (estimate[i] - truth[i]) * (estimate[i] - truth[i]);
    }
    return s / truth.length;
  }
}
