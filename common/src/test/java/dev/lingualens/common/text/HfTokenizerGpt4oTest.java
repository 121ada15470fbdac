package dev.lingualens.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.corpus.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * DJL on the fetched GPT-4o tokenizer.json vs tiktoken's o200k_base (an independent implementation).
 * Skipped when the tokenizer has not been fetched, unless LINGUALENS_REQUIRE_FETCHED=1.
 */
class HfTokenizerGpt4oTest {
  private static final String ENDOFTEXT_ROW = "tricky-endoftext-literal";
  private static Path gpt4o;

  @BeforeAll
  static void requireFetchedTokenizer() {
    gpt4o = fetchedOrSkip(RepoFiles.root().resolve(".cache/lingualens/tokenizers/gpt4o/tokenizer.json"),
        System.getenv("LINGUALENS_REQUIRE_FETCHED"));
  }

  static Path fetchedOrSkip(Path file, String requireFetched) {
    if (Files.isRegularFile(file)) {
      return file;
    }
    String msg = "fetched tokenizer " + file + " is absent: run scripts/fetch-data.sh";
    if ("1".equals(requireFetched)) {
      throw new AssertionError(msg + " (LINGUALENS_REQUIRE_FETCHED=1)");
    }
    Assumptions.assumeTrue(false, msg + "; skipping (set LINGUALENS_REQUIRE_FETCHED=1 to fail instead)");
    return file;
  }

  @Test
  void allRowsButTheEndoftextLiteralMatchTiktoken() throws IOException {
    OracleFixture oracle = OracleFixture.load("o200k_gpt4o.tsv");

    int[][] encoded = HfTokenizer.load(gpt4o).encode(oracle.texts());

    assertThat(encoded.length).isEqualTo(oracle.rows().size());
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < encoded.length; i++) {
      OracleFixture.Row r = oracle.rows().get(i);
      if (!r.id().equals(ENDOFTEXT_ROW) && !Arrays.equals(encoded[i], r.ids())) {
        mismatches.add(r.id() + ": expected " + Arrays.toString(r.ids()) + " got " + Arrays.toString(encoded[i]));
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void endoftextLiteralBecomesTheSingleSpecialToken() throws IOException {
    // Documented divergence: tiktoken's encode_ordinary spells "<|endoftext|>" out (9 tokens); HF's
    // tokenizer.json lists it as an added token, so "before <|endoftext|> after" is
    // [before, " ", <|endoftext|>, " after"]. Ids for the pieces come from the oracle and the JSON file.
    OracleFixture.Row row = OracleFixtureTest.row(OracleFixture.load("o200k_gpt4o.tsv"), ENDOFTEXT_ROW);
    assertThat(row.text()).isEqualTo("before <|endoftext|> after");
    JsonNode json = new ObjectMapper().readTree(gpt4o.toFile());
    int special = addedTokenId(json, "<|endoftext|>");
    int space = json.path("model").path("vocab").path("\u0120").asInt(-1); // byte-level BPE: ' ' is 'Ġ'
    int before = row.ids()[0];
    int after = row.ids()[row.ids().length - 1];

    int[] ids = HfTokenizer.load(gpt4o).encode(List.of(row.text()))[0];

    assertThat(ids).containsExactly(before, space, special, after);
  }

  @Test
  void byteLevelBpeHasNoUnkToken() {
    assertThat(HfTokenizer.load(gpt4o).unkId()).isEqualTo(-1);
  }

  @Test
  void absentTokenizerIsSkippedByDefault() {
    Path absent = Path.of("/nonexistent/gpt4o/tokenizer.json");
    assertThatThrownBy(() -> fetchedOrSkip(absent, null)).isInstanceOf(TestAbortedException.class);
  }

  @Test
  void absentTokenizerFailsWhenFetchedDataIsRequired() {
    Path absent = Path.of("/nonexistent/gpt4o/tokenizer.json");
    assertThatThrownBy(() -> fetchedOrSkip(absent, "1"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("scripts/fetch-data.sh");
  }

  private static int addedTokenId(JsonNode json, String content) {
    for (JsonNode t : json.path("added_tokens")) {
      if (content.equals(t.path("content").asText())) {
        return t.path("id").asInt();
      }
    }
    throw new AssertionError(content + " is not an added token of " + gpt4o);
  }
}
