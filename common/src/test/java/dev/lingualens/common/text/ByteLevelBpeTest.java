package dev.lingualens.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lingualens.common.mixture.Merge;
import dev.lingualens.common.mixture.TokenizerJson;
import dev.lingualens.common.mixture.TokenizerJsonWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge rules where a Java BPE can go wrong, on merge lists small enough to work by hand. Ids:
 * the 256 byte symbols keep their byte value ('a' = 97, 'b' = 98, 'c' = 99), then each merge's
 * token in order from 256. Each expected value is also checked against the Rust library loading the
 * same file.
 */
class ByteLevelBpeTest {
  @TempDir Path dir;

  @Test
  void theLowestRankMergesFirstWhereverItIs() {
    // "abc": (b, c) has rank 0, (a, b) rank 1, so bc forms and ab never does; a left-to-right
    // greedy would reach abc (258).
    assertEncodes(List.of(m("b", "c"), m("a", "b"), m("ab", "c")), model -> {}, "abc", 97, 256);
  }

  @Test
  void theLeftmostOfEqualPairsMergesFirst() {
    assertEncodes(List.of(m("a", "a")), model -> {}, "aaa", 256, 97);
  }

  @Test
  void longPiecesMergeInTheSameOrder() {
    // 30 bytes, past the rescanning limit: all 15 (a, a) merges first, then (aa, aa) from the left,
    // which leaves the last aa (256) alone after seven aaaa (257).
    String piece = "a".repeat(30);
    assertThat(piece.length()).isGreaterThan(ByteLevelBpe.SCAN_MAX_BYTES);
    int[] sevenAaaaThenAa =
        IntStream.concat(IntStream.generate(() -> 257).limit(7), IntStream.of(256)).toArray();
    assertEncodes(List.of(m("a", "a"), m("aa", "aa")), model -> {}, piece, sevenAaaaThenAa);
    // Ten times "abc": (b, c) ranks before (a, b) inside each one, so each is a (97), bc (256).
    int[] tenTimesABc = IntStream.range(0, 20).map(k -> k % 2 == 0 ? 97 : 256).toArray();
    assertEncodes(
        List.of(m("b", "c"), m("a", "b"), m("ab", "c")),
        model -> {},
        "abc".repeat(10),
        tenTimesABc);
  }

  @Test
  void aMergeListedTwiceKeepsItsLastRank() {
    // (b, c) at ranks 0 and 2, (a, b) at 1: with the last rank ab merges first, leaving c alone.
    assertEncodes(List.of(m("b", "c"), m("a", "b"), m("b", "c")), model -> {}, "abc", 257, 99);
  }

  @Test
  void ignoreMergesTakesAPretokenTheVocabularyHoldsWhole() {
    // abc is in the vocabulary (258) but no merge makes it.
    List<Merge> merges = List.of(m("b", "c"), m("a", "b"));
    Consumer<ObjectNode> withAbc = model -> ((ObjectNode) model.get("vocab")).put("abc", 258);
    assertEncodes(merges, withAbc, "abc", 97, 256);
    assertEncodes(merges, withAbc.andThen(model -> model.put("ignore_merges", true)), "abc", 258);
  }

  @Test
  void aByteTheVocabularyLacksIsLeftToTheNativeLibrary() {
    ObjectNode root = TokenizerJsonWriter.toJson(List.of(m("a", "b")));
    ((ObjectNode) root.get("model").get("vocab")).remove("d");
    ByteLevelBpe bpe = ByteLevelBpe.of(TokenizerJson.of(root, "no-d")).orElseThrow();
    assertThat(bpe.encode("abd")).isNull();
    assertThat(bpe.encode("ab")).containsExactly(256);
  }

  @Test
  void optionsItDoesNotModelGiveNoInstance() {
    ObjectNode root = TokenizerJsonWriter.toJson(List.of(m("a", "b")));
    ((ObjectNode) root.get("model")).put("continuing_subword_prefix", "##");
    assertThat(ByteLevelBpe.of(TokenizerJson.of(root, "prefix"))).isEmpty();
  }

  private void assertEncodes(
      List<Merge> merges, Consumer<ObjectNode> edit, String pretoken, int... expected) {
    ObjectNode root = TokenizerJsonWriter.toJson(merges);
    edit.accept((ObjectNode) root.get("model"));
    ByteLevelBpe bpe = ByteLevelBpe.of(TokenizerJson.of(root, "hand")).orElseThrow();
    assertThat(bpe.encode(pretoken)).containsExactly(expected);
    Path file = dir.resolve("tokenizer-" + Integer.toHexString(root.hashCode()) + ".json");
    try {
      Files.writeString(file, root.toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(HfTokenizer.load(file).encodePretokenized(List.of(pretoken))[0])
        .as("the Rust library on the same file")
        .containsExactly(expected);
  }

  private static Merge m(String left, String right) {
    return new Merge(left, right);
  }
}
