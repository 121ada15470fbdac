package dev.lingualens.jobs.tokens;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Where the executor side of token-stats spends its time, summed over tasks: pulling documents
 * (Parquet read and row decoding), encoding the texts, the word pass for fertility, and building
 * the output rows and histograms. What a task spends outside these (writing token_stats_docs,
 * Spark's own per-task work) is its run time in Spark's task metrics minus their sum. Read once per
 * batch, so the clock costs nothing next to a batch's encode. Retried task attempts count twice:
 * these are for benchmarks, not for the tables.
 */
final class PhaseTimers implements Serializable {
  enum Phase {
    READ("read_documents_ms"),
    ENCODE("encode_texts_ms"),
    WORDS("word_pass_ms"),
    ROWS("count_rows_ms");

    final String counter;

    Phase(String counter) {
      this.counter = counter;
    }
  }

  private final LongAccumulator[] nanos = new LongAccumulator[Phase.values().length];

  /** Unnamed accumulators: Spark renders named ones for the UI on every task end. */
  static PhaseTimers register(SparkContext sc) {
    PhaseTimers t = new PhaseTimers();
    for (int i = 0; i < t.nanos.length; i++) {
      t.nanos[i] = new LongAccumulator();
      sc.register(t.nanos[i]);
    }
    return t;
  }

  /** No accumulators: for executor functions built outside a job (tests). */
  static PhaseTimers none() {
    return new PhaseTimers();
  }

  void add(Phase phase, long nanos) {
    LongAccumulator a = this.nanos[phase.ordinal()];
    if (a != null) {
      a.add(nanos);
    }
  }

  /** Milliseconds per phase, as run counters; valid after the action that computed the rows. */
  Map<String, Long> millis() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Phase p : Phase.values()) {
      LongAccumulator a = nanos[p.ordinal()];
      out.put(p.counter, a == null ? 0L : a.value() / 1_000_000L);
    }
    return out;
  }
}
