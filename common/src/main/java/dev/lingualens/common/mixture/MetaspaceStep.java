package dev.lingualens.common.mixture;

import java.util.List;
import java.util.regex.Pattern;

/**
 * HF's {@code Metaspace} pre-tokenizer: spaces become {@code ▁}, a prefix {@code ▁}, split before
 * each {@code ▁}.
 */
public final class MetaspaceStep implements PreTokenizerStep {
  public enum Prepend {
    ALWAYS,
    FIRST,
    NEVER
  }

  private final String replacement;
  private final Prepend prepend;
  private final SplitStep split;

  public MetaspaceStep(String replacement, Prepend prepend, boolean split) {
    this.replacement = replacement;
    this.prepend = prepend;
    this.split =
        split
            ? new SplitStep(
                Pattern.compile(Pattern.quote(replacement)),
                SplitStep.Behavior.MERGED_WITH_NEXT,
                false)
            : null;
  }

  @Override
  public void split(String piece, boolean firstPiece, List<String> out) {
    String text = piece.replace(" ", replacement);
    boolean addPrefix = prepend == Prepend.ALWAYS || (prepend == Prepend.FIRST && firstPiece);
    if (addPrefix && !text.startsWith(replacement)) {
      text = replacement + text;
    }
    if (split == null) {
      out.add(text);
    } else {
      split.split(text, firstPiece, out);
    }
  }
}
