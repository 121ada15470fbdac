package dev.lingualens.common.mixture;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The word boundaries SentencePiece's trainer respects but its HF conversion does not spell out
 * (Mistral and Gemma files treat a whole text as one piece): a piece starts at each {@code ▁} run,
 * letters are not merged with punctuation or digits, each digit stands alone, and other whitespace
 * ({@code \n}, {@code \t}) is never merged (methods.md 3.9). Without this, pairs across words (e.g.
 * {@code (e, ▁)}) would be counted though SentencePiece could never have merged them. Note that
 * {@code ▁} (U+2581) is itself a symbol (So), hence the {@code &&[^▁]} in the punctuation class.
 */
public final class SentencePieceWordsStep implements PreTokenizerStep {
  private static final Pattern WORD =
      Pattern.compile(
          "▁*[^▁\\s\\p{N}\\p{P}\\p{S}]+|▁*[\\p{P}\\p{S}&&[^▁]]+\\r?|\\p{N}|▁+|\\s",
          Pattern.UNICODE_CHARACTER_CLASS);
  private final SplitStep split = new SplitStep(WORD, SplitStep.Behavior.ISOLATED, false);

  @Override
  public void split(String piece, boolean firstPiece, List<String> out) {
    split.split(piece, firstPiece, out);
  }
}
