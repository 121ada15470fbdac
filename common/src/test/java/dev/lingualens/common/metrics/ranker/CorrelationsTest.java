package dev.lingualens.common.metrics.ranker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** methods.md 1.7 correlation example, p-values from closed forms, ties. */
class CorrelationsTest {
  static final double[] SCORES = {0.72, 0.65, 0.41, 0.30};
  static final double[] SHARES = {0.17, 0.13, 0.03, 0.01};

  @Test
  void workedExampleCoefficients() {
    assertThat(Correlations.pearson(SCORES, SHARES).coefficient()).isCloseTo(0.99037, within(5e-6));
    assertThat(Correlations.spearman(SCORES, SHARES).coefficient()).isCloseTo(1.0, within(1e-12));
    assertThat(Correlations.pearsonLog10(SCORES, SHARES).coefficient())
        .isCloseTo(0.99152, within(5e-6));
    assertThat(Correlations.kendallTauB(SCORES, SHARES).coefficient())
        .isCloseTo(1.0, within(1e-12));
  }

  @Test
  void pearsonPValueMatchesStudentTWithTwoDegreesOfFreedom() {
    Correlation c = Correlations.pearson(SCORES, SHARES);
    double r = c.coefficient();
    double t = r * Math.sqrt(2) / Math.sqrt(1 - r * r);
    // Student t with 2 df has CDF 1/2 + t / (2 sqrt(2 + t²)), so the two-sided p is 1 − t / sqrt(2
    // + t²)
    double p = 1 - t / Math.sqrt(2 + t * t);
    assertThat(c.pValue()).isCloseTo(p, within(1e-9));
    assertThat(c.pValue()).isCloseTo(0.00963, within(5e-5));
    assertThat(Correlations.spearman(SCORES, SHARES).pValue()).isEqualTo(0.0);
  }

  @Test
  void kendallPValueIsTheNormalApproximation() {
    // n = 4, no ties: S = 6 concordant pairs, var(S) = n(n−1)(2n+5)/18 = 4·3·13/18
    double z = 6 / Math.sqrt(4 * 3 * 13 / 18.0);
    Correlation c = Correlations.kendallTauB(SCORES, SHARES);
    // scipy.stats.kendalltau(..., method='asymptotic') gives 0.04154006700988516
    assertThat(z).isCloseTo(2.0380987, within(1e-6));
    assertThat(c.pValue()).isCloseTo(0.04154006700988516, within(1e-12));
  }

  @Test
  void kendallWithTiesUsesTauBAndTieCorrectedVariance() {
    double[] x = {1, 2, 2, 3, 4};
    double[] y = {1, 3, 2, 2, 5};
    // Pairs (10): concordant 7, discordant 1, ties only in x: (2,3), only in y: (3,4).
    // τ-b = (7 − 1) / sqrt((10 − 1)(10 − 1)) = 6/9
    Correlation c = Correlations.kendallTauB(x, y);
    assertThat(c.coefficient()).isCloseTo(6.0 / 9, within(1e-12));
    // var = (5·4·15 − 2·1·9 − 2·1·9)/18 + (2·1·1)/(5·4) + 0 = (300 − 36)/18 + 0.1 = 14.766667
    double z = 6 / Math.sqrt(264 / 18.0 + 0.1);
    double p =
        2
            * new org.apache.commons.math3.distribution.NormalDistribution()
                .cumulativeProbability(-z);
    assertThat(c.pValue()).isCloseTo(p, within(1e-12));
    // scipy.stats.kendalltau(x, y) (asymptotic because of the ties) gives 0.1184329289166719
    assertThat(c.pValue()).isCloseTo(0.1184329289166719, within(1e-12));
  }

  @Test
  void spearmanAveragesTiedRanks() {
    double[] x = {10, 20, 20, 40};
    double[] y = {1, 2, 3, 4};
    // ranks of x: 1, 2.5, 2.5, 4; Pearson of (1,2.5,2.5,4) with (1,2,3,4): Σdxdy = 4.5, Σdx² = 4.5,
    // Σdy² = 5
    assertThat(Correlations.spearman(x, y).coefficient())
        .isCloseTo(4.5 / Math.sqrt(4.5 * 5), within(1e-12));
  }

  @Test
  void tooFewOrConstantPointsGiveNaN() {
    assertThat(Correlations.pearson(new double[] {1, 2}, new double[] {1, 2}).coefficient())
        .isNaN();
    assertThat(Correlations.kendallTauB(new double[] {1, 1, 1}, new double[] {1, 2, 3}).pValue())
        .isNaN();
  }
}
