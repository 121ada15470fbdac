package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.corpus.RepoFiles;
import dev.lingualens.common.text.HfTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-built {@code planted-lens} Llama (scripts/dev/reference/planted_lens.py): its lens is
 * uniform at the embedding, puts 0.954 on the English answer after block 0 and 0.949 on the
 * prompt's target after block 1; {@code expected.json} holds those probabilities in closed form
 * (derivation in the folder's README.md).
 */
class PlantedLensTest {
  static final double TOLERANCE = 1e-5;

  static Path folder;
  static JsonNode expected;
  static List<JsonNode> sequences;
  static int vocab;

  @BeforeAll
  static void readExpected() throws Exception {
    folder = RepoFiles.root().resolve("common/src/test/resources/fixtures/models/planted-lens");
    expected = new ObjectMapper().readTree(folder.resolve("expected.json").toFile());
    sequences = new ArrayList<>();
    expected.path("sequences").forEach(sequences::add);
    vocab = expected.path("parameters").path("V").asInt();
  }

  @Test
  void theTokenizerGivesTheExpectedIds() {
    List<String> texts = sequences.stream().map(s -> s.path("text").asText()).toList();
    int[][] ids = HfTokenizer.load(folder).encode(texts, true);
    for (int b = 0; b < ids.length; b++) {
      assertThat(ids[b]).as(texts.get(b)).containsExactly(tokenIds(sequences.get(b)));
    }
  }

  @Test
  void everyLensProbabilityAndEntropyIsTheClosedFormBatchedAndOneSequenceAtATime()
      throws Exception {
    try (TransformerModel model = TransformerModel.load(folder, ModelOptions.cpu())) {
      int[] all = LogitLensReferenceTest.allIds(vocab);
      List<long[]> seqs = new ArrayList<>();
      int[] positions = new int[sequences.size()];
      int[][] candidates = new int[sequences.size()][];
      for (int b = 0; b < positions.length; b++) {
        seqs.add(java.util.Arrays.stream(tokenIds(sequences.get(b))).asLongStream().toArray());
        positions[b] = sequences.get(b).path("position").asInt();
        candidates[b] = all;
      }
      LogitLens.LensResult batched =
          LogitLens.run(model, TokenBatch.of(seqs, padId()), positions, candidates, 1);
      for (int b = 0; b < positions.length; b++) {
        assertClosedForm(batched, b, sequences.get(b), "batched row " + b);
        LogitLens.LensResult single =
            LogitLens.run(
                model,
                TokenBatch.of(List.of(seqs.get(b)), padId()),
                new int[] {positions[b]},
                new int[][] {all},
                1);
        assertClosedForm(single, 0, sequences.get(b), "sequence " + b + " alone");
      }
    }
  }

  /**
   * Candidates are the language's prefix tokens (methods.md (a)), a different number per row: their
   * probabilities sum to the README's language masses, e.g. English 0.954 after block 0.
   */
  @Test
  void prefixTokenCandidatesGiveTheLanguageMasses() throws Exception {
    try (TransformerModel model = TransformerModel.load(folder, ModelOptions.cpu())) {
      // row 0's target, row 1's latent English, a language row 2 never reaches, row 3's uniform row
      String[] langs = {"ja", "en", "fr", "en"};
      List<long[]> seqs = new ArrayList<>();
      int[] positions = new int[sequences.size()];
      int[][] candidates = new int[sequences.size()][];
      for (int b = 0; b < positions.length; b++) {
        seqs.add(java.util.Arrays.stream(tokenIds(sequences.get(b))).asLongStream().toArray());
        positions[b] = sequences.get(b).path("position").asInt();
        List<Integer> ids = new ArrayList<>();
        expected
            .path("language_prefix_tokens")
            .path(langs[b])
            .forEach(t -> ids.add(expected.path("token_ids").path(t.asText()).asInt()));
        candidates[b] = ids.stream().mapToInt(Integer::intValue).toArray();
      }
      LogitLens.LensResult lens =
          LogitLens.run(model, TokenBatch.of(seqs, padId()), positions, candidates, 0);
      for (int b = 0; b < positions.length; b++) {
        JsonNode layers = sequences.get(b).path("layers");
        for (int l = 0; l < layers.size(); l++) {
          float[] probs = lens.candidateProbs()[b][l];
          assertThat(probs).as("row %d layer %d", b, l).hasSize(candidates[b].length);
          double mass = 0;
          for (float p : probs) {
            mass += p;
          }
          assertThat(mass)
              .as("row %d layer %d mass of %s", b, l, langs[b])
              .isCloseTo(layers.get(l).path("mass").path(langs[b]).asDouble(), within(TOLERANCE));
        }
      }
      // the hand-derived headline numbers, not only expected.json's digits
      assertThat((double) lens.candidateProbs()[1][1][0] + lens.candidateProbs()[1][1][1])
          .as("English after block 0")
          .isCloseTo(0.954439, within(1e-6 + TOLERANCE));
    }
  }

  private static void assertClosedForm(
      LogitLens.LensResult lens, int row, JsonNode sequence, String what) {
    JsonNode layers = sequence.path("layers");
    assertThat(lens.layers()).isEqualTo(layers.size());
    for (int l = 0; l < layers.size(); l++) {
      String at = what + " (" + sequence.path("text").asText() + ") lens layer " + l;
      JsonNode probs = layers.get(l).path("probs");
      float[] ours = lens.candidateProbs()[row][l];
      assertThat(ours).as(at).hasSize(vocab);
      int argmax = 0;
      for (int v = 0; v < vocab; v++) {
        assertThat((double) ours[v])
            .as("%s p(token %d)", at, v)
            .isCloseTo(probs.get(v).asDouble(), within(TOLERANCE));
        if (probs.get(v).asDouble() > probs.get(argmax).asDouble()) {
          argmax = v;
        }
      }
      assertThat((double) lens.entropy()[row][l])
          .as(at + " entropy")
          .isCloseTo(layers.get(l).path("entropy").asDouble(), within(TOLERANCE));
      if (probs.get(argmax).asDouble() > 0.5) { // a clear winner (uniform layers have none)
        assertThat(lens.topIds()[row][l][0]).as(at + " top id").isEqualTo(argmax);
      }
    }
  }

  private static int[] tokenIds(JsonNode sequence) {
    int[] ids = new int[sequence.path("token_ids").size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = sequence.path("token_ids").get(i).asInt();
    }
    return ids;
  }

  private static long padId() {
    return expected.path("padding").path("pad_token_id").asLong();
  }
}
