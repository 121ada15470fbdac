package dev.lingualens.common.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The input formats ingest reads, each with the files it picks up from a folder. */
public enum CorpusFormat {
  UDHR(".html"),
  JSONL(".jsonl"),
  TSV(".tsv"),
  TEXT(".txt"),
  PARQUET(".parquet");

  private final String extension;

  CorpusFormat(String extension) {
    this.extension = extension;
  }

  public static CorpusFormat parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown input format '" + name + "'; expected one of udhr, jsonl, tsv, text, parquet");
    }
  }

  public CorpusReader reader(int maxLineBytes) {
    return switch (this) {
      case UDHR -> new UdhrReader();
      case JSONL -> new JsonlReader(maxLineBytes);
      case TSV -> new ParallelTsvReader(maxLineBytes);
      case TEXT -> new PlainTextReader(maxLineBytes);
      case PARQUET ->
          throw new UnsupportedOperationException(
              "Parquet inputs are read by Spark, not by a file reader");
    };
  }

  /**
   * The input files: the path itself, or the matching files of a folder (sorted, so runs are
   * reproducible).
   */
  public List<Path> files(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException("input path does not exist: " + path.toAbsolutePath());
    }
    if (!Files.isDirectory(path)) {
      return List.of(
          path); // a named pipe or device too: the reader skips it with a quarantine reason
    }
    try (Stream<Path> s = Files.list(path)) {
      return s.filter(p -> p.getFileName().toString().endsWith(extension)).sorted().toList();
    }
  }
}
