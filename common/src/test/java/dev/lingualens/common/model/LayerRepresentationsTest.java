package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.corpus.RepoFiles;
import dev.lingualens.common.text.HfTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Representations on the golden fixtures: batched (sorted by length, right padding, several rows
 * per pass) equal batch = 1 within 1e-5, and the layer numbering follows HF's hidden_states[1..L].
 */
class LayerRepresentationsTest {
  static final List<String> TEXTS =
      List.of(
          "hello world",
          "a",
          "the quick brown fox jumps over the lazy dog",
          "hello",
          "some more words here to pad",
          "xyz xyz");

  static Path fixture(String name) {
    return RepoFiles.root().resolve("common/src/test/resources/fixtures/models/" + name);
  }

  static List<long[]> tokenize(Path folder) {
    int[][] ids = HfTokenizer.load(folder).encode(TEXTS, true);
    List<long[]> seqs = new ArrayList<>();
    for (int[] row : ids) {
      long[] l = new long[row.length];
      for (int i = 0; i < row.length; i++) {
        l[i] = row[i];
      }
      seqs.add(l);
    }
    return seqs;
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama", "qwen2", "gpt2", "bert", "mistral"})
  void batchedEqualsUnbatched(String name) {
    Path folder = fixture(name);
    List<long[]> seqs = tokenize(folder);
    try (TransformerModel model = TransformerModel.load(folder, ModelOptions.cpu())) {
      int depth = model.config().layers();
      int[] layers = new int[depth];
      for (int l = 0; l < depth; l++) {
        layers[l] = l + 1;
      }
      for (Pooling pooling : Pooling.values()) {
        float[][][] batched = LayerRepresentations.compute(model, seqs, layers, pooling, 64, 8);
        for (int s = 0; s < seqs.size(); s++) {
          float[][][] single =
              LayerRepresentations.forward(
                  model, TokenBatch.of(List.of(seqs.get(s)), 0), layers, pooling);
          for (int l = 0; l < depth; l++) {
            for (int d = 0; d < single[0][l].length; d++) {
              assertThat(Math.abs(batched[s][l][d] - single[0][l][d]))
                  .as("%s %s seq %d layer %d dim %d", name, pooling, s, l + 1, d)
                  .isLessThanOrEqualTo(1e-5f);
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama", "bert"})
  void layersFollowHfHiddenStates(String name) {
    Path folder = fixture(name);
    List<long[]> seqs = tokenize(folder);
    try (TransformerModel model = TransformerModel.load(folder, ModelOptions.cpu())) {
      int depth = model.config().layers();
      boolean bert = model.config().family() == ModelFamily.BERT;
      TokenBatch batch = TokenBatch.of(seqs, 0);
      ForwardRequest all = ForwardRequest.capture(HookPoints.LAST_HIDDEN);
      for (int l = 0; l < depth; l++) {
        all.also(bert ? HookPoints.normalizedResidPost(l) : HookPoints.residPost(l));
      }
      var full = model.forward(batch, all);
      float[][][] ours =
          LayerRepresentations.forward(model, batch, new int[] {1, depth}, Pooling.LAST);
      for (int b = 0; b < batch.size(); b++) {
        int last = batch.lengths()[b] - 1;
        HostTensor first =
            full.get(bert ? HookPoints.normalizedResidPost(0) : HookPoints.residPost(0));
        HostTensor deepest = full.get(HookPoints.LAST_HIDDEN);
        for (int d = 0; d < ours[b][0].length; d++) {
          assertThat(ours[b][0][d]).isEqualTo(first.get(b, last, d));
          assertThat(ours[b][1][d]).isEqualTo(deepest.get(b, last, d));
        }
        if (!bert) {
          // layer L is after the final norm, so it is not the raw residual of the last block
          HostTensor raw = full.get(HookPoints.residPost(depth - 1));
          assertThat(raw.get(b, last, 0)).isNotEqualTo(deepest.get(b, last, 0));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama", "bert"})
  void specialTokensFollowTheTokenizerDefault(String name) {
    Path folder = fixture(name);
    HfTokenizer tok = HfTokenizer.load(folder);
    int[] plain = tok.encode(List.of("hello world"))[0];
    int[] special = tok.encode(List.of("hello world"), true)[0];
    if (name.equals("llama")) {
      assertThat(special.length).isEqualTo(plain.length + 1); // <s> prepended
      assertThat(special[0]).isEqualTo(1);
    } else {
      assertThat(special.length).isEqualTo(plain.length + 2); // [CLS] ... [SEP]
    }
  }
}
