package dev.lingualens.jobs;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.schema.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's tables are published together. While the job runs they are only staged ({@code
 * <output.dir>/_staging/<run id>/<table>}, each with a {@value #MARKER} file naming the job and
 * run); when its body has succeeded, a commit file {@code _staging/<run id>/<job>.commit} listing
 * them is written by an atomic rename (the commit point), then each table is renamed into place and
 * the commit file removed.
 *
 * <p>A crash before the commit point leaves every table as it was (all of one earlier run). A crash
 * after it leaves a commit file: the next run of the same job, whatever its run id, first finishes
 * those renames (roll forward), so the committed run's tables end up together. Until then a reader
 * can tell: {@link #mixedRuns} compares the markers of the tables one job wrote, the report says
 * so, and a job refuses inputs of one job from different runs.
 */
public final class Publication {
  private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

  /** In every published table's folder; Spark's readers skip files starting with '_'. */
  static final String MARKER = "_lingualens_run";

  /** Test hook: called with each table's name right after it is renamed into place. */
  static volatile Consumer<String> afterTable = t -> {};

  private Publication() {}

  static Path staged(Path out, String runId, String table) {
    return out.resolve("_staging").resolve(runId).resolve(table);
  }

  /** Writes the marker into a staged table folder. */
  static void mark(Path stagedTable, String job, String runId) {
    write(stagedTable.resolve(MARKER), List.of("job=" + job, "run_id=" + runId));
  }

  /** Publishes the staged {@code tables} of one job's run as a unit (see the class comment). */
  static void publish(Path out, String job, String runId, List<String> tables) {
    if (tables.isEmpty()) {
      return;
    }
    Path commit = out.resolve("_staging").resolve(runId).resolve(job + ".commit");
    write(commit, tables);
    finish(out, runId, commit);
  }

  /** Drops what a failed run staged (nothing of it was committed). */
  static void discard(Path out, String runId, List<String> tables) {
    try {
      for (String t : tables) {
        StagedTables.deleteTree(staged(out, runId, t));
      }
      StagedTables.deleteIfEmpty(out.resolve("_staging").resolve(runId));
      StagedTables.deleteIfEmpty(out.resolve("_staging"));
    } catch (IOException e) {
      LOG.warn("could not remove the staged tables of failed run {}: {}", runId, e.toString());
    }
  }

  /**
   * Finishes every publication of {@code job} that a crash interrupted after its commit point;
   * returns how many tables it renamed into place.
   */
  static int rollForward(Path out, String job) {
    Path staging = out.resolve("_staging");
    if (!Files.isDirectory(staging)) {
      return 0;
    }
    int moved = 0;
    try (Stream<Path> runs = Files.list(staging)) {
      for (Path run : runs.filter(Files::isDirectory).sorted().toList()) {
        Path commit = run.resolve(job + ".commit");
        if (Files.isRegularFile(commit)) {
          LOG.warn(
              "{} run {} was interrupted while publishing its tables: finishing it now",
              job,
              run.getFileName());
          moved += finish(out, run.getFileName().toString(), commit);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + staging, e);
    }
    return moved;
  }

  private static int finish(Path out, String runId, Path commit) {
    int moved = 0;
    try {
      for (String t : Files.readAllLines(commit)) {
        Path staged = staged(out, runId, t);
        if (Files.isDirectory(staged)) {
          StagedTables.publish(staged, out.resolve(t));
          moved++;
          afterTable.accept(t);
        }
      }
      Files.delete(commit);
      StagedTables.deleteIfEmpty(commit.getParent());
      StagedTables.deleteIfEmpty(commit.getParent().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish publishing " + commit, e);
    }
    return moved;
  }

  /** The job and run id a published table's marker names, if it has one. */
  static Optional<Map.Entry<String, String>> runOf(Path table) {
    Path marker = table.resolve(MARKER);
    if (!Files.isRegularFile(marker)) {
      return Optional.empty();
    }
    try {
      Map<String, String> kv = new TreeMap<>();
      for (String l : Files.readAllLines(marker)) {
        int eq = l.indexOf('=');
        if (eq > 0) {
          kv.put(l.substring(0, eq), l.substring(eq + 1));
        }
      }
      return kv.containsKey("job") && kv.containsKey("run_id")
          ? Optional.of(Map.entry(kv.get("job"), kv.get("run_id")))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * One line per job whose tables among {@code tables} (those present) come from different runs,
   * e.g. {@code token-stats: token_stats_docs from run b, token_stats from run a}.
   */
  public static List<String> mixedRuns(Path out, List<Tables.Table> tables) {
    return mixedRunsOf(out, tables.stream().map(Tables.Table::name).toList());
  }

  /** {@link #mixedRuns(Path, List)} over every table under {@code out}. */
  public static List<String> mixedRuns(Path out) {
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(out)) {
      return mixedRunsOf(
          out,
          all.filter(p -> Files.isRegularFile(p.resolve(MARKER)))
              .map(p -> p.getFileName().toString())
              .sorted()
              .toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + out, e);
    }
  }

  private static List<String> mixedRunsOf(Path out, List<String> tables) {
    Map<String, Map<String, String>> byJob = new TreeMap<>();
    for (String t : tables) {
      runOf(out.resolve(t))
          .ifPresent(
              jr ->
                  byJob
                      .computeIfAbsent(jr.getKey(), k -> new java.util.LinkedHashMap<>())
                      .put(t, jr.getValue()));
    }
    List<String> lines = new ArrayList<>();
    byJob.forEach(
        (job, runs) -> {
          if (runs.values().stream().distinct().count() > 1) {
            List<String> parts = new ArrayList<>();
            runs.forEach((table, run) -> parts.add(table + " from run " + run));
            lines.add(job + ": " + String.join(", ", parts));
          }
        });
    return lines;
  }

  /** Refuses to read tables of one job that come from different runs. */
  static void requireOneRunPerJob(Path out, List<Tables.Table> inputs) {
    List<String> mixed = mixedRuns(out, inputs);
    if (!mixed.isEmpty()) {
      throw new ConfigException(
          "input tables of one job come from different runs ("
              + String.join("; ", mixed)
              + "): a run was interrupted while publishing; re-run that job");
    }
  }

  private static void write(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + UUID.randomUUID());
      Files.write(tmp, lines);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
