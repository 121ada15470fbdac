package dev.lingualens.jobs.tokens;

import dev.lingualens.common.metrics.IdCounts;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * How often each vocabulary id occurred per (tokenizer, corpus, lang, script) group: the unigram
 * distributions behind {@code distinct_ids} and the entropy columns. Each task adds its partition's
 * counts once, tagged with the partition index, and a partition already merged is skipped: a
 * retried, speculative or recomputed task sees the same documents and would add the same counts
 * twice (Spark applies accumulator updates from transformations once per successful task attempt,
 * not once per partition). No per-token rows are ever shuffled.
 */
public final class TokenHistograms
    extends AccumulatorV2<TokenHistograms.Partition, Map<String, IdCounts>> {
  /** One partition's counts per group key ({@link #key}). */
  public record Partition(int index, Map<String, IdCounts> counts) {}

  private final Map<String, IdCounts> sums = new HashMap<>();
  private final BitSet merged = new BitSet();

  @Override
  public boolean isZero() {
    return merged.isEmpty();
  }

  @Override
  public AccumulatorV2<Partition, Map<String, IdCounts>> copy() {
    TokenHistograms c = new TokenHistograms();
    c.sums.putAll(sums);
    c.merged.or(merged);
    return c;
  }

  @Override
  public void reset() {
    sums.clear();
    merged.clear();
  }

  @Override
  public void add(Partition p) {
    if (merged.get(p.index())) {
      return;
    }
    merged.set(p.index());
    p.counts().forEach((k, c) -> sums.merge(k, c, IdCounts::plus));
  }

  @Override
  public void merge(AccumulatorV2<Partition, Map<String, IdCounts>> other) {
    TokenHistograms o = (TokenHistograms) other;
    BitSet fresh = (BitSet) o.merged.clone();
    fresh.andNot(merged);
    if (fresh.isEmpty()) {
      return;
    }
    if (!fresh.equals(o.merged)) {
      // A task's copy holds exactly one partition, so this cannot come from Spark's own merging.
      throw new IllegalStateException(
          "cannot merge token histograms of partitions " + o.merged + " into " + merged);
    }
    merged.or(fresh);
    o.sums.forEach((k, c) -> sums.merge(k, c, IdCounts::plus));
  }

  @Override
  public Map<String, IdCounts> value() {
    return sums;
  }

  public static String key(String tokenizer, String corpus, String lang, String script) {
    return tokenizer + "\u0000" + corpus + "\u0000" + lang + "\u0000" + script;
  }
}
