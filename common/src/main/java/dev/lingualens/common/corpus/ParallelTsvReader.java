package dev.lingualens.common.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parallel text as TSV: the header names each column's language ({@code eng<TAB>fra<TAB>deu}); each
 * later row is one aligned unit, giving one record per column with {@code align_id = <file>:<row>}.
 * A row with the wrong number of columns is quarantined whole: its cells cannot be trusted to
 * align. A row of tabs only is a row (its empty cells are quarantined as empty_text). A header that
 * cannot name the columns (unreadable, an empty label, a label twice) is quarantined, and so is
 * every row after it, whole.
 */
public final class ParallelTsvReader implements CorpusReader {
  private final int maxLineBytes;

  public ParallelTsvReader(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Why a header row cannot name the columns, or null when it can: every cell a distinct, non-blank
   * label.
   */
  static String headerProblem(String header) {
    if (header == null) {
      return "header row is not readable text";
    }
    String[] cells = header.split("\t", -1);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int c = 0; c < cells.length; c++) {
      String label = cells[c].trim();
      if (label.isEmpty()) {
        return "header row has an empty language label in column " + (c + 1);
      }
      if (!seen.add(label.toLowerCase(java.util.Locale.ROOT))) {
        return "header row names '" + label + "' twice (its rows would get the same ids)";
      }
    }
    return null;
  }

  @Override
  public void read(Path file, String corpus, RecordSink sink) throws IOException {
    String source = file.toString();
    String stem = file.getFileName().toString().replaceFirst("\\.tsv$", "");
    try (InputStream in = Files.newInputStream(file);
        LineReader lines = new LineReader(in, maxLineBytes)) {
      LineReader.Line header = lines.next();
      if (header == null) {
        sink.quarantine(
            Quarantined.of(
                corpus,
                source,
                "line 1",
                QuarantineReason.BAD_TSV_ROW,
                "empty file: no header row naming the language of each column",
                null));
        return;
      }
      String headerProblem =
          header.problem() != null
              ? "header row: " + header.detail()
              : headerProblem(header.text());
      String[] langs = null;
      if (headerProblem != null) {
        sink.quarantine(
            Quarantined.of(
                corpus,
                source,
                "line 1",
                header.problem() != null ? header.problem() : QuarantineReason.BAD_TSV_ROW,
                headerProblem,
                header.text() != null ? header.text() : header.snippet()));
      } else {
        langs = header.text().split("\t", -1);
      }
      LineReader.Line line;
      while ((line = lines.next()) != null) {
        String location = "line " + line.number();
        if (line.problem() != null) {
          sink.quarantine(
              Quarantined.of(
                  corpus, source, location, line.problem(), line.detail(), line.snippet()));
          continue;
        }
        if (LineReader.blank(line.text(), true)) {
          continue;
        }
        if (langs == null) {
          sink.quarantine(
              Quarantined.of(
                  corpus,
                  source,
                  location,
                  QuarantineReason.BAD_TSV_ROW,
                  "no usable header, so no column has a language (" + headerProblem + ")",
                  line.text()));
          continue;
        }
        String[] cells = line.text().split("\t", -1);
        if (cells.length != langs.length) {
          sink.quarantine(
              Quarantined.of(
                  corpus,
                  source,
                  location,
                  QuarantineReason.BAD_TSV_ROW,
                  cells.length + " columns, header has " + langs.length,
                  line.text()));
          continue;
        }
        String alignId = stem + ":" + (line.number() - 1);
        for (int c = 0; c < cells.length; c++) {
          sink.record(
              new RawRecord(
                  corpus,
                  source,
                  location + " col " + langs[c],
                  alignId + ":" + langs[c].trim(),
                  alignId,
                  langs[c].trim(),
                  cells[c],
                  null));
        }
      }
    }
  }
}
