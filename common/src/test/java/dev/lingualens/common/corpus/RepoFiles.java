package dev.lingualens.common.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Files of the repository (sample-data, the fetch cache), found from the working directory: Maven
 * runs the tests in {@code common/}, an IDE may run them in the repository root.
 */
public final class RepoFiles {
  private RepoFiles() {}

  public static Path root() {
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("sample-data")) && Files.isDirectory(p.resolve("common"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "repository root (folder with sample-data/ and common/) not found above "
            + Paths.get("").toAbsolutePath());
  }

  public static Path sampleData(String first, String... more) {
    return root().resolve("sample-data").resolve(Paths.get(first, more));
  }
}
