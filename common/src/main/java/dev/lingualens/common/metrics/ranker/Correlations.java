package dev.lingualens.common.metrics.ranker;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Pearson, Spearman and Kendall τ-b with two-sided p-values, on Apache Commons Math 3.
 *
 * <ul>
 *   <li>Pearson: commons-math's t-test with n−2 degrees of freedom.
 *   <li>Spearman ρ: Pearson on average ranks (ties share the mean rank), p-value from the same t
 *       approximation (as scipy.stats.spearmanr does).
 *   <li>Kendall τ-b: commons-math computes τ-b but no p-value. We use the normal approximation of S
 *       = concordant − discordant with the tie-corrected variance (Kendall 1970; scipy's
 *       "asymptotic" method). For small n without ties scipy would use the exact distribution
 *       instead, so our p-value differs from scipy's default there (e.g. n = 4, τ = 1: 0.0415 here
 *       vs exact 0.0833).
 * </ul>
 *
 * Fewer than 3 points, or a constant input, give NaN: no correlation is defined.
 */
public final class Correlations {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private Correlations() {}

  public static Correlation pearson(double[] x, double[] y) {
    check(x, y);
    if (x.length < 3 || constant(x) || constant(y)) {
      return Correlation.undefined(x.length);
    }
    PearsonsCorrelation pc = new PearsonsCorrelation(columns(x, y));
    double r = pc.getCorrelationMatrix().getEntry(0, 1);
    double p = Math.abs(r) >= 1.0 ? 0.0 : pc.getCorrelationPValues().getEntry(0, 1);
    return new Correlation(x.length, r, p);
  }

  /** Pearson against log10 of y (shares span orders of magnitude); y must be positive. */
  public static Correlation pearsonLog10(double[] x, double[] y) {
    double[] logY = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      if (!(y[i] > 0)) {
        throw new IllegalArgumentException(
            "log10 needs positive values, got " + y[i] + " at index " + i);
      }
      logY[i] = Math.log10(y[i]);
    }
    return pearson(x, logY);
  }

  public static Correlation spearman(double[] x, double[] y) {
    check(x, y);
    NaturalRanking ranking = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);
    return pearson(ranking.rank(x), ranking.rank(y));
  }

  public static Correlation kendallTauB(double[] x, double[] y) {
    check(x, y);
    int n = x.length;
    if (n < 3 || constant(x) || constant(y)) {
      return Correlation.undefined(n);
    }
    double tau = new KendallsCorrelation().correlation(x, y);
    double n0 = n * (n - 1) / 2.0;
    TieSums tx = TieSums.of(x);
    TieSums ty = TieSums.of(y);
    // τ-b = S / sqrt((n0 − n1)(n0 − n2)), so S is recovered exactly from τ-b.
    double s = tau * Math.sqrt((n0 - tx.pairs) * (n0 - ty.pairs));
    double var =
        (n * (n - 1.0) * (2.0 * n + 5) - tx.v - ty.v) / 18.0
            + (2 * tx.pairs) * (2 * ty.pairs) / (2.0 * n * (n - 1))
            + tx.triples * ty.triples / (9.0 * n * (n - 1) * (n - 2));
    double z = s / Math.sqrt(var);
    double p = 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z));
    return new Correlation(n, tau, Math.min(1.0, p));
  }

  /** Σ over tie groups of size t: t(t−1)/2, t(t−1)(2t+5), t(t−1)(t−2). */
  private record TieSums(double pairs, double v, double triples) {
    static TieSums of(double[] values) {
      double[] sorted = values.clone();
      java.util.Arrays.sort(sorted);
      double pairs = 0;
      double v = 0;
      double triples = 0;
      int i = 0;
      while (i < sorted.length) {
        int j = i;
        while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) {
          j++;
        }
        double t = j - i + 1;
        pairs += t * (t - 1) / 2;
        v += t * (t - 1) * (2 * t + 5);
        triples += t * (t - 1) * (t - 2);
        i = j + 1;
      }
      return new TieSums(pairs, v, triples);
    }
  }

  private static RealMatrix columns(double[] x, double[] y) {
    RealMatrix m = new BlockRealMatrix(x.length, 2);
    m.setColumn(0, x);
    m.setColumn(1, y);
    return m;
  }

  private static boolean constant(double[] v) {
    for (double d : v) {
      if (d != v[0]) {
        return false;
      }
    }
    return true;
  }

  private static void check(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "correlation of series of different lengths: " + x.length + " vs " + y.length);
    }
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
        throw new IllegalArgumentException(
            "NaN at index " + i + " (x=" + x[i] + ", y=" + y[i] + ")");
      }
    }
  }
}
