package dev.lingualens.common.mixture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * methods.md 3.10 A: pair counting and the diff of one merge, overlaps included (numbers worked by
 * hand).
 */
class MergeReplayTest {
  private static final Merge AA = new Merge("a", "a");

  @Test
  void overlappingRunIsMergedLeftToRightAndTheDiffHoldsNewAbsoluteCounts() {
    // aaab ×2: pairs (a,a) at 0-1 and 1-2, (a,b) at 2-3 → (a,a)=4, (a,b)=2, D=6.
    // Merge (a,a) → "aa a b": the second (a,a) is consumed, (aa,a) appears once per word.
    PairCountHistory h =
        MergeReplay.replay("x", Map.of("aaab", 2L), 8, List.of(AA, new Merge("aa", "a")), 0, 2);
    assertThat(h.initial()).isEqualTo(Map.of(AA, 4L, new Merge("a", "b"), 2L));
    assertThat(h.totalPairs()).isEqualTo(6);
    assertThat(h.diffs()).containsExactly(Map.of(AA, 0L, new Merge("aa", "a"), 2L));
  }

  @Test
  void pairCreatedAndDestroyedInOneStepDoesNotAppearWithANonZeroValue() {
    // aaaa ×1: (a,a)=3 → "aa aa": (aa,aa)=1, (a,a)=0; (aa,a) is +1 then −1 within the step.
    PairCountHistory h =
        MergeReplay.replay("x", Map.of("aaaa", 1L), 4, List.of(AA, new Merge("aa", "aa")), 0, 2);
    assertThat(h.initial()).isEqualTo(Map.of(AA, 3L));
    Map<Merge, Long> diff = h.diffs().get(0);
    assertThat(diff).containsEntry(AA, 0L).containsEntry(new Merge("aa", "aa"), 1L);
    assertThat(diff.getOrDefault(new Merge("aa", "a"), 0L)).isZero();
  }

  @Test
  void unknownSymbolsAndZeroCountPairsGiveEmptyDiffsThatKeepStepsAligned() {
    // ab ×3: merge (x,y) has unknown symbols, (b,a) has count 0, (a,b) applies, then one more step.
    List<Merge> merges =
        List.of(
            new Merge("x", "y"), new Merge("b", "a"), new Merge("a", "b"), new Merge("ab", "c"));
    PairCountHistory h = MergeReplay.replay("x", Map.of("ab", 3L), 2, merges, 0, 4);
    assertThat(h.diffs()).hasSize(3);
    assertThat(h.diffs().get(0)).isEmpty();
    assertThat(h.diffs().get(1)).isEmpty();
    assertThat(h.diffs().get(2)).isEqualTo(Map.of(new Merge("a", "b"), 0L));
    assertThat(h.emptySteps()).isEqualTo(3); // (x,y), (b,a) and the last (ab,c): no 'c' anywhere
    assertThat(h.appliedMerges()).isEqualTo(1);
  }

  @Test
  void neighboursOfEveryReplacementAreUpdatedWithTheWordFrequency() {
    // "xaby" ×5, merge (a,b): (x,a) −5 → 0, (x,ab) +5, (b,y) −5 → 0, (ab,y) +5.
    PairCountHistory h =
        MergeReplay.replay(
            "x", Map.of("xaby", 5L), 4, List.of(new Merge("a", "b"), new Merge("x", "ab")), 0, 2);
    assertThat(h.diffs().get(0))
        .isEqualTo(
            Map.of(
                new Merge("a", "b"),
                0L,
                new Merge("x", "a"),
                0L,
                new Merge("x", "ab"),
                5L,
                new Merge("b", "y"),
                0L,
                new Merge("ab", "y"),
                5L));
  }

  @Test
  void offsetAppliesTheFirstMergesBeforeRecording() {
    // "abc" ×2; offset 1 applies (a,b) silently: step-0 state is (ab,c)=2; D still counts the raw
    // pairs (2 per word).
    PairCountHistory h =
        MergeReplay.replay(
            "x", Map.of("abc", 2L), 3, List.of(new Merge("a", "b"), new Merge("ab", "c")), 1, 5);
    assertThat(h.initial()).isEqualTo(Map.of(new Merge("ab", "c"), 2L));
    assertThat(h.totalPairs()).isEqualTo(4);
    assertThat(h.diffs()).isEmpty(); // T = 1 attacked merge → no diff needed
  }

  @Test
  void countsAre64Bit() {
    long big = 3_000_000_000L; // > 2^31
    PairCountHistory h =
        MergeReplay.replay(
            "x", Map.of("abab", big), 4, List.of(new Merge("a", "b"), new Merge("ab", "ab")), 0, 2);
    assertThat(h.initial()).containsEntry(new Merge("a", "b"), 2 * big);
    assertThat(h.diffs().get(0)).containsEntry(new Merge("ab", "ab"), big);
  }
}
