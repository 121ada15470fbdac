package dev.lingualens.common.mixture;

import java.io.Serializable;
import java.util.List;

/** One pre-tokenizer of a tokenizer.json: splits one piece of text into smaller pieces. */
public interface PreTokenizerStep extends Serializable {
  void split(String piece, boolean firstPiece, List<String> out);
}
