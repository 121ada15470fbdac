package dev.lingualens.common.mixture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * End to end at CI size: a tokenizer trained by our trainer on a known byte mixture of five UDHR
 * languages, attacked with pair counts from the other half of each declaration.
 */
class ControlledMixtureTest {
  static List<CategorySample> halves(String... codes) {
    List<CategorySample> out = new ArrayList<>();
    for (String code : codes) {
      List<String> texts = UdhrTexts.of(code);
      List<String> train = new ArrayList<>();
      List<String> estimate = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        (i % 2 == 0 ? train : estimate).add(texts.get(i));
      }
      out.add(new CategorySample(code, train, estimate));
    }
    return out;
  }

  /**
   * Bound: log10 MSE ≤ −3 in byte space (RMSE ≈ 3 percentage points) and every share within 0.05.
   * Why this and not the paper's −7.3: the paper estimates from 1 GB per category and reports that
   * error falls monotonically with sample size (methods.md 3.7 robustness); here each category has
   * ≈ 8 KB (half a declaration), 10^5× less, and 300 merges instead of 30,000. The bound still
   * demands what the paper's Table 1 shows at n = 5: far better than random (−1.39) and than both
   * baselines (TEE −2.02, TC −2.12), and we also assert that the attack beats token classification
   * on the same trial. Measured when written: −3.47 (eng 0.369 vs 0.40, tur 0.096 vs 0.07).
   */
  @Test
  void inferredByteSharesAreCloseToTheTrainingMixture() {
    List<CategorySample> categories = halves("eng", "fra", "deu_1996", "pol", "tur");
    double[] weights = {0.40, 0.25, 0.17, 0.11, 0.07};
    ControlledTrial trial =
        new ControlledTrial(300, 400_000, LazyMixtureSolver.Options.defaults(), new HashMap<>());
    TrialResult r = trial.run(0, categories, weights, new Random(1));

    assertThat(r.solution().converged()).isTrue();
    assertThat(r.merges()).isEqualTo(300);
    for (int i = 0; i < weights.length; i++) {
      assertThat(r.truth()[i]).isCloseTo(weights[i], org.assertj.core.api.Assertions.within(1e-4));
      assertThat(r.ours()[i])
          .as(r.categories().get(i))
          .isCloseTo(r.truth()[i], org.assertj.core.api.Assertions.within(0.05));
    }
    assertThat(Math.log10(r.mse(r.ours()))).isLessThanOrEqualTo(-3.0);
    assertThat(r.mse(r.ours())).isLessThan(r.mse(r.tokenClassification()));
  }
}
