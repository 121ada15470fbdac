package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lens's last layer is the model's own next-token distribution: checked against the PyTorch
 * reference logits (softmax, entropy and top tokens computed here from the stored logits).
 */
class LogitLensConsistencyTest {
  @Test
  void theLastLensLayerIsTheReferenceNextTokenDistribution() throws Exception {
    for (String family : List.of("llama", "qwen3", "gemma2", "gpt2")) {
      try (ReferenceFixture ref = new ReferenceFixture(family);
          TransformerModel model = TransformerModel.load(ref.folder, ModelOptions.cpu())) {
        TokenBatch batch = TokenBatch.of(ref.sequences(), ref.padId());
        HostTensor logits = ref.tensor("batch.logits");
        int vocab = (int) logits.shape()[2];
        int[] all = new int[vocab];
        for (int v = 0; v < vocab; v++) {
          all[v] = v;
        }
        int[] len = ref.lengths();
        int[] positions = new int[len.length];
        int[][] candidates = new int[len.length][];
        for (int b = 0; b < len.length; b++) {
          positions[b] = len[b] - 1;
          candidates[b] = all;
        }
        LogitLens.LensResult lens = LogitLens.run(model, batch, positions, candidates, 3);
        int last = model.config().layers();
        assertThat(lens.layers()).isEqualTo(last + 1);
        for (int b = 0; b < len.length; b++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int v = 0; v < vocab; v++) {
            max = Math.max(max, logits.get(b, positions[b], v));
          }
          double z = 0;
          for (int v = 0; v < vocab; v++) {
            z += Math.exp(logits.get(b, positions[b], v) - max);
          }
          double entropy = 0;
          int best = 0;
          for (int v = 0; v < vocab; v++) {
            double p = Math.exp(logits.get(b, positions[b], v) - max) / z;
            entropy -= p * Math.log(p);
            assertThat((double) lens.candidateProbs()[b][last][v])
                .as("%s row %d token %d", family, b, v)
                .isCloseTo(p, within(1e-5));
            if (logits.get(b, positions[b], v) > logits.get(b, positions[b], best)) {
              best = v;
            }
          }
          assertThat((double) lens.entropy()[b][last]).isCloseTo(entropy, within(1e-5));
          assertThat(lens.topIds()[b][last][0]).isEqualTo(best);
          for (int l = 0; l <= last; l++) {
            float sum = 0;
            for (float p : lens.candidateProbs()[b][l]) {
              sum += p;
            }
            assertThat((double) sum).isCloseTo(1.0, within(1e-5));
          }
        }
      }
    }
  }

  @Test
  void anEncoderHasNoLens() throws Exception {
    try (ReferenceFixture ref = new ReferenceFixture("bert");
        TransformerModel model = TransformerModel.load(ref.folder, ModelOptions.cpu())) {
      TokenBatch batch = TokenBatch.of(ref.sequences(), ref.padId());
      assertThatThrownBy(() -> LogitLens.run(model, batch, new int[] {0, 0, 0}, new int[3][0], 1))
          .hasMessageContaining("encoder (bert)")
          .hasMessageContaining("no logit lens");
    }
  }
}
