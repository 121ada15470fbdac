package dev.lingualens.common.mixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** methods.md 3.10 B–D: the LP and its lazy loop on examples small enough to solve by hand. */
class LazyMixtureSolverTest {
  private static final Merge AB = new Merge("a", "b");
  private static final Merge CD = new Merge("c", "d");
  private static final Merge EF = new Merge("e", "f");

  /** A = {ab×5, cd×1, ef×4}, B = {ab×1, cd×5, ef×4}, merges (a,b), (c,d). */
  private static MixtureProblem exampleB() {
    List<Merge> merges = List.of(AB, CD);
    PairCountHistory a =
        MergeReplay.replay("A", Map.of("ab", 5L, "cd", 1L, "ef", 4L), 1000, merges, 0, 2);
    PairCountHistory b =
        MergeReplay.replay("B", Map.of("ab", 1L, "cd", 5L, "ef", 4L), 1000, merges, 0, 2);
    return new MixtureProblem(List.of(a, b), merges);
  }

  @Test
  void uniqueOptimumNeedsTheSharedPairSlack() {
    // Unslacked rows need α_A ≥ 0.75 (t=1) and α_A ≤ 0.25 (t=2); one v_ef = 0.1 at α = (0.5, 0.5)
    // covers
    // both (v_1 + v_2 would cost 0.2).
    MixtureSolution s = LazyMixtureSolver.solve(exampleB(), LazyMixtureSolver.Options.defaults());
    assertThat(s.converged()).isTrue();
    assertThat(s.alpha()[0]).isCloseTo(0.5, within(1e-7));
    assertThat(s.alpha()[1]).isCloseTo(0.5, within(1e-7));
    assertThat(s.objective()).isCloseTo(0.1, within(1e-7));
    assertThat(s.pairSlacks().get(EF)).isCloseTo(0.1, within(1e-7));
    assertThat(s.pairSlacks().getOrDefault(CD, 0.0)).isCloseTo(0.0, within(1e-9));
    assertThat(s.stepSlacks().values()).allSatisfy(v -> assertThat(v).isCloseTo(0.0, within(1e-9)));
  }

  @Test
  void lazyLoopDiscoversExactlyTheViolatedRows() {
    // Epoch 1 at α = (0.5, 0.5), v = 0: prio(ef) = 0.4 > cutoff 0.3 at t=1 and t=2; prio(cd) = 0.3
    // ≤ 0.3 + ε.
    // Epoch 2 at the optimum: prio(ef) = 0.4 − 0.1 = 0.3, nothing violated.
    MixtureSolution s = LazyMixtureSolver.solve(exampleB(), LazyMixtureSolver.Options.defaults());
    assertThat(s.constraints())
        .containsExactlyInAnyOrder(
            new MixtureSolution.Constraint(1, EF, 1), new MixtureSolution.Constraint(2, EF, 1));
    assertThat(s.trace()).hasSize(1);
    assertThat(s.trace().get(0).newConstraints()).isEqualTo(2);
    assertThat(s.trace().get(0).objective()).isCloseTo(0.1, within(1e-7));
  }

  @Test
  void byteSharesWeighPairMassByBytesPerPair() {
    // β ∝ α·B/D: 0.5·1000/800 = 0.625 and 0.5·1000/500 = 1 → (0.625, 1)/1.625.
    double[] beta =
        ByteShares.fromPairShares(
            new double[] {0.5, 0.5}, new long[] {1000, 1000}, new long[] {800, 500});
    assertThat(beta[0]).isCloseTo(0.3846, within(1e-4));
    assertThat(beta[1]).isCloseTo(0.6154, within(1e-4));
  }

  @Test
  void feasibleRegionHasObjectiveZero() {
    // A = {ab×6, bc×2}, B = {bc×6, ab×2}, merges (a,b), (b,c): the only row is α_A ≥ 0.5; any such
    // α costs 0.
    List<Merge> merges = List.of(AB, new Merge("b", "c"));
    PairCountHistory a = MergeReplay.replay("A", Map.of("ab", 6L, "bc", 2L), 100, merges, 0, 2);
    PairCountHistory b = MergeReplay.replay("B", Map.of("bc", 6L, "ab", 2L), 100, merges, 0, 2);
    MixtureSolution s =
        LazyMixtureSolver.solve(
            new MixtureProblem(List.of(a, b), merges), LazyMixtureSolver.Options.defaults());
    assertThat(s.converged()).isTrue();
    assertThat(s.objective()).isCloseTo(0.0, within(1e-9));
    assertThat(s.alpha()[0]).isGreaterThanOrEqualTo(0.5 - 1e-9);
    assertThat(s.alpha()[0] + s.alpha()[1]).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void mergesNeverSeenInAnySampleAreCountedAsMissing() {
    List<Merge> merges = List.of(AB, new Merge("x", "y"), CD);
    PairCountHistory a = MergeReplay.replay("A", Map.of("ab", 5L, "cd", 1L), 10, merges, 0, 3);
    PairCountHistory b = MergeReplay.replay("B", Map.of("ab", 1L, "cd", 5L), 10, merges, 0, 3);
    MixtureSolution s =
        LazyMixtureSolver.solve(
            new MixtureProblem(List.of(a, b), merges), LazyMixtureSolver.Options.defaults());
    assertThat(s.missingMerges()).isEqualTo(1);
  }

  @Test
  void aScanLetsInEachPairsMostViolatedRowsThenTheWorstOverall() {
    double[] c = {0};
    List<LazyMixtureSolver.Pending> found =
        List.of(
            new LazyMixtureSolver.Pending(1, 7, 0.5, c),
            new LazyMixtureSolver.Pending(2, 7, 0.9, c),
            new LazyMixtureSolver.Pending(3, 7, 0.7, c),
            new LazyMixtureSolver.Pending(3, 8, 0.1, c),
            new LazyMixtureSolver.Pending(4, 9, 0.6, c));
    assertThat(LazyMixtureSolver.select(found, 2, 0))
        .extracting(LazyMixtureSolver.Pending::step, LazyMixtureSolver.Pending::pair)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, 7),
            org.assertj.core.groups.Tuple.tuple(3, 7),
            org.assertj.core.groups.Tuple.tuple(4, 9),
            org.assertj.core.groups.Tuple.tuple(3, 8));
    assertThat(LazyMixtureSolver.select(found, 1, 2))
        .extracting(LazyMixtureSolver.Pending::step)
        .containsExactly(2, 4);
    assertThat(LazyMixtureSolver.select(found, 0, 0)).hasSize(5);
  }
}
