package dev.lingualens.jobs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;

/**
 * The output of a {@code mapPartitions} function that works on its input a chunk at a time (one
 * batched call per chunk) and ends with one summary row of the partition's counts: counters taken
 * from task output count a retried task once. Holds one chunk's output at a time.
 */
public final class ChunkedRows implements Iterator<Row> {
  /** Turns one chunk of input rows into output rows. */
  @FunctionalInterface
  public interface Work {
    void process(List<Row> chunk, ArrayDeque<Row> out);
  }

  private final Iterator<Row> input;
  private final int chunkSize;
  private final Work work;
  private final Supplier<Row> summary;
  private final ArrayDeque<Row> ready = new ArrayDeque<>();
  private boolean summarized;

  /**
   * @param summary called once, after the last chunk: release the task's resources there, then
   *     return the summary row
   */
  public ChunkedRows(Iterator<Row> input, int chunkSize, Work work, Supplier<Row> summary) {
    this.input = input;
    this.chunkSize = chunkSize;
    this.work = work;
    this.summary = summary;
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && input.hasNext()) {
      List<Row> chunk = new ArrayList<>(chunkSize);
      while (input.hasNext() && chunk.size() < chunkSize) {
        chunk.add(input.next());
      }
      work.process(chunk, ready);
    }
    if (ready.isEmpty() && !summarized) {
      summarized = true;
      ready.add(summary.get());
    }
    return !ready.isEmpty();
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }
}
