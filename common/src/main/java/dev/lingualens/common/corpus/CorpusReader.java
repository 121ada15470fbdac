package dev.lingualens.common.corpus;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one input file of a corpus format into a sink. Readers never throw on bad records: they
 * quarantine them.
 */
public interface CorpusReader {
  void read(Path file, String corpus, RecordSink sink) throws IOException;
}
