package dev.lingualens.jobs.tokens;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * Which vocabulary ids each (tokenizer, corpus, lang, script) group used, as one bit set per group.
 * Union is idempotent, so a retried or recomputed task cannot inflate the count (unlike a sum
 * accumulator), and no per-token rows ever need to be shuffled.
 */
public final class VocabularyUsage extends AccumulatorV2<Map<String, BitSet>, Map<String, BitSet>> {
  private final Map<String, BitSet> used = new HashMap<>();

  @Override
  public boolean isZero() {
    return used.isEmpty();
  }

  @Override
  public AccumulatorV2<Map<String, BitSet>, Map<String, BitSet>> copy() {
    VocabularyUsage c = new VocabularyUsage();
    c.merge(this);
    return c;
  }

  @Override
  public void reset() {
    used.clear();
  }

  @Override
  public void add(Map<String, BitSet> v) {
    v.forEach((k, bits) -> used.computeIfAbsent(k, x -> new BitSet()).or(bits));
  }

  @Override
  public void merge(AccumulatorV2<Map<String, BitSet>, Map<String, BitSet>> other) {
    add(other.value());
  }

  @Override
  public Map<String, BitSet> value() {
    return used;
  }

  public static String key(String tokenizer, String corpus, String lang, String script) {
    return tokenizer + "\u0000" + corpus + "\u0000" + lang + "\u0000" + script;
  }
}
