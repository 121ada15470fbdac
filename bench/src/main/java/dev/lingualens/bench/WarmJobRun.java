package dev.lingualens.bench;

import dev.lingualens.jobs.Cli;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark helper for {@code scripts/bench/token-stats.sh}, (a'): runs lingualens command lines
 * one after the other in one JVM ({@code WarmJobRun <command line> --then <command line> ...}), so
 * that the last one runs with the JIT-compiled code, loaded classes and native libraries of the
 * ones before, as an executor does after its first minutes on a cluster. Every run gets a Spark
 * session of its own. What the JVM keeps beyond that is keyed by path (tokenizers and their word
 * and pretoken caches), so a warm-up run on a copy of the tokenizer leaves the measured run's
 * caches empty.
 */
public final class WarmJobRun {
  private WarmJobRun() {}

  public static void main(String[] argv) {
    List<List<String>> commands = new ArrayList<>();
    commands.add(new ArrayList<>());
    for (String a : argv) {
      if (a.equals("--then")) {
        commands.add(new ArrayList<>());
      } else {
        commands.get(commands.size() - 1).add(a);
      }
    }
    for (List<String> command : commands) {
      if (command.isEmpty()) {
        System.err.println("WarmJobRun: empty command line in " + Arrays.toString(argv));
        System.exit(2);
      }
      long t0 = System.nanoTime();
      int code = Cli.run(command.toArray(new String[0]));
      System.err.printf(
          "[warm-job] %s finished with %d in %.1f s%n",
          command.get(0), code, (System.nanoTime() - t0) / 1e9);
      if (code != 0) {
        System.exit(code);
      }
    }
    System.exit(0);
  }
}
