package dev.lingualens.common.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parallel text as TSV: the header names each column's language ({@code eng<TAB>fra<TAB>deu}); each
 * later row is one aligned unit, giving one record per column with {@code align_id = <file>:<row>}.
 * A row with the wrong number of columns is quarantined whole: its cells cannot be trusted to align.
 */
public final class ParallelTsvReader implements CorpusReader {
  private final int maxLineBytes;

  public ParallelTsvReader(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public void read(Path file, String corpus, RecordSink sink) throws IOException {
    String source = file.toString();
    String stem = file.getFileName().toString().replaceFirst("\\.tsv$", "");
    try (InputStream in = Files.newInputStream(file); LineReader lines = new LineReader(in, maxLineBytes)) {
      LineReader.Line header = lines.next();
      if (header == null || header.text() == null || header.text().isBlank()) {
        sink.quarantine(Quarantined.of(corpus, source, "line 1", QuarantineReason.BAD_TSV_ROW,
            "missing or unreadable header row naming the language of each column", null));
        return;
      }
      String[] langs = header.text().split("\t", -1);
      LineReader.Line line;
      while ((line = lines.next()) != null) {
        String location = "line " + line.number();
        if (line.problem() != null) {
          sink.quarantine(Quarantined.of(corpus, source, location, line.problem(), line.detail(), line.snippet()));
          continue;
        }
        if (line.text().isBlank()) {
          continue;
        }
        String[] cells = line.text().split("\t", -1);
        if (cells.length != langs.length) {
          sink.quarantine(Quarantined.of(corpus, source, location, QuarantineReason.BAD_TSV_ROW,
              cells.length + " columns, header has " + langs.length, line.text()));
          continue;
        }
        String alignId = stem + ":" + (line.number() - 1);
        for (int c = 0; c < cells.length; c++) {
          sink.record(new RawRecord(corpus, source, location + " col " + langs[c], alignId + ":" + langs[c].trim(),
              alignId, langs[c].trim(), cells[c], null));
        }
      }
    }
  }
}
