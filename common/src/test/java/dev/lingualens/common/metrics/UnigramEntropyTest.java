package dev.lingualens.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnigramEntropyTest {
  private static final double EPS = 1e-12;

  /** Ids 7, 3, 5 seen 2, 1, 1 times: p = 1/2, 1/4, 1/4. */
  private static IdCounts halfQuarterQuarter() {
    return IdCounts.of(new int[] {7, 3, 5}, new long[] {2, 1, 1});
  }

  @Test
  void shannonEntropyInBitsAndItsEfficiencyOverTheVocabulary() {
    UnigramEntropy e = UnigramEntropy.of(halfQuarterQuarter(), 8, 2.5);
    // 1/2 * 1 bit + 2 * 1/4 * 2 bits
    assertThat(e.shannonBits()).isCloseTo(1.5, within(EPS));
    // log2 8 = 3 bits is the most a distribution over 8 ids can carry
    assertThat(e.shannonEfficiency()).isCloseTo(0.5, within(EPS));
  }

  @Test
  void renyiEntropyOfOrderTwoIsMinusLogOfTheCollisionProbability() {
    // Σ p² = 1/4 + 1/16 + 1/16 = 3/8
    UnigramEntropy e = UnigramEntropy.of(halfQuarterQuarter(), 8, 2.0);
    assertThat(e.renyiBits()).isCloseTo(Math.log(8.0 / 3) / Math.log(2), within(EPS));
  }

  @Test
  void renyiEntropyAtThePapersAlpha() {
    // Σ p^2.5 = 2^-2.5 + 2 * 2^-5 = 0.17677670 + 0.0625; log2 of it / (1 - 2.5) = 1.3755...
    double expected = Math.log(Math.pow(2, -2.5) + Math.pow(2, -4)) / Math.log(2) / -1.5;
    UnigramEntropy e = UnigramEntropy.of(halfQuarterQuarter(), 8, UnigramEntropy.PAPER_ALPHA);
    assertThat(e.renyiBits()).isCloseTo(expected, within(EPS)).isCloseTo(1.3755, within(1e-4));
    assertThat(e.renyiEfficiency()).isCloseTo(expected / 3, within(EPS));
  }

  @Test
  void aUniformDistributionOverTheWholeVocabularyIsFullyEfficientForEveryAlpha() {
    IdCounts uniform = IdCounts.of(new int[] {0, 1, 2, 3}, new long[] {5, 5, 5, 5});
    for (double alpha : new double[] {0.5, 2.0, 2.5, 10}) {
      UnigramEntropy e = UnigramEntropy.of(uniform, 4, alpha);
      assertThat(e.renyiBits()).isCloseTo(2.0, within(EPS));
      assertThat(e.renyiEfficiency()).isCloseTo(1.0, within(EPS));
    }
    // the same four ids in a vocabulary of 16: half the largest possible entropy
    assertThat(UnigramEntropy.of(uniform, 16, 2.5).shannonEfficiency()).isCloseTo(0.5, within(EPS));
  }

  @Test
  void higherAlphaWeighsFrequentTokensMoreSoEntropyDoesNotIncrease() {
    IdCounts skewed = IdCounts.of(new int[] {0, 1, 2, 3}, new long[] {97, 1, 1, 1});
    UnigramEntropy e = UnigramEntropy.of(skewed, 4, 2.5);
    assertThat(e.renyiBits()).isLessThan(e.shannonBits());
    assertThat(UnigramEntropy.of(skewed, 4, 0.5).renyiBits()).isGreaterThan(e.shannonBits());
  }

  @Test
  void oneIdCarriesNoInformationAndNoTokensAreUndefined() {
    UnigramEntropy one = UnigramEntropy.of(IdCounts.of(new int[] {4}, new long[] {9}), 8, 2.5);
    assertThat(one.shannonBits()).isEqualTo(0.0);
    assertThat(one.renyiBits()).isEqualTo(0.0);
    assertThat(one.renyiEfficiency()).isEqualTo(0.0);
    UnigramEntropy none = UnigramEntropy.of(IdCounts.empty(), 8, 2.5);
    assertThat(none.shannonBits()).isNaN();
    assertThat(none.renyiEfficiency()).isNaN();
  }

  @Test
  void alphaOneIsShannonAndIsRefused() {
    assertThatThrownBy(() -> UnigramEntropy.of(halfQuarterQuarter(), 8, 1.0))
        .hasMessageContaining("got 1.0");
  }
}
