package dev.lingualens.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.corpus.RepoFiles;
import dev.lingualens.common.testing.FetchedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link HfTokenizer#tokenCounts} (one pre-tokenized encoding) gives each piece exactly the length
 * of its own {@link HfTokenizer#encode} (one encoding per piece), on every word of the oracle texts
 * (44 texts, many scripts) plus special-token literals, an empty piece and inner spaces.
 */
class TokenCountsTest {
  private static List<String> pieces() throws IOException {
    Set<String> words = new LinkedHashSet<>();
    for (String fixture : List.of("mistral7b.tsv", "o200k_gpt4o.tsv")) {
      for (String text : OracleFixture.load(fixture).texts()) {
        words.addAll(Arrays.asList(text.split("\\s+")));
        words.add(text);
      }
    }
    words.addAll(
        List.of("</s>", "<s>", "<|endoftext|>", "", " ", "a b", "\u00A0x", "ǅemal", "👩‍👩‍👧"));
    return new ArrayList<>(words);
  }

  private static void sameAsOnePieceAtATime(Path file) throws IOException {
    HfTokenizer t = HfTokenizer.load(file);
    List<String> pieces = pieces();
    int[][] alone = t.encode(pieces);
    int[] counts = t.tokenCounts(pieces);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < alone.length; i++) {
      if (counts[i] != alone[i].length) {
        mismatches.add("'" + pieces.get(i) + "': " + alone[i].length + " alone, " + counts[i]);
      }
    }
    assertThat(pieces).hasSizeGreaterThan(300);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void shippedMistralTokenizer() throws IOException {
    sameAsOnePieceAtATime(RepoFiles.sampleData("tokenizers", "mistral7b", "tokenizer.json"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gpt4o",
        "gpt35turbo",
        "llama3",
        "qwen3",
        "gemma3",
        "deepseek_v3",
        "claude",
        "mistral7b"
      })
  void everyFetchedTokenizer(String name) throws IOException {
    FetchedData.require("tokenizers/" + name + "/tokenizer.json");
    sameAsOnePieceAtATime(FetchedData.path("tokenizers/" + name + "/tokenizer.json"));
  }

  @Test
  void noPiecesNoCounts() {
    HfTokenizer t =
        HfTokenizer.load(RepoFiles.sampleData("tokenizers", "mistral7b", "tokenizer.json"));
    assertThat(t.tokenCounts(List.of())).isEmpty();
  }
}
