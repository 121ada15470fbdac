package dev.lingualens.jobs.shards;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.Partitioner;

/**
 * Puts pending shard {@code shards.get(i)} into partition {@code i}, so one task computes (and
 * publishes) exactly one shard, and an empty shard is still a task that publishes its empty file.
 */
public final class ShardPartitioner extends Partitioner {
  private final Map<Integer, Integer> index = new HashMap<>();

  public ShardPartitioner(List<Integer> shards) {
    for (int i = 0; i < shards.size(); i++) {
      index.put(shards.get(i), i);
    }
  }

  @Override
  public int numPartitions() {
    return index.size();
  }

  @Override
  public int getPartition(Object key) {
    return index.get((Integer) key);
  }
}
