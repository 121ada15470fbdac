package dev.lingualens.common.mixture;

import java.util.List;
import java.util.regex.Pattern;

/**
 * HF's {@code ByteLevel} pre-tokenizer: optional prefix space, optional GPT-2 regex split, then
 * every piece's UTF-8 bytes spelled in the GPT-2 byte alphabet.
 */
public final class ByteLevelStep implements PreTokenizerStep {
  /**
   * GPT-2's pre-tokenisation regex (contractions, letter runs, digit runs, punctuation runs,
   * whitespace).
   */
  public static final String GPT2_REGEX =
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

  private final boolean addPrefixSpace;
  private final SplitStep regex;
  private final boolean mapBytes;

  public ByteLevelStep(boolean addPrefixSpace, boolean useRegex) {
    this(addPrefixSpace, useRegex, true);
  }

  private ByteLevelStep(boolean addPrefixSpace, boolean useRegex, boolean mapBytes) {
    this.addPrefixSpace = addPrefixSpace;
    Pattern p = SplitStep.compileOniguruma(GPT2_REGEX, "GPT-2 regex");
    this.regex = useRegex ? new SplitStep(p, SplitStep.Behavior.ISOLATED, false) : null;
    this.mapBytes = mapBytes;
  }

  /** The same split with the pieces left as text (not spelled in the byte alphabet). */
  ByteLevelStep unmapped() {
    return new ByteLevelStep(addPrefixSpace, regex != null, false);
  }

  @Override
  public void split(String piece, boolean firstPiece, List<String> out) {
    String text = addPrefixSpace && !piece.startsWith(" ") ? " " + piece : piece;
    int from = out.size();
    if (regex == null) {
      out.add(text);
    } else {
      regex.split(text, firstPiece, out);
    }
    if (mapBytes) {
      for (int i = from; i < out.size(); i++) {
        out.set(i, ByteAlphabet.encode(out.get(i)));
      }
    }
  }
}
