package dev.lingualens.common.metrics.ranker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  @Test
  void constantSampleHasAPointInterval() {
    Bootstrap.Interval i = Bootstrap.meanInterval(new double[] {0.4, 0.4, 0.4}, 200, 0.95, 7);
    assertThat(i.low()).isCloseTo(0.4, within(1e-15));
    assertThat(i.high()).isCloseTo(0.4, within(1e-15));
  }

  @Test
  void sameSeedSameInterval() {
    double[] v = {0.1, 0.5, 0.3, 0.9, 0.2};
    assertThat(Bootstrap.meanInterval(v, 500, 0.95, 42))
        .isEqualTo(Bootstrap.meanInterval(v, 500, 0.95, 42));
  }

  @Test
  void widthMatchesTheNormalTheoryIntervalOnALargeSample() {
    // mean of 400 draws of N(0, 1): the 95 % interval is about ±1.96/√400 = ±0.098 around the
    // sample mean
    Random r = new Random(1);
    double[] v = new double[400];
    double mean = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
      mean += v[i] / v.length;
    }
    Bootstrap.Interval i = Bootstrap.meanInterval(v, 4000, 0.95, 3);
    assertThat(i.high() - i.low()).isCloseTo(2 * 0.098, within(0.02));
    assertThat((i.high() + i.low()) / 2).isCloseTo(mean, within(0.01));
  }

  @Test
  void quantileInterpolatesLinearly() {
    // numpy.quantile([1, 2, 3, 4], 0.25) = 1.75
    assertThat(Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.25)).isCloseTo(1.75, within(1e-12));
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> Bootstrap.meanInterval(new double[] {1}, 0, 0.95, 1))
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> Bootstrap.meanInterval(new double[] {1}, 10, 1.5, 1))
        .hasMessageContaining("1.5");
  }
}
