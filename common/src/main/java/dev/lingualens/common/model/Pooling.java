package dev.lingualens.common.model;

/**
 * Sentence vectors from a [B,T,D] hidden state: first token, mean over real tokens, or last real
 * token.
 */
public enum Pooling {
  CLS,
  MEAN,
  LAST;

  public float[][] pool(HostTensor hidden, int[] lengths) {
    int b = (int) hidden.shape()[0];
    int t = (int) hidden.shape()[1];
    int d = (int) hidden.shape()[2];
    float[][] out = new float[b][d];
    float[] h = hidden.data();
    for (int i = 0; i < b; i++) {
      int len = lengths[i];
      switch (this) {
        case CLS -> System.arraycopy(h, i * t * d, out[i], 0, d);
        case LAST -> System.arraycopy(h, (i * t + len - 1) * d, out[i], 0, d);
        case MEAN -> {
          double[] sum = new double[d];
          for (int j = 0; j < len; j++) {
            int base = (i * t + j) * d;
            for (int k = 0; k < d; k++) {
              sum[k] += h[base + k];
            }
          }
          for (int k = 0; k < d; k++) {
            out[i][k] = (float) (sum[k] / len);
          }
        }
      }
    }
    return out;
  }
}
