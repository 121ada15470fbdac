package dev.lingualens.common.mixture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lingualens.common.corpus.RepoFiles;
import dev.lingualens.common.text.HfTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our pre-tokenisation + rank-ordered merges must encode real text exactly as the Rust tokenizers
 * library (through DJL) does: if the words we count pairs in differed from the tokenizer's, the
 * replay would count pairs the tokenizer never saw. The oracle is independent of our code (HF's
 * Rust implementation).
 */
class PreTokenizationMatchesHfTest {
  private static final List<String> LANGUAGES =
      List.of(
          "eng",
          "fra",
          "deu_1996",
          "rus",
          "arb",
          "hin",
          "cmn_hans",
          "jpn",
          "kor",
          "vie",
          "tha",
          "amh");

  @ParameterizedTest
  @ValueSource(
      strings = {"gpt4o", "gpt35turbo", "llama3", "qwen3", "deepseek_v3", "claude", "mistral7b"})
  void encodesUdhrLikeTheRustTokenizer(String name) {
    Path file =
        name.equals("mistral7b")
            ? RepoFiles.sampleData("tokenizers", "mistral7b", "tokenizer.json")
            : UdhrTexts.cachedTokenizer(
                name); // skips, or fails under LINGUALENS_REQUIRE_FETCHED=1, when not fetched
    TokenizerJson json = TokenizerJson.read(file);
    PreTokenization pre = PreTokenization.from(json);
    RankedMerges merges = new RankedMerges(MergeListReader.read(json).merges());
    JsonNode vocab = json.model().path("vocab");
    HfTokenizer hf = HfTokenizer.load(file);
    // SentencePiece files fall back to bytes for characters outside the vocabulary; compare only
    // texts without them.
    boolean byteFallback = json.model().path("byte_fallback").asBoolean(false);
    boolean ignoreMerges = json.model().path("ignore_merges").asBoolean(false);
    int compared = 0;
    int total = 0;
    for (String lang : LANGUAGES) {
      List<String> texts = UdhrTexts.of(lang);
      int[][] expected = hf.encode(texts);
      total += texts.size();
      for (int d = 0; d < texts.size(); d++) {
        List<Integer> ours = new ArrayList<>();
        boolean unknown = false;
        for (String word : pre.words(texts.get(d))) {
          // ignore_merges (Llama 3): a pretoken that is itself a vocabulary entry is emitted whole.
          List<String> tokens =
              ignoreMerges && vocab.has(word) ? List.of(word) : merges.encode(word);
          for (String token : tokens) {
            JsonNode id = vocab.get(token);
            unknown |= id == null;
            ours.add(id == null ? -1 : id.asInt());
          }
        }
        if (unknown && byteFallback) {
          continue;
        }
        List<Integer> theirs = new ArrayList<>();
        for (int id : expected[d]) {
          theirs.add(id);
        }
        assertThat(ours).as("%s %s text %d: %s", name, lang, d, texts.get(d)).isEqualTo(theirs);
        compared++;
      }
    }
    // Byte-level: every text compared; SentencePiece: at least the Latin-script ones (eng, fra,
    // deu, vie).
    assertThat(compared).isGreaterThanOrEqualTo(byteFallback ? 2 * 31 : total);
  }
}
