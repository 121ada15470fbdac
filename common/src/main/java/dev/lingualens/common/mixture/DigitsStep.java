package dev.lingualens.common.mixture;

import java.util.List;
import java.util.regex.Pattern;

/**
 * HF's {@code Digits} pre-tokenizer: numeric characters separated from the rest, either one by one
 * or as runs (the paper's controlled tokenizers: runs, so digits may still merge with digits).
 */
public final class DigitsStep implements PreTokenizerStep {
  private final SplitStep split;

  public DigitsStep(boolean individualDigits) {
    split =
        individualDigits
            ? new SplitStep(Pattern.compile("\\p{N}"), SplitStep.Behavior.ISOLATED, false)
            : new SplitStep(Pattern.compile("\\p{N}+"), SplitStep.Behavior.ISOLATED, false);
  }

  @Override
  public void split(String piece, boolean firstPiece, List<String> out) {
    split.split(piece, firstPiece, out);
  }
}
