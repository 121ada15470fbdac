package dev.lingualens.common.mixture;

import java.util.List;

/**
 * The TEE baseline (methods.md 3.6): a log-log linear regression of true share on relative encoding
 * efficiency, fitted on other trials (leave-one-trial-out: the paper does not say which trials it
 * fits on), then predicted for this trial and renormalised.
 */
public final class EfficiencyBaseline {
  private EfficiencyBaseline() {}

  public static double[] predict(TrialResult target, List<TrialResult> all) {
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    int k = 0;
    for (TrialResult r : all) {
      if (r.trial() == target.trial()) {
        continue;
      }
      for (int i = 0; i < r.truth().length; i++) {
        if (r.truth()[i] <= 0 || r.relativeEfficiency()[i] <= 0) {
          continue;
        }
        double x = Math.log(r.relativeEfficiency()[i]);
        double y = Math.log(r.truth()[i]);
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
        k++;
      }
    }
    int n = target.truth().length;
    double[] out = new double[n];
    double denominator = k * sxx - sx * sx;
    if (k < 2 || denominator == 0) {
      java.util.Arrays.fill(out, 1.0 / n); // nothing to fit on: the uniform guess
      return out;
    }
    double slope = (k * sxy - sx * sy) / denominator;
    double intercept = (sy - slope * sx) / k;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      out[i] = Math.exp(intercept + slope * Math.log(target.relativeEfficiency()[i]));
      sum += out[i];
    }
    for (int i = 0; i < n; i++) {
      out[i] /= sum;
    }
    return out;
  }
}
