package dev.lingualens.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.testing.FetchedData;
import dev.lingualens.common.testing.NeedsFetchedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DJL on the fetched GPT-4o tokenizer.json vs tiktoken's o200k_base (an independent
 * implementation). Skipped when the tokenizer has not been fetched, unless
 * LINGUALENS_REQUIRE_FETCHED=1 ({@link NeedsFetchedData}; the skip/fail decision itself is tested
 * in FetchedDataTest).
 */
@NeedsFetchedData(HfTokenizerGpt4oTest.GPT4O)
class HfTokenizerGpt4oTest {
  static final String GPT4O = "tokenizers/gpt4o/tokenizer.json";
  private static final String ENDOFTEXT_ROW = "tricky-endoftext-literal";
  private static Path gpt4o;

  @BeforeAll
  static void fetchedTokenizer() {
    gpt4o = FetchedData.path(GPT4O);
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
        mismatches.add(
            r.id()
                + ": expected "
                + Arrays.toString(r.ids())
                + " got "
                + Arrays.toString(encoded[i]));
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void endoftextLiteralBecomesTheSingleSpecialToken() throws IOException {
    // Documented divergence: tiktoken's encode_ordinary spells "<|endoftext|>" out (9 tokens); HF's
    // tokenizer.json lists it as an added token, so "before <|endoftext|> after" is
    // [before, " ", <|endoftext|>, " after"]. Ids for the pieces come from the oracle and the JSON
    // file.
    OracleFixture.Row row =
        OracleFixtureTest.row(OracleFixture.load("o200k_gpt4o.tsv"), ENDOFTEXT_ROW);
    assertThat(row.text()).isEqualTo("before <|endoftext|> after");
    JsonNode json = new ObjectMapper().readTree(gpt4o.toFile());
    int special = addedTokenId(json, "<|endoftext|>");
    int space =
        json.path("model").path("vocab").path("\u0120").asInt(-1); // byte-level BPE: ' ' is 'Ġ'
    int before = row.ids()[0];
    int after = row.ids()[row.ids().length - 1];

    int[] ids = HfTokenizer.load(gpt4o).encode(List.of(row.text()))[0];

    assertThat(ids).containsExactly(before, space, special, after);
  }

  @Test
  void byteLevelBpeHasNoUnkToken() {
    assertThat(HfTokenizer.load(gpt4o).unkId()).isEqualTo(-1);
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
