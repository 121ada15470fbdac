package dev.lingualens.jobs.mixture;

import dev.lingualens.common.mixture.Merge;
import dev.lingualens.common.mixture.PairCountHistory;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.TableRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Executor side of merge-counts: one category's word-frequency table (already reduced across
 * executors) → the replay's rows. Pair rows carry kind "pair"; one "meta" row per category carries
 * the normalisers.
 */
final class ReplayCategory implements FlatMapGroupsFunction<String, Row, Row>, InputSchema.Reader {
  static final InputSchema INPUT = InputSchema.of("ReplayCategory", "word string, count bigint");
  static final StructType OUTPUT =
      StructType.fromDDL(
          "kind string, category string, step int, left string, "
              + "right string, count bigint, pairs bigint, words bigint, distinct_words bigint, applied int, empty int");

  private final Broadcast<AttackTargetSource> target;
  private final Broadcast<Map<String, Long>> bytes;

  ReplayCategory(Broadcast<AttackTargetSource> target, Broadcast<Map<String, Long>> bytes) {
    this.target = target;
    this.bytes = bytes;
  }

  @Override
  public InputSchema inputSchema() {
    return INPUT;
  }

  @Override
  public Iterator<Row> call(String category, Iterator<Row> wordCounts) {
    Map<String, Long> words = new HashMap<>();
    while (wordCounts.hasNext()) {
      Row r = wordCounts.next();
      words.put(r.getAs("word"), r.<Long>getAs("count"));
    }
    PairCountHistory h =
        target.value().get().replay(category, words, bytes.value().getOrDefault(category, 0L));
    List<Row> out = new ArrayList<>();
    add(out, category, 0, h.initial());
    for (int t = 0; t < h.diffs().size(); t++) {
      add(out, category, t + 1, h.diffs().get(t));
    }
    out.add(
        TableRow.of(OUTPUT)
            .set("kind", "meta")
            .set("category", category)
            .set("step", null)
            .set("left", null)
            .set("right", null)
            .set("count", null)
            .set("pairs", h.totalPairs())
            .set("words", h.words())
            .set("distinct_words", (long) words.size())
            .set("applied", h.appliedMerges())
            .set("empty", h.emptySteps())
            .build());
    return out.iterator();
  }

  private static void add(List<Row> out, String category, int step, Map<Merge, Long> counts) {
    counts.forEach(
        (pair, count) ->
            out.add(
                TableRow.of(OUTPUT)
                    .set("kind", "pair")
                    .set("category", category)
                    .set("step", step)
                    .set("left", pair.left())
                    .set("right", pair.right())
                    .set("count", count)
                    .set("pairs", null)
                    .set("words", null)
                    .set("distinct_words", null)
                    .set("applied", null)
                    .set("empty", null)
                    .build()));
  }
}
