package dev.lingualens.jobs.lape;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fixed unit of work of a {@code neurons} run: language {@code lang}'s windows {@code [from,
 * to)}. Shards are numbered in language order, then window order, so the same documents and
 * settings always give the same plan; the first run stores it and re-runs of the run id must match.
 */
record ShardPlan(List<Shard> shards) implements Serializable {
  record Shard(int id, String lang, int from, int to) implements Serializable {
    String line() {
      return id + "\t" + lang + "\t" + from + "\t" + to;
    }
  }

  /** Cuts every language's windows {@code 0..n-1} into shards of at most {@code shardWindows}. */
  static ShardPlan of(Map<String, Long> windowsPerLang, int shardWindows) {
    if (shardWindows < 1) {
      throw new IllegalArgumentException(
          "neurons.shard-windows must be at least 1, got " + shardWindows);
    }
    List<Shard> shards = new ArrayList<>();
    for (Map.Entry<String, Long> e : new TreeMap<>(windowsPerLang).entrySet()) {
      for (long from = 0; from < e.getValue(); from += shardWindows) {
        shards.add(
            new Shard(
                shards.size(),
                e.getKey(),
                (int) from,
                (int) Math.min(e.getValue(), from + shardWindows)));
      }
    }
    return new ShardPlan(List.copyOf(shards));
  }

  static ShardPlan parse(List<String> lines) {
    List<Shard> shards = new ArrayList<>();
    for (String l : lines) {
      String[] f = l.split("\t");
      shards.add(
          new Shard(Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3])));
    }
    return new ShardPlan(List.copyOf(shards));
  }

  List<String> lines() {
    return shards.stream().map(Shard::line).toList();
  }

  /**
   * The shard holding window {@code window} of {@code lang}: a binary search over the ordered plan.
   */
  int shardOf(String lang, int window) {
    int lo = 0;
    int hi = shards.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Shard s = shards.get(mid);
      int c = s.lang().compareTo(lang);
      if (c == 0) {
        c = window < s.from() ? 1 : window >= s.to() ? -1 : 0;
      }
      if (c == 0) {
        return s.id();
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    throw new IllegalStateException(
        "window " + window + " of '" + lang + "' is in no shard of the plan");
  }

  int size() {
    return shards.size();
  }
}
