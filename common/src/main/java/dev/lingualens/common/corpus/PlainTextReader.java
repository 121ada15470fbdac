package dev.lingualens.common.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Plain text whose file name carries the language: {@code news.es.txt}, {@code pt-BR.txt}. One
 * document per line; blank lines (ASCII spaces and tabs only) are separators, not records. A line
 * of other white space (U+3000, NBSP) is a record, quarantined as empty_text.
 */
public final class PlainTextReader implements CorpusReader {
  private final int maxLineBytes;

  public PlainTextReader(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  /** The language label in a file name: the last dot-separated part before the extension. */
  static String languageOf(String fileName) {
    String stem = fileName.replaceFirst("\\.[^.]+$", "");
    int dot = stem.lastIndexOf('.');
    return dot >= 0 ? stem.substring(dot + 1) : stem;
  }

  @Override
  public void read(Path file, String corpus, RecordSink sink) throws IOException {
    String source = file.toString();
    String name = file.getFileName().toString();
    String lang = languageOf(name);
    try (InputStream in = Files.newInputStream(file);
        LineReader lines = new LineReader(in, maxLineBytes)) {
      LineReader.Line line;
      while ((line = lines.next()) != null) {
        String location = "line " + line.number();
        if (line.problem() != null) {
          sink.quarantine(
              Quarantined.of(
                  corpus, source, location, line.problem(), line.detail(), line.snippet()));
        } else if (!LineReader.blank(line.text(), false)) {
          sink.record(
              new RawRecord(
                  corpus,
                  source,
                  location,
                  name + ":" + line.number(),
                  null,
                  lang,
                  line.text(),
                  null));
        }
      }
    }
  }
}
