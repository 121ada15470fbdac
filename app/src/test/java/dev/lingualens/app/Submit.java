package dev.lingualens.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code scripts/submit} as users do, with its output in a log file next to the test's work.
 */
final class Submit {
  private Submit() {}

  static Process start(Path root, Path dist, Path log, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(root.resolve("scripts/submit").toString());
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("LINGUALENS_SPARK_DIST", dist.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("LINGUALENS_DRIVER_MEMORY", "1500m");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("SPARK_HOME"); // the assembled dist, not whatever the caller has
    return pb.start();
  }

  /** Runs to the end; fails with the log's tail when the exit code is not 0. */
  static void run(Path root, Path dist, Path log, List<String> args) throws Exception {
    Process p = start(root, dist, log, args);
    awaitSuccess(p, log);
  }

  static void awaitSuccess(Process p, Path log) throws Exception {
    try {
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        throw new AssertionError("scripts/submit ran over 20 minutes; log " + log);
      }
    } finally {
      p.destroyForcibly();
    }
    if (p.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log);
      throw new AssertionError(
          "scripts/submit exited "
              + p.exitValue()
              + "; last lines of "
              + log
              + ":\n"
              + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }
  }

  /**
   * The repository root (the folder holding sample-data/), from the module folder Maven runs in.
   */
  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("sample-data"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "cannot find the repository root (a folder holding sample-data/)");
    }
    return p;
  }

  /** scripts/spark-dist.sh: assembles (once) and prints the Spark distribution folder. */
  static Path dist(Path root) throws Exception {
    Process p =
        new ProcessBuilder(root.resolve("scripts/spark-dist.sh").toString())
            .directory(root.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (p.waitFor() != 0) {
      throw new AssertionError("scripts/spark-dist.sh failed (exit " + p.exitValue() + ")");
    }
    return Path.of(out);
  }
}
