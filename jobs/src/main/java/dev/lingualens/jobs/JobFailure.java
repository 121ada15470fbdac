package dev.lingualens.jobs;

import dev.lingualens.common.config.ConfigException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkException;

/**
 * A failed run, said in one line. Errors raised inside Spark tasks reach the driver as a {@link
 * SparkException} ("Job aborted due to stage failure: ... most recent failure: ...") that repeats
 * the real error with its executor stack; the user needs the real error, which names the bad value.
 * The original stays attached as the cause for whoever wants the trace.
 */
public final class JobFailure extends RuntimeException {
  private JobFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * What the CLI should throw for {@code e}: a config error or bad value raised in a task comes
   * back as the same kind ({@link ConfigException} or {@link IllegalArgumentException}, so the CLI
   * says it in one line and exits 2), anything else as a JobFailure naming the job, the run and the
   * first line of the real error. An exception that is already readable (not wrapped by Spark) is
   * returned as it is.
   */
  public static RuntimeException readable(String job, String runId, Throwable e) {
    Throwable root = unwrap(e);
    if (root == e && e instanceof RuntimeException re) {
      return re;
    }
    String message = firstLine(root);
    if (root instanceof ConfigException) {
      return new ConfigException(message, e);
    }
    if (root instanceof IllegalArgumentException) {
      return new IllegalArgumentException(message, e);
    }
    return new JobFailure(job + " run " + runId + " failed: " + oneLine(root), e);
  }

  /**
   * The error's first line; for a task failure Spark could not hand over as an exception (one that
   * does not deserialize on the driver), the part of Spark's message after "most recent failure:
   * Lost task ...: ".
   */
  static String oneLine(Throwable root) {
    String line = root.toString().lines().findFirst().orElse(root.getClass().getName());
    if (root instanceof SparkException) {
      int at = line.indexOf("most recent failure: ");
      int colon = at < 0 ? -1 : line.indexOf("): ", at);
      if (colon > 0) {
        return line.substring(colon + 3);
      }
    }
    return line;
  }

  /** The error behind Spark's and Java's wrappers: the first cause that is not a wrapper. */
  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (isWrapper(t) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean isWrapper(Throwable t) {
    return t instanceof SparkException
        || t instanceof ExecutionException
        || t instanceof CompletionException
        || t instanceof InvocationTargetException
        || t instanceof UndeclaredThrowableException
        || (t.getClass() == RuntimeException.class
            && t.getCause() != null
            && t.getMessage() != null
            && t.getMessage().equals(t.getCause().toString()));
  }

  /** The first line of an error's message (the error's class when it has none). */
  static String firstLine(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    return m.lines().findFirst().orElse(m);
  }
}
