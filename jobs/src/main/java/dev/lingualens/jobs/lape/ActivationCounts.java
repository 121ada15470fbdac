package dev.lingualens.jobs.lape;

import java.io.Serializable;

/**
 * Partial counts of one (language, layer): positions with activation &gt; 0 per neuron, positions
 * counted, and optionally the power sums Σa..Σa⁴. Partials from any sharding add up exactly (64-bit
 * integer counts; the power sums are doubles and only order-independent up to rounding).
 */
record ActivationCounts(long[] overZero, long tokens, double[][] powerSums)
    implements Serializable {
  ActivationCounts plus(ActivationCounts o) {
    long[] c = overZero.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] += o.overZero[i];
    }
    double[][] ps = null;
    if (powerSums != null && o.powerSums != null) {
      ps = new double[4][];
      for (int k = 0; k < 4; k++) {
        ps[k] = powerSums[k].clone();
        for (int i = 0; i < ps[k].length; i++) {
          ps[k][i] += o.powerSums[k][i];
        }
      }
    }
    return new ActivationCounts(c, tokens + o.tokens, ps);
  }
}
