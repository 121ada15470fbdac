package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.testing.NeedsFetchedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real weights: our BERT forward on the all-MiniLM-L6-v2 folder converted by scripts/fetch-data.sh
 * against ONNX Runtime running the original ONNX export on the same token ids.
 */
class MiniLmRealWeightsTest {
  static final List<String> TEXTS =
      List.of(
          "All human beings are born free and equal in dignity and rights.",
          "Tous les êtres humains naissent libres et égaux en dignité et en droits.",
          "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。",
          "Hello",
          "Everyone has the right to life, liberty and security of person; no one shall be held in slavery "
              + "or servitude, and slavery and the slave trade shall be prohibited in all their forms.");

  @Test
  @NeedsFetchedData({
    "models/all-MiniLM-L6-v2/.complete",
    "models/all-MiniLM-L6-v2/model.onnx",
    "models/all-MiniLM-L6-v2/tokenizer.json"
  })
  void lastHiddenStateMatchesOnnxRuntime() throws Exception {
    Path folder = MiniLmOnnxOracle.defaultFolder();
    MiniLmOnnxOracle.Result ort = MiniLmOnnxOracle.run(folder, TEXTS);
    List<long[]> seqs = new ArrayList<>();
    for (int b = 0; b < TEXTS.size(); b++) {
      long[] ids = new long[ort.lengths()[b]];
      System.arraycopy(ort.inputIds()[b], 0, ids, 0, ids.length);
      seqs.add(ids);
    }
    try (TransformerModel model = TransformerModel.load(folder, ModelOptions.cpu())) {
      TokenBatch batch = TokenBatch.of(seqs, 0);
      HostTensor ours =
          model
              .forward(batch, ForwardRequest.capture(HookPoints.LAST_HIDDEN))
              .get(HookPoints.LAST_HIDDEN);
      double worst = 0;
      for (int b = 0; b < TEXTS.size(); b++) {
        for (int t = 0; t < ort.lengths()[b]; t++) {
          for (int d = 0; d < ort.lastHiddenState()[b][t].length; d++) {
            worst = Math.max(worst, Math.abs(ours.get(b, t, d) - ort.lastHiddenState()[b][t][d]));
          }
        }
      }
      assertThat(worst).as("max |ours − ONNX Runtime| over real tokens").isLessThanOrEqualTo(1e-4);
      // and the sentence embeddings (mean pooling + L2, as sentence-transformers does) agree
      float[][] pooled = Pooling.MEAN.pool(ours, batch.lengths());
      float[][] expected = ort.sentenceEmbeddings();
      for (int b = 0; b < pooled.length; b++) {
        double norm = 0;
        for (float v : pooled[b]) {
          norm += v * v;
        }
        for (int d = 0; d < pooled[b].length; d++) {
          assertThat(Math.abs(pooled[b][d] / Math.sqrt(norm) - expected[b][d]))
              .isLessThanOrEqualTo(1e-5);
        }
      }
    }
  }
}
