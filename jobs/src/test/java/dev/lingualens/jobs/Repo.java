package dev.lingualens.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The repository root, found from the module folder Maven runs tests in. */
public final class Repo {
  private Repo() {}

  public static Path root() {
    Path p = Paths.get("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("sample-data"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "cannot find the repository root (a folder holding sample-data/)");
    }
    return p;
  }
}
