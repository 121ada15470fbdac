package dev.lingualens.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unknown token and vocabulary size of small tokenizer files, counted by hand. */
class VocabularyFactsTest {
  @TempDir Path dir;

  private VocabularyFacts facts(String json) throws IOException {
    Path f = Files.writeString(dir.resolve("tokenizer.json"), json);
    return VocabularyFacts.read(f);
  }

  @Test
  void bpeWithUnkTokenInItsVocabularyAndAddedTokens() throws IOException {
    // ids 0, 1, 2 in the vocabulary; added <s> = 3 is new, added "a" = 1 is not: 4 ids.
    assertThat(
            facts(
                "{\"version\":\"1.0\",\"added_tokens\":[{\"id\":3,\"content\":\"<s>\"},"
                    + "{\"id\":1,\"content\":\"a\"}],\"normalizer\":null,"
                    + "\"model\":{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":\"<unk>\","
                    + "\"vocab\":{\"<unk>\":0,\"a\":1,\"b\":2},\"merges\":[[\"a\",\"b\"]]}}"))
        .isEqualTo(new VocabularyFacts(0, 4));
  }

  @Test
  void unkTokenWrittenAfterTheVocabularyIsLookedUpAgain() throws IOException {
    assertThat(facts("{\"model\":{\"vocab\":{\"a\":0,\"<unk>\":5},\"unk_token\":\"<unk>\"}}"))
        .isEqualTo(new VocabularyFacts(5, 2));
  }

  @Test
  void unigramCountsPiecesAndTakesUnkId() throws IOException {
    // three pieces (ids 0..2) and an added <pad> = 7: 4 ids; unk_id wins over unk_token.
    assertThat(
            facts(
                "{\"added_tokens\":[{\"id\":7,\"special\":true,\"content\":\"<pad>\"}],"
                    + "\"model\":{\"type\":\"Unigram\",\"unk_id\":2,\"unk_token\":\"a\","
                    + "\"vocab\":[[\"a\",-1.0],[\"b\",-2.5],[\"<unk>\",0.0]],\"byte_fallback\":false}}"))
        .isEqualTo(new VocabularyFacts(2, 4));
  }

  @Test
  void unkTokenFoundOnlyAmongAddedTokens() throws IOException {
    assertThat(
            facts(
                "{\"model\":{\"unk_token\":\"[UNK]\",\"vocab\":{\"a\":0}},"
                    + "\"added_tokens\":[{\"id\":9,\"content\":\"[UNK]\"}]}"))
        .isEqualTo(new VocabularyFacts(9, 2));
  }

  @Test
  void byteLevelBpeHasNoUnknownToken() throws IOException {
    assertThat(facts("{\"model\":{\"unk_token\":null,\"vocab\":{\"a\":0,\"b\":1},\"merges\":[]}}"))
        .isEqualTo(new VocabularyFacts(-1, 2));
    assertThat(facts("{\"model\":{\"unk_token\":\"<unk>\",\"vocab\":{\"a\":0}}}"))
        .isEqualTo(new VocabularyFacts(-1, 1));
  }

  @Test
  void malformedJsonIsAnError() {
    assertThatThrownBy(() -> facts("{\"model\":{\"vocab\":{\"a\":0,}"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> facts("[1, 2]")).isInstanceOf(IOException.class);
  }
}
