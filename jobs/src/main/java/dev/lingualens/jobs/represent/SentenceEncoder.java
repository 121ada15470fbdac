package dev.lingualens.jobs.represent;

import java.util.List;

/**
 * Token ids (special tokens included) → one vector per sequence and requested layer:
 * [seq][layer][D]. {@link #close()} returns the encoder's lease on the executor's shared model or
 * session.
 */
interface SentenceEncoder extends AutoCloseable {
  float[][][] encode(List<long[]> sequences);

  @Override
  void close();
}
