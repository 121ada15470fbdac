package dev.lingualens.common.lens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.corpus.RepoFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswerFilterTest {
  @TempDir Path dir;

  private static Lexicon lexicon(String... conceptLangWord) {
    Lexicon.Builder b = Lexicon.builder();
    for (int i = 0; i < conceptLangWord.length; i += 3) {
      b.add(conceptLangWord[i], conceptLangWord[i + 1], conceptLangWord[i + 2]);
    }
    return b.build();
  }

  @Test
  void wendlersRulesOnMistral() {
    AnswerTokens mistral =
        AnswerTokens.load(RepoFiles.sampleData("tokenizers", "mistral7b", "tokenizer.json"));
    Lexicon lexicon =
        lexicon(
            // kept: Blume's {<0x42> 69, ▁B 365, ▁Bl 2025, Bl 4919, B 28760} shares nothing with
            // flower's {105, 285, 972, 1134, 2175, 4356, 4699, 14994, 28722}
            "noun:flower",
            "en",
            "flower",
            "noun:flower",
            "de",
            "Blume",
            // fleur and flower share f, fl, ▁f, ▁fl, <0x66> (AnswerTokensRealTokenizersTest)
            "noun:flower2",
            "en",
            "flower",
            "noun:flower2",
            "de",
            "fleur",
            // "Radio" contains "radio" ignoring case
            "noun:radio",
            "en",
            "radio",
            "noun:radio",
            "de",
            "Radio",
            // no English word
            "noun:tree",
            "de",
            "Baum");

    AnswerFilter.Result r = AnswerFilter.apply(lexicon, mistral, "deu", List.of("eng"));

    assertThat(r.kept()).extracting(AnswerFilter.Item::concept).containsExactly("noun:flower");
    AnswerFilter.Item kept = r.kept().get(0);
    assertThat(kept.words()).containsExactly(Map.entry("deu", "Blume"), Map.entry("eng", "flower"));
    assertThat(kept.prefixSets().get("eng"))
        .containsExactly(105, 285, 972, 1134, 2175, 4356, 4699, 14994, 28722);
    assertThat(r.dropped())
        .isEqualTo(
            Map.of("shared_prefix_token", 1L, "contains_latent_word", 1L, "missing_word", 1L));
  }

  @Test
  void englishTargetIsNotComparedWithItself() {
    AnswerTokens mistral =
        AnswerTokens.load(RepoFiles.sampleData("tokenizers", "mistral7b", "tokenizer.json"));
    Lexicon lexicon = lexicon("noun:flower", "en", "flower");

    AnswerFilter.Result r = AnswerFilter.apply(lexicon, mistral, "eng", List.of("eng"));

    assertThat(r.kept()).hasSize(1);
    assertThat(r.dropped()).isEmpty();
  }

  @Test
  void aWordWithoutPrefixTokensIsDropped() throws Exception {
    // the hand-made byte-level vocabulary has no token starting with x
    AnswerTokens tokens = AnswerTokens.load(HandMadeTokenizers.byteLevel(dir));
    Lexicon lexicon = lexicon("noun:a", "en", "flower", "noun:a", "de", "xylo");

    AnswerFilter.Result r = AnswerFilter.apply(lexicon, tokens, "deu", List.of("eng"));

    assertThat(r.kept()).isEmpty();
    assertThat(r.dropped()).isEqualTo(Map.of("no_prefix_token", 1L));
  }
}
