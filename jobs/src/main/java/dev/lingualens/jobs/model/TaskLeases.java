package dev.lingualens.jobs.model;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;

/**
 * Leases a streaming task holds until its output is consumed: returned when the partition's
 * iterator ends, and in any case when the task completes (also on failure or when a downstream
 * limit stops reading early).
 */
public final class TaskLeases implements AutoCloseable {
  private final List<AutoCloseable> leases = new ArrayList<>();
  private boolean closed;

  /**
   * Leases of the current task; registers their return at task completion when run inside a Spark
   * task.
   */
  public static TaskLeases forCurrentTask() {
    TaskLeases leases = new TaskLeases();
    TaskContext tc = TaskContext.get();
    if (tc != null) {
      tc.addTaskCompletionListener(
          (org.apache.spark.util.TaskCompletionListener) ctx -> leases.close());
    }
    return leases;
  }

  public synchronized <T extends AutoCloseable> T add(T lease) {
    leases.add(lease);
    return lease;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    for (int i = leases.size() - 1; i >= 0; i--) {
      try {
        leases.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("returning task resources failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
