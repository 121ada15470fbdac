package dev.lingualens.common.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatTest {

  @Test
  void numbersKeepThreeDecimalsOrThreeSignificantDigits() {
    assertThat(Format.number(1.23456)).isEqualTo("1.235");
    assertThat(Format.number(12345.6789)).isEqualTo("12345.679");
    assertThat(Format.number(0.5)).isEqualTo("0.500");
    assertThat(Format.number(0.0012345)).isEqualTo("0.00123");
    assertThat(Format.number(-0.25)).isEqualTo("-0.250");
    assertThat(Format.number(0)).isEqualTo("0");
    assertThat(Format.number(Double.NaN)).isEqualTo("–");
    assertThat(Format.number(Double.POSITIVE_INFINITY)).isEqualTo("∞");
    assertThat(Format.number(1.5e-9)).isEqualTo("1.50e-09");
  }

  @Test
  void tickLabelsAreShortAndConsistentPerAxis() {
    assertThat(Format.tick(20.0)).isEqualTo("20");
    assertThat(Format.tick(0.05)).isEqualTo("0.05");
    assertThat(Format.tick(1.0, 0.5)).isEqualTo("1.0");
    assertThat(Format.tick(-0.0, 0.2)).isEqualTo("0.0");
    assertThat(Format.tick(-2, 1)).isEqualTo("−2");
    assertThat(Format.tick(1000.0)).isEqualTo("1k");
    assertThat(Format.tick(1e8)).isEqualTo("100M");
    assertThat(Format.tick(1_500_000, 500_000, 1e6)).isEqualTo("1.5M");
  }
}
