package dev.lingualens.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * methods.md 2.8: one layer, five neurons, languages en/zh/ja, 100 tokens each, rates 0.4 / 0.6 /
 * 0.6.
 */
class LapeTest {
  static final List<String> LANGS = List.of("en", "zh", "ja");
  static final long[][] COUNTS = {
    {50, 2, 1}, {30, 30, 30}, {1, 40, 35}, {0, 0, 0}, {5, 6, 4}
  }; // [neuron][lang]

  static List<long[][]> perLanguage() {
    long[][] en = new long[1][5];
    long[][] zh = new long[1][5];
    long[][] ja = new long[1][5];
    for (int j = 0; j < 5; j++) {
      en[0][j] = COUNTS[j][0];
      zh[0][j] = COUNTS[j][1];
      ja[0][j] = COUNTS[j][2];
    }
    return List.of(en, zh, ja);
  }

  @Test
  void workedExampleEntropiesThresholdAndMasks() {
    Lape.Result r =
        Lape.compute(
            LANGS, perLanguage(), new long[] {100, 100, 100}, new Lape.Rates(0.4, 0.6, 0.6));
    assertThat(r.entropy()[0][0]).isCloseTo(0.25355, within(1e-5));
    assertThat(r.entropy()[0][1]).isCloseTo(Math.log(3), within(1e-12));
    assertThat(r.entropy()[0][2]).isCloseTo(0.75189, within(1e-5));
    assertThat(r.entropy()[0][3]).isEqualTo(0.0);
    assertThat(r.entropy()[0][4]).isCloseTo(1.08519, within(1e-5));
    assertThat(r.k()).isEqualTo(9);
    assertThat(r.tau()).isEqualTo(0.06);
    assertThat(r.passesFilter()[0]).containsExactly(true, true, true, false, false);
    assertThat(r.m()).isEqualTo(2);
    assertThat(r.selectedFlat()).containsExactly(0, 2);
    assertThat(r.masks().get("en").get(0)).containsExactly(0);
    assertThat(r.masks().get("zh").get(0)).containsExactly(2);
    assertThat(r.masks().get("ja").get(0)).containsExactly(2);
  }

  @Test
  void theDeadNeuronHasTheLowestEntropyButTheFilterKeepsItOut() {
    // filter rate 0 puts tau at the smallest probability (0): every neuron with any activity
    // passes,
    // the dead one (H = 0 by the 0/0 rule) still fails.
    Lape.Result r =
        Lape.compute(
            LANGS, perLanguage(), new long[] {100, 100, 100}, new Lape.Rates(0.4, 0.0, 0.0));
    double[] h = r.entropy()[0];
    // Ranked by raw entropy, the dead neuron (flat 3) would come first: its H is below every other
    // neuron's.
    for (int j : new int[] {0, 1, 2, 4}) {
      assertThat(h[3]).isLessThan(h[j]);
    }
    assertThat(r.passesFilter()[0]).containsExactly(true, true, true, false, true);
    // m = round(0.4 x 5) = 2: the two lowest entropies among the passing neurons, 0 (0.254) and 2
    // (0.752);
    // unfiltered it would have been {3, 0}.
    assertThat(r.m()).isEqualTo(2);
    assertThat(r.selectedFlat()).containsExactly(0, 2);
  }

  @Test
  void roundingIsHalfToEven() {
    assertThat(Lape.roundHalfEven(2.5)).isEqualTo(2);
    assertThat(Lape.roundHalfEven(3.5)).isEqualTo(4);
    assertThat(Lape.roundHalfEven(0.01 * 32 * 11008))
        .isEqualTo(3523); // LLaMA-2-7B union size (methods.md 2.4)
  }

  @Test
  void tiesAtTheCutAreBrokenByFlatIndex() {
    // two layers x two neurons, identical rows: every neuron has the same entropy; m = 2 picks flat
    // 0 and 1
    long[][] a = {{10, 10}, {10, 10}};
    long[][] b = {{1, 1}, {1, 1}};
    Lape.Result r =
        Lape.compute(
            List.of("x", "y"), List.of(a, b), new long[] {100, 100}, new Lape.Rates(0.5, 0.0, 0.0));
    assertThat(r.selectedFlat()).containsExactly(0, 1);
    assertThat(r.unionSize()).isEqualTo(2);
  }
}
