package dev.lingualens.common.mixture;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One category's pair counts along a merge list (methods.md 3.2 step 6): {@code initial} is the
 * full count map before the first attacked merge, {@code diffs.get(t-1)} the new absolute counts of
 * the pairs that merge t changed (so the state merge t+1 sees is initial + diffs 1..t). There are
 * T−1 diffs for T attacked merges: the last merge's diff is never needed. Empty diffs keep steps
 * aligned.
 *
 * @param bytes UTF-8 bytes of the sample (B_i, for the byte-share conversion)
 * @param totalPairs adjacent pairs before any merge (D_i, the LP's normaliser)
 * @param words word occurrences in the sample
 * @param appliedMerges attacked merges that changed the counts
 * @param emptySteps attacked merges whose pair was unknown or had count 0 here
 */
public record PairCountHistory(
    String category,
    Map<Merge, Long> initial,
    List<Map<Merge, Long>> diffs,
    long bytes,
    long totalPairs,
    long words,
    int appliedMerges,
    int emptySteps)
    implements Serializable {}
