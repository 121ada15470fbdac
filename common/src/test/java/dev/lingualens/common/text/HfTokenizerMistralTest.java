package dev.lingualens.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.corpus.RepoFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL on the shipped Mistral-7B tokenizer vs the @lenml/tokenizers oracle
 * (scripts/dev/oracle/README.md).
 */
class HfTokenizerMistralTest {
  static final Path MISTRAL = RepoFiles.sampleData("tokenizers", "mistral7b", "tokenizer.json");

  @Test
  void everyOracleRowHasIdenticalTokenIdsInOneBatch() throws IOException {
    OracleFixture oracle = OracleFixture.load("mistral7b.tsv");

    int[][] encoded = HfTokenizer.load(MISTRAL).encode(oracle.texts());

    assertThat(encoded.length).isEqualTo(oracle.rows().size());
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < encoded.length; i++) {
      OracleFixture.Row r = oracle.rows().get(i);
      if (!java.util.Arrays.equals(encoded[i], r.ids())) {
        mismatches.add(
            r.id()
                + ": expected "
                + java.util.Arrays.toString(r.ids())
                + " got "
                + java.util.Arrays.toString(encoded[i]));
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void noSpecialTokensAreAdded() throws IOException {
    // oracle udhr1-eng has 13 ids and no BOS (<s> = 1) in front
    int[] ids =
        HfTokenizer.load(MISTRAL)
            .encode(List.of("All human beings are born free and equal in dignity and rights."))[0];
    assertThat(ids).hasSize(13);
    assertThat(ids[0]).isNotEqualTo(1);
  }

  @Test
  void unkIdIsZero() {
    // tokenizer.json: model.unk_token = "<unk>", vocab["<unk>"] = 0
    assertThat(HfTokenizer.load(MISTRAL).unkId()).isZero();
  }

  @Test
  void vocabularySizeIsTheModelCardsVocabSize() {
    // Mistral-7B v0.1 config.json: "vocab_size": 32000 (<unk>, <s>, </s> are inside the vocab)
    assertThat(HfTokenizer.load(MISTRAL).vocabSize()).isEqualTo(32000);
  }

  @Test
  void longTextIsNotTruncatedAt512Tokens() {
    String text = String.join(" ", java.util.Collections.nCopies(10_000, "word"));

    int[] ids = HfTokenizer.load(MISTRAL).encode(List.of(text))[0];

    // each of the 10 000 words yields at least one token
    assertThat(ids.length).isGreaterThanOrEqualTo(10_000);
  }

  @Test
  void folderAndFileGiveTheSameCachedTokenizer() {
    assertThat(HfTokenizer.load(MISTRAL.getParent())).isSameAs(HfTokenizer.load(MISTRAL));
    assertThat(HfTokenizer.load(MISTRAL).file()).isEqualTo(MISTRAL.toAbsolutePath().normalize());
  }

  @Test
  void missingPathIsRejectedNamingThePath(@TempDir Path tmp) {
    Path missing = tmp.resolve("nowhere").resolve("tokenizer.json");

    assertThatThrownBy(() -> HfTokenizer.load(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toAbsolutePath().toString());
  }

  @Test
  void folderWithoutTokenizerJsonIsRejected(@TempDir Path tmp) {
    assertThatThrownBy(() -> HfTokenizer.load(tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tmp.toAbsolutePath().toString());
  }
}
