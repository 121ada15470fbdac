package dev.lingualens.jobs.represent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.model.LayerRepresentations;
import dev.lingualens.common.model.ModelOptions;
import dev.lingualens.common.model.Pooling;
import dev.lingualens.common.model.SentenceTransformerConfig;
import dev.lingualens.common.model.TransformerModel;
import dev.lingualens.common.testing.FetchedData;
import dev.lingualens.common.testing.NeedsFetchedData;
import dev.lingualens.common.text.HfTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ONNX backend on the real all-MiniLM-L6-v2 export gives the same sentence vectors as our BERT
 * forward on the converted safetensors (mean pooling at layer 6), for texts of several scripts and
 * lengths in one token-budget-batched call. Skipped when the model is not fetched
 * (scripts/fetch-data.sh; the cache folder is LINGUALENS_CACHE, else <repo>/.cache/lingualens),
 * failed instead under LINGUALENS_REQUIRE_FETCHED=1 ({@link NeedsFetchedData}).
 */
class OnnxEncoderTest {
  static final List<String> TEXTS =
      List.of(
          "All human beings are born free and equal in dignity and rights.",
          "Tous les êtres humains naissent libres et égaux en dignité et en droits.",
          "Alle Menschen sind frei und gleich an Würde und Rechten geboren.",
          "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。",
          "Kila mtu ana haki ya kuishi, uhuru na usalama wa nafsi yake.",
          "Hello");

  static Path folder() {
    return FetchedData.path("models/all-MiniLM-L6-v2");
  }

  @Test
  @NeedsFetchedData({
    "models/all-MiniLM-L6-v2/model.onnx",
    "models/all-MiniLM-L6-v2/model.safetensors"
  })
  void onnxVectorsEqualOurBertForward() {
    Path folder = folder();
    int[][] ids = HfTokenizer.load(folder).encode(TEXTS, true);
    int max = SentenceTransformerConfig.read(folder).orElseThrow().maxSeqLength();
    List<long[]> seqs = new ArrayList<>();
    for (int[] row : ids) {
      seqs.add(
          SentenceTransformerConfig.truncate(
              java.util.Arrays.stream(row).asLongStream().toArray(), max));
    }
    float[][][] onnx =
        new OnnxEncoder(
                dev.lingualens.jobs.model.ModelHandle.onnxFile(folder).orElseThrow(),
                Pooling.MEAN,
                64,
                4)
            .encode(seqs);
    try (TransformerModel model = TransformerModel.load(folder, ModelOptions.cpu())) {
      float[][][] ours =
          LayerRepresentations.compute(model, seqs, new int[] {6}, Pooling.MEAN, 64, 4);
      double worst = 0;
      for (int s = 0; s < seqs.size(); s++) {
        for (int d = 0; d < ours[s][0].length; d++) {
          worst = Math.max(worst, Math.abs(ours[s][0][d] - onnx[s][0][d]));
        }
      }
      assertThat(worst)
          .as("max |DJL − ONNX Runtime| of mean-pooled layer-6 vectors")
          .isLessThanOrEqualTo(1e-5);
    }
  }
}
