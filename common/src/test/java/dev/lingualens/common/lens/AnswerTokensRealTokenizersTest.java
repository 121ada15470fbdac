package dev.lingualens.common.lens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.corpus.RepoFiles;
import dev.lingualens.common.testing.FetchedData;
import dev.lingualens.common.testing.NeedsFetchedData;
import dev.lingualens.common.text.HfTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prefix sets on real vocabularies. Every expected id was found by looking the candidate token
 * strings up in the file's {@code model.vocab} with Python ({@code json.load}, no tokenizer
 * library): for each byte prefix p of the word and of " " + word, the string p spells in that
 * vocabulary (byte-level: each byte through GPT-2's byte table, space = Ġ; Mistral: the prefix as
 * text with space = ▁ when it is whole characters, and {@code <0xNN>} for a one-byte prefix), then
 * {@code vocab[string]} where present. The strings are given next to each id.
 */
class AnswerTokensRealTokenizersTest {
  private static final Path MISTRAL =
      RepoFiles.sampleData("tokenizers", "mistral7b", "tokenizer.json");

  private static AnswerTokens fetched(String name) {
    return AnswerTokens.load(FetchedData.path("tokenizers/" + name + "/tokenizer.json"));
  }

  @Test
  void mistral7b() {
    AnswerTokens t = AnswerTokens.load(MISTRAL);

    // <0x66> 105, ▁f 285, ▁fl 972, fl 1134, ▁flo 2175, flow 4356, ▁flow 4699, ▁flower 14994,
    // f 28722 (no "flo", "flower")
    assertThat(t.prefixSet("flower"))
        .containsExactly(105, 285, 972, 1134, 2175, 4356, 4699, 14994, 28722);
    // <0x66> 105, ▁f 285, ▁fl 972, fl 1134, ▁fle 6742, f 28722
    assertThat(t.prefixSet("fleur")).containsExactly(105, 285, 972, 1134, 6742, 28722);
    // цветок starts with ц = D1 86: <0xD1> 212, ▁ц 6033, ц 28833
    assertThat(t.prefixSet("цветок")).containsExactly(212, 6033, 28833);
    // 花 = E8 8A B1: <0xE8> 235, 花 30064 (no ▁花)
    assertThat(t.prefixSet("花")).containsExactly(235, 30064);
    // the word alone gets SentencePiece's dummy prefix, a bare ▁ (28705) before 花; after the
    // prompt's quote it is 花 alone
    assertThat(HfTokenizer.load(MISTRAL).encode(List.of("花"))[0]).containsExactly(28705, 30064);
    assertThat(t.tokens("花")).containsExactly(30064);
  }

  @Test
  @NeedsFetchedData("tokenizers/llama3/tokenizer.json")
  void llama3() {
    AnswerTokens t = fetched("llama3");

    // f 69, Ġf 282, Ġfl 1344, fl 1517, flow 5072, Ġflow 6530, Ġflo 9943, Ġflower 23153,
    // flower 39853, flo 90906
    assertThat(t.prefixSet("flower"))
        .containsExactly(69, 282, 1344, 1517, 5072, 6530, 9943, 23153, 39853, 90906);
    // f 69, Ġf 282, Ġfl 1344, fl 1517, Ġfle 13259
    assertThat(t.prefixSet("fleur")).containsExactly(69, 282, 1344, 1517, 13259);
    // Ñ (D1) 141, ĠÑ 9015, ÑĨ (ц) 10589, ĠÑĨ 39233, ĠÑĨÐ²ÐµÑĤ (" цвет") 103871, ÑĨÐ²ÐµÑĤ 121684
    assertThat(t.prefixSet("цветок")).containsExactly(141, 9015, 10589, 39233, 103871, 121684);
    // è (E8) 164, Ġè 9085, èĬ (E8 8A) 45951, èĬ± (花) 102185, ĠèĬ 107820, ĠèĬ± 118111
    assertThat(t.prefixSet("花")).containsExactly(164, 9085, 45951, 102185, 107820, 118111);
    assertThat(t.tokens("花")).containsExactly(102185);
  }

