package dev.lingualens.common.mixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The independent check that laziness, full scans, row dropping and warm re-solves of the dual form
 * lose nothing: on a small real instance (a BPE trained by our trainer on three UDHR languages,
 * attacked with the other halves), the lazy solver under several settings and a cold GLOP solve of
 * LP1_T written out in full (every step, every pair with a count at that step; the rows of pairs
 * absent from every sample hold trivially) reach the same objective and α. The full LP is built
 * here from the replayed count histories alone, not from {@link MixtureProblem} or {@link
 * MixtureLp}.
 */
class FullLpAgreementTest {
  /**
   * Tiny, so that the lazy loop's tolerance cannot move the optimum by more than the bound below.
   */
  private static final double EPS = 1e-10;

  private static final int MERGES = 40;

  private static List<PairCountHistory> histories;
  private static List<Merge> merges;
  private static double fullObjective;
  private static double[] fullAlpha;

  @BeforeAll
  static void solveTheFullLp() {
    List<CategorySample> samples = ControlledMixtureTest.halves("eng", "fra", "deu_1996");
    WordCounter training = new WordCounter(PreTokenization.gpt2WithDigitRuns());
    double[] weights = {0.5, 0.3, 0.2};
    for (int i = 0; i < samples.size(); i++) {
      MixtureSampler.addBytes(
          samples.get(i).trainTexts(), Math.round(weights[i] * 30_000), training);
    }
    merges = BpeTrainer.train(training.counts(), MERGES, 1);
    histories = new ArrayList<>();
    for (CategorySample c : samples) {
      WordCounter w = new WordCounter(PreTokenization.gpt2WithDigitRuns());
      c.estimateTexts().forEach(w::add);
      histories.add(MergeReplay.replay(c.name(), w.counts(), w.bytes(), merges, 0, merges.size()));
    }
    MixtureLp.loadNatives();
    MPSolver solver = MPSolver.createSolver("GLOP");
    int n = histories.size();
    MPVariable[] alpha = new MPVariable[n];
    MPConstraint simplex = solver.makeConstraint(1, 1, "");
    for (int i = 0; i < n; i++) {
      alpha[i] = solver.makeNumVar(0, 1, "");
      simplex.setCoefficient(alpha[i], 1);
    }
    MPObjective objective = solver.objective();
    objective.setMinimization();
    Map<Merge, MPVariable> pairSlack = new HashMap<>();
    List<Map<Merge, Long>> counts = new ArrayList<>();
    for (PairCountHistory h : histories) {
      counts.add(new HashMap<>(h.initial()));
    }
    int rows = 0;
    for (int t = 1; t <= merges.size(); t++) {
      if (t > 1) {
        for (int i = 0; i < n; i++) {
          counts.get(i).putAll(histories.get(i).diffs().get(t - 2));
        }
      }
      Merge m = merges.get(t - 1);
      Set<Merge> present = new LinkedHashSet<>();
      for (Map<Merge, Long> c : counts) {
        c.forEach(
            (p, k) -> {
              if (k > 0) {
                present.add(p);
              }
            });
      }
      if (!present.contains(m)) {
        continue; // a missing merge: its rows are met by v_t alone, which the optimum leaves at 0
      }
      MPVariable vt = solver.makeNumVar(0, MPSolver.infinity(), "");
      objective.setCoefficient(vt, 1);
      for (Merge p : present) {
        if (p.equals(m)) {
          continue;
        }
        MPConstraint row = solver.makeConstraint(0, MPSolver.infinity(), "");
        for (int i = 0; i < n; i++) {
          double d = histories.get(i).totalPairs();
          row.setCoefficient(
              alpha[i],
              (counts.get(i).getOrDefault(m, 0L) - counts.get(i).getOrDefault(p, 0L)) / d);
        }
        row.setCoefficient(vt, 1);
        row.setCoefficient(
            pairSlack.computeIfAbsent(
                p,
                k -> {
                  MPVariable v = solver.makeNumVar(0, MPSolver.infinity(), "");
                  objective.setCoefficient(v, 1);
                  return v;
                }),
            1);
        rows++;
      }
    }
    assertThat(solver.solve()).isEqualTo(MPSolver.ResultStatus.OPTIMAL);
    assertThat(rows).as("the full LP's rows").isGreaterThan(10_000);
    fullObjective = objective.value();
    fullAlpha = new double[n];
    for (int i = 0; i < n; i++) {
      fullAlpha[i] = alpha[i].solutionValue();
    }
    solver.delete();
    assertThat(fullObjective).as("an instance whose optimum needs slack").isGreaterThan(1e-4);
  }

