package dev.lingualens.common.metrics.ranker;

/**
 * Cross-lingual sentence retrieval on N aligned pairs (methods.md "(c)"): x_i should find y_i among
 * all y by cosine (P@1, both directions; xsim error = 1 − mean P@1), and by the ratio margin of
 * Artetxe &amp; Schwenk (2019), which divides out how close each sentence is to everything
 * ("hubs"). Ties in an argmax go to the lowest index, as in methods.md.
 */
public final class Retrieval {
  public static final int DEFAULT_K = 4;

  /**
   * P@1 source→target, target→source, their mean, xsim error, and the margin P@1 averaged over both
   * directions.
   */
  public record Result(
      int n,
      double p1SrcToTgt,
      double p1TgtToSrc,
      double p1Avg,
      double xsimError,
      double p1MarginSrcToTgt,
      double p1MarginTgtToSrc,
      double p1MarginAvg) {}

  private Retrieval() {}

  /**
   * @param src [N][d] source vectors, row i aligned with row i of {@code tgt}
   * @param tgt [N][d]
   * @param k neighbours in the margin's denominator (clipped to N)
   */
  public static Result evaluate(float[][] src, float[][] tgt, int k) {
    if (src.length != tgt.length) {
      throw new IllegalArgumentException(
          "retrieval needs aligned rows: " + src.length + " source vs " + tgt.length + " target");
    }
    if (src.length == 0) {
      throw new IllegalArgumentException("retrieval on zero pairs");
    }
    if (k < 1) {
      throw new IllegalArgumentException("margin k must be ≥ 1, got " + k);
    }
    int n = src.length;
    double[][] cos = cosineMatrix(src, tgt);
    double[][] cosT = transpose(cos);
    int kk = Math.min(k, n);
    double[] srcNeighbourhood = new double[n];
    double[] tgtNeighbourhood = new double[n];
    for (int i = 0; i < n; i++) {
      srcNeighbourhood[i] = topKSum(cos[i], kk) / (2.0 * kk);
      tgtNeighbourhood[i] = topKSum(cosT[i], kk) / (2.0 * kk);
    }
    double[][] margin = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        margin[i][j] = cos[i][j] / (srcNeighbourhood[i] + tgtNeighbourhood[j]);
      }
    }
    double s2t = hits(cos);
    double t2s = hits(cosT);
    double ms2t = hits(margin);
    double mt2s = hits(transpose(margin));
    double avg = (s2t + t2s) / 2;
    return new Result(n, s2t, t2s, avg, 1 - avg, ms2t, mt2s, (ms2t + mt2s) / 2);
  }

  /** Share of rows whose argmax (lowest index on ties) is the diagonal. */
  static double hits(double[][] scores) {
    int hits = 0;
    for (int i = 0; i < scores.length; i++) {
      if (argmax(scores[i]) == i) {
        hits++;
      }
    }
    return hits / (double) scores.length;
  }

  static int argmax(double[] row) {
    int best = 0;
    for (int j = 1; j < row.length; j++) {
      if (row[j] > row[best]) {
        best = j;
      }
    }
    return best;
  }

  static double topKSum(double[] row, int k) {
    double[] sorted = row.clone();
    java.util.Arrays.sort(sorted);
    double sum = 0;
    for (int i = 0; i < k; i++) {
      sum += sorted[sorted.length - 1 - i];
    }
    return sum;
  }

  static double[][] cosineMatrix(float[][] a, float[][] b) {
    double[][] na = normalized(a);
    double[][] nb = normalized(b);
    double[][] out = new double[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        double dot = 0;
        for (int d = 0; d < na[i].length; d++) {
          dot += na[i][d] * nb[j][d];
        }
        out[i][j] = dot;
      }
    }
    return out;
  }

  private static double[][] normalized(float[][] v) {
    double[][] out = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      double norm = 0;
      for (float f : v[i]) {
        norm += (double) f * f;
      }
      if (norm == 0) {
        throw new IllegalArgumentException("retrieval: vector " + i + " is zero");
      }
      norm = Math.sqrt(norm);
      out[i] = new double[v[i].length];
      for (int d = 0; d < v[i].length; d++) {
        out[i][d] = v[i][d] / norm;
      }
    }
    return out;
  }

  private static double[][] transpose(double[][] m) {
    double[][] t = new double[m[0].length][m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        t[j][i] = m[i][j];
      }
    }
    return t;
  }
}
