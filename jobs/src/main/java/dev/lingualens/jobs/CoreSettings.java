package dev.lingualens.jobs;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.common.schema.Tables;
import java.io.Serializable;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The keys every job shares: where tables go, the run id, and where shipped and fetched data live.
 */
public record CoreSettings(String outputDir, String runId, String cacheDir, String sampleDataDir)
    implements Serializable {
  public static final Key<String> OUTPUT_DIR =
      Key.required(
              "output.dir",
              "out/lingualens",
              "a folder",
              "where tables and the report are written, one folder per table")
          .where(
              CoreSettings::usableOutputDir,
              "a folder path (not a file, not under /proc, /sys or /dev)");
  public static final Key<String> RUN_ID =
      Key.text(
              "run.id",
              "",
              "run id stamped on every row and in runs; empty = generated from the job name, the start time and a random suffix")
          .where(
              id -> id.isEmpty() || id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}"),
              "empty, or up to 128 letters, digits, '.', '_', '-', starting with a letter or digit"
                  + " (it names folders: no '/', no '..')");
  public static final Key<String> CACHE_DIR =
      Key.text(
          "cache.dir",
          "${home}/.cache/lingualens",
          "fetched data (scripts/fetch-data.sh writes here); ${home} is the install folder");
  public static final Key<String> SAMPLE_DATA_DIR =
      Key.text("sample-data.dir", "${home}/sample-data", "the shipped sample data");
  public static final Key<String> RESOURCE_BYTES =
      Key.text(
              "executor.resource-bytes",
              "",
              "budget of an executor JVM for models (sized from their safetensors headers), tokenizers, ONNX sessions and"
                  + " caches kept between tasks, k/m/g/t suffixes allowed; idle ones are closed least recently used first."
                  + " Read by the executors' plugin from the Spark conf spark.lingualens.executor.resource-bytes; empty ="
                  + " the JVM property lingualens.executor.resource-bytes, else 8g")
          .where(
              v -> v.isBlank() || bytes(v) > 0,
              "empty, or a positive byte count with an optional k, m, g or t");
  public static final List<Key<?>> KEYS =
      List.of(OUTPUT_DIR, RUN_ID, CACHE_DIR, SAMPLE_DATA_DIR, RESOURCE_BYTES);

  private static final List<Path> SYSTEM_FOLDERS =
      List.of(Paths.get("/proc"), Paths.get("/sys"), Paths.get("/dev"));

  /**
   * Whether tables can go under {@code dir}: it is a folder or does not exist yet, and neither it
   * nor the nearest folder above it that exists lies (after symlinks) in a kernel file system.
   */
  static boolean usableOutputDir(String dir) {
    Path p;
    try {
      p = Paths.get(dir).toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
    if (java.nio.file.Files.exists(p) && !java.nio.file.Files.isDirectory(p)) {
      return false;
    }
    Path existing = p;
    while (existing != null && !java.nio.file.Files.exists(existing)) {
      existing = existing.getParent();
    }
    Path real = p;
    if (existing != null) {
      try {
        real = existing.toRealPath().resolve(existing.relativize(p));
      } catch (java.io.IOException e) {
        return false;
      }
    }
    for (Path sys : SYSTEM_FOLDERS) {
      if (p.startsWith(sys) || real.startsWith(sys)) {
        return false;
      }
    }
    return true;
  }

  public static CoreSettings from(LinguaConfig c) {
    return new CoreSettings(
        c.get(OUTPUT_DIR), c.get(RUN_ID), c.get(CACHE_DIR), c.get(SAMPLE_DATA_DIR));
  }

  public Path output() {
    return Paths.get(outputDir);
  }

  public Path cache() {
    return Paths.get(cacheDir);
  }

  public Path sampleData() {
    return Paths.get(sampleDataDir);
  }

  /** The executor resource budget given by executor.resource-bytes, if any. */
  public static java.util.OptionalLong resourceBytes(LinguaConfig c) {
    String v = c.get(RESOURCE_BYTES);
    return v.isBlank() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(bytes(v));
  }

  private static long bytes(String v) {
    try {
      return ExecutorResources.parseBytes(v, RESOURCE_BYTES.name());
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  public String tablePath(Tables.Table table) {
    return output().resolve(table.name()).toString();
  }

  /** A table path given by a key, or the table under output.dir when the key is blank. */
  public String tablePath(String given, Tables.Table table) {
    return given.isBlank() ? tablePath(table) : given;
  }
}
