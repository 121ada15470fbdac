package dev.lingualens.common.mixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.corpus.RepoFiles;
import dev.lingualens.common.testing.NeedsFetchedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeListReaderTest {
  private static TokenizerJson json(String text) throws Exception {
    return TokenizerJson.of(new ObjectMapper().readTree(text), "test.json");
  }

  @Test
  void gpt2ByteAlphabetSpellsSpaceAndNewlineAsInTheMergeFiles() {
    assertThat(ByteAlphabet.encode(" ")).isEqualTo("\u0120"); // Ġ
    assertThat(ByteAlphabet.encode("\n")).isEqualTo("\u010A"); // Ċ
    assertThat(ByteAlphabet.encode("a!")).isEqualTo("a!");
    assertThat(ByteAlphabet.encode("é"))
        .isEqualTo("\u00C3\u00A9"); // UTF-8 C3 A9, both printable Latin-1
    assertThat(
            new String(
                ByteAlphabet.decode(ByteAlphabet.encode("ü €\n")),
                java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("ü €\n");
  }

  @Test
  void readsBothMergeFormats() throws Exception {
    MergeList strings =
        MergeListReader.read(
            json(
                "{\"model\":{\"type\":\"BPE\",\"merges\":[\"Ġ t\",\"h e\"]},\"pre_tokenizer\":{\"type\":\"ByteLevel\"}}"));
    MergeList arrays =
        MergeListReader.read(
            json(
                "{\"model\":{\"type\":\"BPE\",\"merges\":[[\"▁\",\"t\"],[\"h\",\"e\"]]},\"pre_tokenizer\":null}"));
    assertThat(strings.merges()).containsExactly(new Merge("Ġ", "t"), new Merge("h", "e"));
    assertThat(strings.kind()).isEqualTo(SymbolKind.BYTE_LEVEL);
    assertThat(arrays.merges()).containsExactly(new Merge("▁", "t"), new Merge("h", "e"));
    assertThat(arrays.kind()).isEqualTo(SymbolKind.CHARACTER);
  }

  @Test
  void rejectsWhatIsNotABpeMergeListNamingTheValue() throws Exception {
    assertThatThrownBy(
            () -> MergeListReader.read(json("{\"model\":{\"type\":\"WordPiece\",\"vocab\":{}}}")))
        .hasMessageContaining("model.type 'WordPiece'")
        .hasMessageContaining("BPE");
    assertThatThrownBy(
            () ->
                MergeListReader.read(
                    json("{\"model\":{\"type\":\"BPE\",\"merges\":[\"a b\",\"abc\"]}}")))
        .hasMessageContaining("merge #1")
        .hasMessageContaining("'abc'");
    assertThatThrownBy(
            () ->
                PreTokenization.from(
                    json(
                        "{\"model\":{\"type\":\"BPE\",\"merges\":[\"a b\"]},\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"}}")))
        .hasMessageContaining("'BertPreTokenizer'");
  }

  @Test
  void cleaningKeepsTheSplitEncodingReachesAndDropsTheRest() {
    // SentencePiece-style cluster: ▁the listed as (▁t, he), (▁th, e), (▁, the). With (▁,t), (h,e),
    // (▁t,h)
    // earlier, encoding "▁the" gives ▁t + he ((h,e), rank 1, fires before (▁t,h), rank 2), so
    // (▁t, he) is kept and the other two are alternatives of the same token.
    List<Merge> merges =
        List.of(
            new Merge("▁", "t"),
            new Merge("h", "e"),
            new Merge("▁t", "h"),
            new Merge("▁t", "he"),
            new Merge("▁th", "e"),
            new Merge("▁", "the"),
            new Merge("\n", "\n"));
    MergeListCleaner.Result r =
        MergeListCleaner.clean(new MergeList(merges, SymbolKind.CHARACTER, "t"), true, true);
    assertThat(r.merges().merges())
        .containsExactly(
            new Merge("▁", "t"), new Merge("h", "e"), new Merge("▁t", "h"), new Merge("▁t", "he"));
    assertThat(r.report().whitespaceDropped()).isEqualTo(1);
    assertThat(r.report().duplicatesDropped() + r.report().alternativeSplitsDropped()).isEqualTo(2);
  }

  @Test
  @NeedsFetchedData({"tokenizers/llama3/tokenizer.json", "tokenizers/gpt35turbo/tokenizer.json"})
  void llama3CleansToCl100kPlusItsOwnMerges() {
    Path llama3 = UdhrTexts.cachedTokenizer("llama3");
    Path gpt35 = UdhrTexts.cachedTokenizer("gpt35turbo");
    MergeList cleaned =
        MergeListCleaner.clean(MergeListReader.read(TokenizerJson.read(llama3)), false, true)
            .merges();
    List<Merge> cl100k = MergeListReader.read(TokenizerJson.read(gpt35)).merges();
    // The paper: Llama 3's first 100,000 merges equal GPT-3.5's (cl100k), then its own.
    assertThat(cl100k).hasSize(100_000);
    assertThat(cleaned.merges().subList(0, 100_000)).isEqualTo(cl100k);
    // Its 128,000-entry vocabulary minus 256 bytes bounds what can be added on top.
    assertThat(cleaned.size()).isBetween(120_000, 127_744);
  }

  @Test
  void gemmaStyleWhitespaceMergesAreDetected() {
    Path mistral = RepoFiles.sampleData("tokenizers", "mistral7b", "tokenizer.json");
    MergeList list = MergeListReader.read(TokenizerJson.read(mistral));
    assertThat(MergeListCleaner.startsWithWhitespaceMerge(list)).isFalse();
    assertThat(
            MergeListCleaner.startsWithWhitespaceMerge(
                new MergeList(List.of(new Merge("\n", "\n")), SymbolKind.CHARACTER, "g")))
        .isTrue();
  }
}
