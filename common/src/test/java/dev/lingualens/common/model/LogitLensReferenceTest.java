package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every lens layer of our logit lens against the independent PyTorch lens (scripts/dev/reference/
 * reference_lens.py, {@code lens.safetensors}): probabilities of every vocabulary id, entropy and
 * the top 5 ids at each sequence's last token, batched (right-padded) and one sequence at a time.
 */
class LogitLensReferenceTest {
  /**
   * The reference is an fp32 forward of the stored weights (up-cast for bf16/f16), as our CPU
   * forward is, so one tolerance serves every family.
   */
  static final double TOLERANCE = 1e-5;

  static final int TOP_K = 5;

  @ParameterizedTest
  @MethodSource("dev.lingualens.common.model.ReferenceFixture#decoders")
  void everyLensLayerMatchesTheReferenceBatchedAndOneSequenceAtATime(String family)
      throws Exception {
    VerifiedModelsPage.LENS.put(family, measure(family));
  }

  /**
   * One fixture's lens against the reference (asserting ≤ {@link #TOLERANCE}); returns the largest
   * difference of a probability and of an entropy, over every layer, batched and alone.
   */
  static VerifiedModelsPage.LensDiff measure(String family) throws Exception {
    try (ReferenceFixture ref = new ReferenceFixture(family);
        LensReference expected = new LensReference(ref);
        TransformerModel model = TransformerModel.load(ref.folder, ModelOptions.cpu())) {
      int[] lengths = ref.lengths();
      assertThat(expected.positions).as("reference positions").hasSize(lengths.length);
      int[] all = allIds(expected.vocab);

      int[][] candidates = new int[lengths.length][];
      java.util.Arrays.fill(candidates, all);
      LogitLens.LensResult batched =
          LogitLens.run(
              model,
              TokenBatch.of(ref.sequences(), ref.padId()),
              expected.positions,
              candidates,
              TOP_K);
      assertThat(batched.layers()).isEqualTo(expected.layers);
      VerifiedModelsPage.LensDiff worst = new VerifiedModelsPage.LensDiff(0, 0);
      for (int b = 0; b < lengths.length; b++) {
        worst = worst.max(expected.assertMatches(batched, b, b, family + " batched row " + b));
      }

      for (int b = 0; b < lengths.length; b++) {
        LogitLens.LensResult single =
            LogitLens.run(
                model,
                TokenBatch.of(List.of(ref.sequences().get(b)), ref.padId()),
                new int[] {expected.positions[b]},
                new int[][] {all},
                TOP_K);
        worst =
            worst.max(expected.assertMatches(single, 0, b, family + " sequence " + b + " alone"));
      }
      return worst;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bert", "xlm-roberta"})
  void anEncoderIsRefusedWithOneErrorNamingTheModelAndItsFamily(String family) throws Exception {
    try (ReferenceFixture ref = new ReferenceFixture(family);
        TransformerModel model = TransformerModel.load(ref.folder, ModelOptions.cpu())) {
      TokenBatch batch = TokenBatch.of(ref.sequences(), ref.padId());
      int[] last = new int[ref.lengths().length];
      assertThatThrownBy(
              () -> LogitLens.run(model, batch, last, new int[last.length][] /* unused */, TOP_K))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(ref.folder.toString())
          .hasMessageContaining("encoder (bert)") // the runtime family of BERT and XLM-R
          .hasMessageContaining("no logit lens")
          .hasMessageNotContaining("\n");
    }
  }

  static int[] allIds(int vocab) {
    int[] all = new int[vocab];
    for (int v = 0; v < vocab; v++) {
      all[v] = v;
    }
    return all;
  }

  /** {@code lens.safetensors} of one fixture. */
  static final class LensReference implements AutoCloseable {
    final SafetensorsFile file;
    final HostTensor logprobs;
    final HostTensor entropy;
    final long[] topIds;
    final int[] positions;
    final int layers;
    final int vocab;

    LensReference(ReferenceFixture ref) {
      file = SafetensorsFile.open(ref.folder.resolve("lens.safetensors"));
      logprobs = floats("lens.logprobs");
      entropy = floats("lens.entropy");
      topIds = file.longs(info("lens.top_ids"));
      long[] pos = file.longs(info("lens.positions"));
      positions = new int[pos.length];
      for (int b = 0; b < pos.length; b++) {
        positions[b] = Math.toIntExact(pos[b]);
      }
      layers = (int) logprobs.shape()[1];
      vocab = (int) logprobs.shape()[2];
      int[] lengths = ref.lengths();
      for (int b = 0; b < lengths.length; b++) {
        assertThat(positions[b]).as("lens position of row %d", b).isEqualTo(lengths[b] - 1);
      }
    }

    /**
     * Row {@code row} of our result against reference sequence {@code b}; returns the largest
     * differences.
     */
    VerifiedModelsPage.LensDiff assertMatches(
        LogitLens.LensResult ours, int row, int b, String what) {
      double worstP = 0;
      double worstH = 0;
      for (int l = 0; l < layers; l++) {
        String at = what + " lens layer " + l;
        float[] probs = ours.candidateProbs()[row][l];
        assertThat(probs).as(at + " candidates").hasSize(vocab);
        for (int v = 0; v < vocab; v++) {
          double expectedP = Math.exp(logprobs.get(b, l, v));
          assertThat((double) probs[v])
              .as("%s p(token %d)", at, v)
              .isCloseTo(expectedP, within(TOLERANCE));
          worstP = Math.max(worstP, Math.abs(probs[v] - expectedP));
        }
        assertThat((double) ours.entropy()[row][l])
            .as(at + " entropy")
            .isCloseTo(entropy.get(b, l), within(TOLERANCE));
        worstH = Math.max(worstH, Math.abs(ours.entropy()[row][l] - entropy.get(b, l)));
        int[] expectedTop = new int[TOP_K];
        for (int k = 0; k < TOP_K; k++) {
          expectedTop[k] = Math.toIntExact(topIds[(b * layers + l) * TOP_K + k]);
        }
        assertThat(ours.topIds()[row][l]).as(at + " top ids").containsExactly(expectedTop);
        for (int k = 0; k < TOP_K; k++) {
          assertThat((double) ours.topProbs()[row][l][k])
              .as("%s p(top %d)", at, k)
              .isCloseTo(Math.exp(logprobs.get(b, l, expectedTop[k])), within(TOLERANCE));
        }
      }
      return new VerifiedModelsPage.LensDiff(worstP, worstH);
    }

    private SafetensorsFile.TensorInfo info(String name) {
      SafetensorsFile.TensorInfo info = file.tensors().get(name);
      if (info == null) {
        throw new IllegalArgumentException("no " + name + " in " + file.path());
      }
      return info;
    }

    private HostTensor floats(String name) {
      SafetensorsFile.TensorInfo info = info(name);
      return new HostTensor(file.floats(info), info.shape());
    }

    @Override
    public void close() {
      file.close();
    }
  }
}
