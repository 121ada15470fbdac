package dev.lingualens.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Moves a fully written table folder into place with directory renames: readers see the old table
 * or the new one, never a half-written one (an interrupted write leaves only the staging folder,
 * which the next attempt overwrites). Renames need the staging folder on the table's file system,
 * hence {@code <output.dir>/_staging}. A job's tables are published together by {@link
 * Publication}.
 */
final class StagedTables {
  private StagedTables() {}

  static void publish(Path staged, Path table) {
    try {
      Files.createDirectories(table.getParent());
      Path old = staged.resolveSibling(staged.getFileName() + ".replaced");
      deleteTree(old);
      if (Files.exists(table)) {
        Files.move(table, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staged, table, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(old);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + staged + " into place at " + table, e);
    }
  }

  static void deleteIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException stillInUse) {
      // another table of the run is being staged there
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> all = Files.walk(p)) {
      for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