  @Test
  @NeedsFetchedData("tokenizers/qwen3/tokenizer.json")
  void qwen3() {
    AnswerTokens t = fetched("qwen3");

    // f 69, Ġf 282, Ġfl 1320, fl 1489, flow 4965, Ġflow 6396, Ġflo 9744, Ġflower 22351,
    // flower 38753, flo 89806
    assertThat(t.prefixSet("flower"))
        .containsExactly(69, 282, 1320, 1489, 4965, 6396, 9744, 22351, 38753, 89806);
    // f 69, Ġf 282, Ġfl 1320, fl 1489, Ġfle 12962
    assertThat(t.prefixSet("fleur")).containsExactly(69, 282, 1320, 1489, 12962);
    // Ñ 141, ĠÑ 8839, ÑĨ 10373, ĠÑĨ 38133, ĠÑĨÐ²ÐµÑĤ 129596 (no "цвет" without the space)
    assertThat(t.prefixSet("цветок")).containsExactly(141, 8839, 10373, 38133, 129596);
    // è 164, Ġè 8908, èĬ 44851, èĬ± 99232 (no " 花")
    assertThat(t.prefixSet("花")).containsExactly(164, 8908, 44851, 99232);
  }

  @Test
  @NeedsFetchedData("tokenizers/gpt4o/tokenizer.json")
  void gpt4o() {
    AnswerTokens t = fetched("gpt4o");

    // f 69, Ġf 285, Ġfl 1548, fl 1836, flow 7571, Ġflow 7845, Ġflo 15037, Ġflower 25811,
    // flower 54730, flo 174761
    assertThat(t.prefixSet("flower"))
        .containsExactly(69, 285, 1548, 1836, 7571, 7845, 15037, 25811, 54730, 174761);
    // f 69, Ġf 285, Ġfl 1548, fl 1836, Ġfle 15100, fle 59791, Ġfleur 110603
    assertThat(t.prefixSet("fleur")).containsExactly(69, 285, 1548, 1836, 15100, 59791, 110603);
    // Ñ 141, ÑĨ 924, ĠÑĨ 5389, ĠÑĨÐ²ÐµÑĤ 26084, ÑĨÐ²ÐµÑĤ 120099 (no ĠÑ in o200k)
    assertThat(t.prefixSet("цветок")).containsExactly(141, 924, 5389, 26084, 120099);
    // è 164, Ġè 3427, èĬ 10787, èĬ± 20463, ĠèĬ 63604, ĠèĬ± 103654
    assertThat(t.prefixSet("花")).containsExactly(164, 3427, 10787, 20463, 63604, 103654);
  }

  /**
   * The tokenizer's own first token of an answer must be one of its prefix tokens: a check of the
   * two halves against each other on 554 CLDR words in each of 8 languages and 5 scripts.
   */
  @ParameterizedTest
  @ValueSource(strings = {"mistral7b", "llama3", "qwen3", "gpt4o"})
  void firstTokenOfEveryCldrWordIsInItsPrefixSet(String name) {
    FetchedData.require("tokenizers/" + name + "/tokenizer.json");
    AnswerTokens t = fetched(name);
    List<String> words = new ArrayList<>();
    CldrLexicon.build(List.of("en", "de", "fr", "ru", "zh", "ja", "hi", "ar"))
        .entries()
        .forEach(e -> words.add(e.word()));

    int[][] tokens = t.tokens(words);

    List<String> outside = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if (Arrays.binarySearch(t.prefixSet(words.get(i)), tokens[i][0]) < 0) {
        outside.add(words.get(i) + " → " + tokens[i][0]);
      }
    }
    assertThat(words).hasSizeGreaterThan(4000);
    assertThat(outside).isEmpty();
  }
}
