package dev.lingualens.common.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class ScaleTest {

  @Test
  void linearTicksUseOneTwoFiveSteps() {
    assertThat(LinearScale.covering(0, 7.3, true).ticks()).containsExactly(0.0, 2.0, 4.0, 6.0, 8.0);
    assertThat(LinearScale.covering(0, 0.93, true).ticks())
        .containsExactly(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
    assertThat(LinearScale.covering(120, 480, false).ticks())
        .containsExactly(100.0, 200.0, 300.0, 400.0, 500.0);
    assertThat(LinearScale.niceStep(0.7)).isEqualTo(1.0);
    assertThat(LinearScale.niceStep(13)).isEqualTo(20.0);
    assertThat(LinearScale.niceStep(3)).isEqualTo(5.0);
  }

  @Test
  void linearScaleIncludesZeroForBarsAndSurvivesConstantData() {
    LinearScale bars = LinearScale.covering(3, 3, true);
    assertThat(bars.fraction(0)).isZero();
    assertThat(bars.fraction(3)).isGreaterThan(0).isLessThanOrEqualTo(1);
    LinearScale allZero = LinearScale.covering(0, 0, true);
    assertThat(allZero.ticks()).first().isEqualTo(0.0);
    LinearScale constant = LinearScale.covering(5, 5, false);
    assertThat(constant.fraction(5)).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void tightScaleKeepsTheDataExtent() {
    LinearScale layers = LinearScale.tight(0, 31);

    assertThat(layers.fraction(31)).isEqualTo(1.0);
    assertThat(layers.ticks()).containsExactly(0.0, 10.0, 20.0, 30.0);
  }

  @Test
  void largeLinearTicksUseSuffixes() {
    LinearScale tokens = LinearScale.covering(0, 1_400_000, true);

    assertThat(tokens.ticks().stream().map(tokens::tickLabel))
        .containsExactly("0", "0.5M", "1.0M", "1.5M");
  }

  @Test
  void logScaleSpacesDecadesEquallyAndSkipsNonPositive() {
    Scale log = Scale.covering(DoubleStream.of(0, -3, 1, 100), true, true).orElseThrow();

    assertThat(log.fraction(1)).isZero();
    assertThat(log.fraction(10)).isCloseTo(0.5, within(1e-9));
    assertThat(log.fraction(100)).isCloseTo(1, within(1e-9));
    assertThat(log.canShow(0)).isFalse();
  }

  @Test
  void wideLogRangesLabelOnlyPowersOfTen() {
    assertThat(LogScale.covering(0.001, 1000).ticks())
        .containsExactly(0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0);
  }
}
