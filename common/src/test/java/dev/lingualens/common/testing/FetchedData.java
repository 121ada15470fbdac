package dev.lingualens.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * The one policy for tests that need data from {@code scripts/fetch-data.sh}: absent data skips the
 * test with a reason naming what is missing, unless {@code LINGUALENS_REQUIRE_FETCHED=1}, where it
 * fails (CI fetches the data first, so a skip there would hide a broken fetch).
 */
public final class FetchedData {
  /** Environment variable that turns a skip into a failure when set to {@code 1}. */
  public static final String REQUIRE_ENV = "LINGUALENS_REQUIRE_FETCHED";

  private FetchedData() {}

  /**
   * The cache folder: {@code LINGUALENS_CACHE}, else {@code <repo>/.cache/lingualens} (as
   * fetch-data.sh).
   */
  public static Path cacheDir() {
    String env = System.getenv("LINGUALENS_CACHE");
    return env == null || env.isBlank() ? repoRoot().resolve(".cache/lingualens") : Paths.get(env);
  }

  /** {@code relative} inside the cache folder (whether or not it exists). */
  public static Path path(String relative) {
    return cacheDir().resolve(relative);
  }

  /**
   * Returns normally when every path exists under the cache folder; otherwise skips the running
   * test ({@link TestAbortedException}) or, under {@code LINGUALENS_REQUIRE_FETCHED=1}, fails it.
   */
  public static void require(String... relative) {
    decide(cacheDir(), List.of(relative), System.getenv(REQUIRE_ENV));
  }

  /**
   * The decision itself, with the cache folder and the variable's value passed in (tested
   * directly).
   */
  static void decide(Path cache, List<String> relative, String requireFetched) {
    List<Path> missing = new ArrayList<>();
    for (String r : relative) {
      Path p = cache.resolve(r);
      if (!Files.exists(p)) {
        missing.add(p);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String msg = "fetched data absent: " + missing + ": run scripts/fetch-data.sh";
    if ("1".equals(requireFetched)) {
      throw new AssertionError(msg + " (" + REQUIRE_ENV + "=1, so this fails instead of skipping)");
    }
    throw new TestAbortedException(msg + "; skipping (set " + REQUIRE_ENV + "=1 to fail instead)");
  }

  /**
   * The repository root, found from the working directory (Maven runs tests in the module folder).
   */
  static Path repoRoot() {
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("sample-data")) && Files.isDirectory(p.resolve("common"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "repository root (folder with sample-data/ and common/) not found above "
            + Paths.get("").toAbsolutePath());
  }
}
