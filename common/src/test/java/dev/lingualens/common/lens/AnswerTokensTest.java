package dev.lingualens.common.lens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.text.HfTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prefix rule and the answer encoding on hand-made tokenizers (ids in HandMadeTokenizers). */
class AnswerTokensTest {
  @TempDir Path dir;

  @Test
  void byteLevelPrefixSetHoldsBareAndSpacedPrefixesButNotTheBareSpace() throws Exception {
    AnswerTokens tokens = AnswerTokens.load(HandMadeTokenizers.byteLevel(dir));

    // "flower": f [1], fl [8], flow [12]; " flower": Ġf [9], Ġfl [10]; Ġ [7] alone never counts,
    // and "ow" [11] is inside the word, not a prefix
    assertThat(tokens.prefixSet("flower")).containsExactly(1, 8, 9, 10, 12);
  }

  @Test
  void byteLevelPrefixSetCountsTokensHoldingTheFirstBytesOfAHanCharacter() throws Exception {
    AnswerTokens tokens = AnswerTokens.load(HandMadeTokenizers.byteLevel(dir));

    // 花 = E8 8A B1: è = E8 [13], èĬ = E8 8A [16], Ġè = 20 E8 [17]; Ĭ [14] and ± [15] are not
    // at the start
    assertThat(tokens.prefixSet("花")).containsExactly(13, 16, 17);
    // encoded after a newline: è Ĭ merge to [16], ± [15] stays alone
    assertThat(tokens.tokens("花")).containsExactly(16, 15);
    assertThat(tokens.firstToken("花")).isEqualTo(16);
  }

  @Test
  void byteLevelTokensAreTheMergedWordAfterTheAnchor() throws Exception {
    AnswerTokens tokens = AnswerTokens.load(HandMadeTokenizers.byteLevel(dir));

    // f l → fl, o w → ow, fl ow → flow; e and r have no merge: [flow, e, r]
    assertThat(tokens.tokens(List.of("flower", "fl"))).isDeepEqualTo(new int[][] {{12, 5, 6}, {8}});
  }

  @Test
  void specialTokensHaveNoSurface() throws Exception {
    AnswerTokens tokens = AnswerTokens.load(HandMadeTokenizers.byteLevel(dir));

    assertThat(tokens.vocabulary().size()).isEqualTo(19);
    assertThat(tokens.vocabulary().bytes(18)).isNull();
  }

  @Test
  void sentencePiecePrefixSetCountsByteFallbackTokensAsTheirByte() throws Exception {
    AnswerTokens tokens = AnswerTokens.load(HandMadeTokenizers.sentencePiece(dir));

    // "fleur": <0x66> [3] and f [8] both spell "f", fl [13]; " fleur": ▁f [14], ▁fl [15];
    // never ▁ [7]
    assertThat(tokens.prefixSet("fleur")).containsExactly(3, 8, 13, 14, 15);
    // 犬 = E7 8A AC: only <0xE7> [4] starts it; <0x8A> [5] and <0xAC> [6] do not
    assertThat(tokens.prefixSet("犬")).containsExactly(4);
  }

  @Test
  void sentencePieceTokensLeaveTheDummyPrefixSpaceOut() throws Exception {
    Path file = HandMadeTokenizers.sentencePiece(dir);
    AnswerTokens tokens = AnswerTokens.load(file);

    // the word alone gets the dummy prefix: ▁fleur → ▁ [7] fl [13] e [10] ur [16] (f l merges
    // before ▁ f can, so ▁ stays bare)
    assertThat(HfTokenizer.load(file).encode(List.of("fleur"))[0]).containsExactly(7, 13, 10, 16);
    // after the prompt's quote the word has no space: "\nfleur" = ▁ <0x0A> fl e ur, minus the
    // anchor's ▁ <0x0A>
    assertThat(tokens.tokens("fleur")).containsExactly(13, 10, 16);
    assertThat(tokens.firstToken("fleur")).isEqualTo(13);
    // 犬 falls back to its three bytes
    assertThat(tokens.tokens("犬")).containsExactly(4, 5, 6);
  }

  @Test
  void aWordNoTokenStartsHasAnEmptyPrefixSet() throws Exception {
    AnswerTokens tokens = AnswerTokens.load(HandMadeTokenizers.byteLevel(dir));

    assertThat(tokens.prefixSet("xyz")).isEmpty();
  }

  @Test
  void emptyWordIsAnError() throws Exception {
    AnswerTokens tokens = AnswerTokens.load(HandMadeTokenizers.byteLevel(dir));

    assertThatThrownBy(() -> tokens.prefixSet("")).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> tokens.tokens("")).hasMessageContaining("must not be empty");
  }

  @Test
  void disjointComparesSortedSets() {
    assertThat(AnswerTokens.disjoint(new int[] {1, 5, 9}, new int[] {2, 6, 10})).isTrue();
    assertThat(AnswerTokens.disjoint(new int[] {1, 5, 9}, new int[] {0, 9})).isFalse();
    assertThat(AnswerTokens.disjoint(new int[] {}, new int[] {1})).isTrue();
  }
}
