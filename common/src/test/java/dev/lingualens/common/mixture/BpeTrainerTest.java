package dev.lingualens.common.mixture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.text.HfTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {
  @Test
  void learnsTheMostFrequentPairFirstWithDeterministicTies() {
    // "abab" ×3, "ab" ×1, "cd" ×2: (a,b)=3·2+1=7, (b,a)=3, (c,d)=2 → (a,b) first; then (ab,ab)=3,
    // (c,d)=2.
    List<Merge> merges = BpeTrainer.train(Map.of("abab", 3L, "ab", 1L, "cd", 2L), 10, 1);
    assertThat(merges)
        .containsExactly(new Merge("a", "b"), new Merge("ab", "ab"), new Merge("c", "d"));
    // Ties (x,y)=(y,x)=1 in "xyx": alphabetical order decides.
    assertThat(BpeTrainer.train(Map.of("xyx", 1L), 1, 1)).containsExactly(new Merge("x", "y"));
  }

  @Test
  void writtenTokenizerLoadsInTheRustLibraryAndEncodesLikeOurRules(@TempDir Path dir) {
    PreTokenization pre = PreTokenization.gpt2WithDigitRuns();
    WordCounter counter = new WordCounter(pre);
    UdhrTexts.of("eng").forEach(counter::add);
    UdhrTexts.of("fra").forEach(counter::add);
    List<Merge> merges = BpeTrainer.train(counter.counts(), 800, 2);
    assertThat(merges).hasSize(800);
    Path file = dir.resolve("tokenizer.json");
    TokenizerJsonWriter.write(merges, file);

    // What the paper's pre-tokenizer does, rebuilt from the file we wrote.
    PreTokenization fromFile = PreTokenization.from(TokenizerJson.read(file));
    RankedMerges ranks = new RankedMerges(merges);
    var vocab = TokenizerJson.read(file).model().path("vocab");
    HfTokenizer hf = HfTokenizer.load(file);
    List<String> texts = new ArrayList<>(UdhrTexts.of("deu_1996"));
    texts.addAll(UdhrTexts.of("rus").subList(0, 5));
    texts.add("Article 25 (1948): 12345 people, 3.14 and x2y; l'homme n'est pas");
    int[][] expected = hf.encode(texts);
    for (int d = 0; d < texts.size(); d++) {
      List<Integer> ours = new ArrayList<>();
      assertThat(fromFile.words(texts.get(d))).isEqualTo(pre.words(texts.get(d)));
      for (String w : fromFile.words(texts.get(d))) {
        ranks.encode(w).forEach(t -> ours.add(vocab.get(t).asInt()));
      }
      List<Integer> theirs = new ArrayList<>();
      for (int id : expected[d]) {
        theirs.add(id);
      }
      assertThat(ours).as(texts.get(d)).isEqualTo(theirs);
    }
  }

  @Test
  void digitRunsAreIsolatedButMayMerge() {
    // Digits split from letters first ("x2y" → x, 2, y), digit runs stay whole ("12345"), then
    // GPT-2 regex.
    assertThat(PreTokenization.gpt2WithDigitRuns().words("x2y 12345"))
        .containsExactly("x", "2", "y", "Ġ", "12345");
  }
}