  private static MixtureSolution lazy(LazyMixtureSolver.Options o) {
    return LazyMixtureSolver.solve(new MixtureProblem(histories, merges), o);
  }

  private static void assertSameOptimum(MixtureSolution s) {
    assertThat(s.converged()).isTrue();
    assertThat(s.objective()).isCloseTo(fullObjective, within(1e-7));
    for (int i = 0; i < fullAlpha.length; i++) {
      assertThat(s.alpha()[i]).as("α_" + i).isCloseTo(fullAlpha[i], within(1e-7));
    }
    assertThat(s.lowerBound()).isLessThanOrEqualTo(s.upperBound());
  }

  @Test
  void defaultSettingsMatchTheFullLp() {
    assertSameOptimum(lazy(LazyMixtureSolver.Options.defaults().withEpsilon(EPS)));
  }

  @ParameterizedTest(name = "warm (dual form) = {0}")
  @ValueSource(booleans = {false, true})
  void oneRowPerPairAndScanMatchesTheFullLp(boolean warm) {
    MixtureSolution s =
        lazy(new LazyMixtureSolver.Options(EPS, 10, Integer.MAX_VALUE, 10_000, 2, 0, warm, 0, 1));
    assertSameOptimum(s);
    assertThat(mostRowsOfOnePairInTheFirstScan(s)).as("per pair in the first scan").isEqualTo(1);
    assertThat(
            mostRowsOfOnePairInTheFirstScan(
                lazy(
                    new LazyMixtureSolver.Options(
                        EPS, 10, Integer.MAX_VALUE, 10_000, 2, 0, warm, 0, 0))))
        .as("per pair in the first scan when every violated row enters")
        .isGreaterThan(1);
  }

  private static long mostRowsOfOnePairInTheFirstScan(MixtureSolution s) {
    Map<Merge, Long> perPair = new HashMap<>();
    s.constraints().stream()
        .filter(c -> c.epoch() == 1)
        .forEach(c -> perPair.merge(c.pair(), 1L, Long::sum));
    return perPair.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  @Test
  void aggressiveDroppingWithWarmResolvesMatchesTheFullLp() {
    MixtureSolution s =
        lazy(new LazyMixtureSolver.Options(EPS, 3, Integer.MAX_VALUE, 10_000, 1, 0, true, 0, 0));
    assertSameOptimum(s);
    assertThat(s.trace().stream().mapToInt(SolverEpoch::droppedConstraints).sum())
        .as("rows dropped")
        .isPositive();
    assertThat(s.trace().stream().mapToInt(SolverEpoch::revivedConstraints).sum())
        .as("dropped rows found violated again (each comes back as a new column)")
        .isPositive();
  }

  @Test
  void thePapersProcedureMatchesTheFullLp() {
    assertSameOptimum(lazy(LazyMixtureSolver.Options.paper().withEpsilon(EPS)));
  }

  @Test
  void addingOnlyTheWorstRowsOfEachScanMatchesTheFullLp() {
    assertSameOptimum(
        lazy(
            new LazyMixtureSolver.Options(EPS, 10, Integer.MAX_VALUE, 10_000, 2, 0, false, 50, 0)));
  }

  @ParameterizedTest(name = "warm (dual form) = {0}")
  @ValueSource(booleans = {false, true})
  void stoppingEarlyBracketsTheOptimum(boolean warm) {
    // One epoch, then the cap: the relaxation's objective is a lower bound, the scan's repaired
    // point an upper one.
    MixtureSolution s =
        lazy(new LazyMixtureSolver.Options(EPS, 1, Integer.MAX_VALUE, 1, 0, 0, warm, 0, 0));
    assertThat(s.converged()).isFalse();
    assertThat(s.trace()).hasSize(1);
    assertThat(s.lowerBound()).isLessThanOrEqualTo(fullObjective + 1e-9);
    assertThat(s.upperBound()).isGreaterThanOrEqualTo(fullObjective - 1e-9);
    assertThat(s.lowerBound()).isLessThan(s.upperBound());
    assertThat(s.upperBound()).isFinite();
  }
}
