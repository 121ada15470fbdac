package dev.lingualens.jobs;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.Tables;
import java.io.Serializable;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The keys every job shares: where tables go, the run id, and where shipped and fetched data live. */
public record CoreSettings(String outputDir, String runId, String cacheDir, String sampleDataDir) implements Serializable {
  public static final Key<String> OUTPUT_DIR = Key.required("output.dir", "out/lingualens", "a folder",
      "where tables and the report are written, one folder per table");
  public static final Key<String> RUN_ID = Key.text("run.id", "",
      "run id stamped on every row and in runs; empty = generated from the job name and the start time");
  public static final Key<String> CACHE_DIR = Key.text("cache.dir", "${home}/.cache/lingualens",
      "fetched data (scripts/fetch-data.sh writes here); ${home} is the install folder");
  public static final Key<String> SAMPLE_DATA_DIR = Key.text("sample-data.dir", "${home}/sample-data",
      "the shipped sample data");
  public static final List<Key<?>> KEYS = List.of(OUTPUT_DIR, RUN_ID, CACHE_DIR, SAMPLE_DATA_DIR);

  public static CoreSettings from(LinguaConfig c) {
    return new CoreSettings(c.get(OUTPUT_DIR), c.get(RUN_ID), c.get(CACHE_DIR), c.get(SAMPLE_DATA_DIR));
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

  public String tablePath(Tables.Table table) {
    return output().resolve(table.name()).toString();
  }

  /** A table path given by a key, or the table under output.dir when the key is blank. */
  public String tablePath(String given, Tables.Table table) {
    return given.isBlank() ? tablePath(table) : given;
  }
}
