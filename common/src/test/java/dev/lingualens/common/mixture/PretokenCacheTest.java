package dev.lingualens.common.mixture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.corpus.RepoFiles;
import dev.lingualens.common.text.ByteLevelBpe;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.common.text.IcuSegmenter;
import dev.lingualens.common.text.PretokenCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pretoken cache must give exactly the ids of the Rust library's own encode of whole texts (the
 * oracle, independent of our pre-tokenisation): on every committed UDHR translation, on texts that
 * put every assigned code point into the contexts the split regexes treat differently, and on texts
 * holding added tokens (those go to the native encode). Each set is encoded twice, so the second
 * pass comes from the cache.
 */
class PretokenCacheTest {
  @ParameterizedTest
  @ValueSource(strings = {"gpt4o", "gpt35turbo", "llama3", "qwen3", "deepseek_v3", "claude"})
  void encodesLikeTheRustTokenizer(String name) throws IOException {
    Path file = UdhrTexts.cachedTokenizer(name);
    TokenizerJson json = TokenizerJson.read(file);
    HfTokenizer hf = HfTokenizer.load(file);
    PretokenCache cache = PretokenCache.of(json, 10_000_000).orElseThrow();

    List<String> udhr = udhr();
    assertThat(udhr).hasSizeGreaterThan(900);
    List<String> sweep = codePointSweep();
    List<String> special = new ArrayList<>();
    for (var token : json.root().path("added_tokens")) {
      special.add("before " + token.path("content").asText() + " after's 12345  \n");
    }
    special.add("a lone \uD800 surrogate");
    special.add("");

    for (List<String> texts : List.of(udhr, sweep, special)) {
      int[][] expected = hf.encode(texts);
      for (int pass = 0; pass < 2; pass++) {
        int[][] ours = batches(cache, hf, texts);
        for (int i = 0; i < texts.size(); i++) {
          assertThat(ours[i]).as("%s pass %d: %s", name, pass, texts.get(i)).isEqualTo(expected[i]);
        }
      }
    }
    assertThat(cache.size()).isGreaterThan(10_000);
  }

  /**
   * The Java BPE behind the cache, pretoken by pretoken, against the Rust library encoding the same
   * pretoken on its own; and words (what the fertility pass counts) through the cache against the
   * library's own count.
   */
  @ParameterizedTest
  @ValueSource(strings = {"gpt4o", "gpt35turbo", "llama3", "qwen3", "deepseek_v3", "claude"})
  void javaBpeAndWordCountsMatchTheRustTokenizer(String name) throws IOException {
    Path file = UdhrTexts.cachedTokenizer(name);
    TokenizerJson json = TokenizerJson.read(file);
    HfTokenizer hf = HfTokenizer.load(file);
    ByteLevelBpe bpe = ByteLevelBpe.of(json).orElseThrow();
    PreTokenization pre = PreTokenization.from(json).unmapped();
    IcuSegmenter segmenter = new IcuSegmenter();
    Set<String> pretokens = new LinkedHashSet<>();
    Set<String> words = new LinkedHashSet<>();
    for (String text : udhr()) {
      pretokens.addAll(pre.split(pre.normalize(text)));
      words.addAll(segmenter.segment(text, "und").words());
    }
    List<String> pieces = new ArrayList<>(pretokens);
    int[][] expected = hf.encodePretokenized(pieces);
    for (int k = 0; k < pieces.size(); k++) {
      assertThat(bpe.encode(pieces.get(k)))
          .as("%s: %s", name, pieces.get(k))
          .isEqualTo(expected[k]);
    }
    assertThat(pieces).hasSizeGreaterThan(15_000);

    List<String> wordList = new ArrayList<>(words);
    PretokenCache cache = PretokenCache.of(json, 10_000_000).orElseThrow();
    assertThat(cache.tokenCounts(hf, wordList)).isEqualTo(hf.tokenCounts(wordList));
    assertThat(wordList).hasSizeGreaterThan(15_000);
  }

  @Test
  void sentencePieceFilesAreNotCached() {
    Path mistral = RepoFiles.sampleData("tokenizers", "mistral7b", "tokenizer.json");
    assertThat(PretokenCache.supports(TokenizerJson.read(mistral))).isFalse();
    assertThat(PretokenCache.forFile(mistral, 10)).isEmpty();
  }

  private static List<String> udhr() throws IOException {
    List<String> udhr = new ArrayList<>();
    try (Stream<Path> files = Files.list(RepoFiles.sampleData("udhr"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
        udhr.addAll(UdhrTexts.of(f.getFileName().toString().replace(".html", "")));
      }
    }
    return udhr;
  }

  private static int[][] batches(PretokenCache cache, HfTokenizer hf, List<String> texts) {
    int[][] out = new int[texts.size()][];
    for (int from = 0; from < texts.size(); from += 64) {
      int to = Math.min(texts.size(), from + 64);
      int[][] part = cache.encode(hf, texts.subList(from, to));
      System.arraycopy(part, 0, out, from, part.length);
    }
    return out;
  }

  /**
   * Assigned code points (Java's Unicode tables) next to letters, digits, spaces, newlines,
   * apostrophes and itself: where a Java regex class and Oniguruma's disagree on a character, its
   * pretokens differ and so do the ids.
   */
  private static List<String> codePointSweep() {
    List<String> texts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int inText = 0;
    int previousType = -1;
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      int type = Character.getType(cp);
      if (!Character.isDefined(cp) || type == Character.SURROGATE) {
        continue;
      }
      // Runs of one category (the CJK blocks are 90 k letters alike) are sampled, every category
      // change and every character below U+3000 is kept.
      boolean keep = cp < 0x3000 || type != previousType || cp % 7 == 0;
      previousType = type;
      if (!keep) {
        continue;
      }
      String c = Character.toString(cp);
      text.append("a")
          .append(c)
          .append("b ")
          .append(c)
          .append(c)
          .append("'s 7")
          .append(c)
          .append("  ")
          .append(c)
          .append("\n")
          .append(c)
          .append("X ");
      if (++inText == 64) {
        texts.add(text.toString());
        text.setLength(0);
        inText = 0;
      }
    }
    texts.add(text.toString());
    return texts;
  }
}
