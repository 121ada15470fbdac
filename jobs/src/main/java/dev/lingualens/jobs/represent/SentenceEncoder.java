package dev.lingualens.jobs.represent;

import java.util.List;

/** Token ids (special tokens included) → one vector per sequence and requested layer: [seq][layer][D]. */
interface SentenceEncoder {
  float[][][] encode(List<long[]> sequences);
}
