package dev.lingualens.common.text;

import java.util.regex.Pattern;

/**
 * A segmenter's token counts as a word when it holds at least one letter or decimal digit.
 * Punctuation and symbols are left out: fertility is about how a tokenizer splits words, and every
 * tokenizer spends about one token per punctuation mark, which would pull all languages towards 1.
 */
public final class WordFilter {
  /** The same rule as a regex, for Spark SQL's {@code rlike} (Java regex syntax). */
  public static final String WORD_REGEX = "[\\p{L}\\p{Nd}]";

  private static final Pattern WORD = Pattern.compile(WORD_REGEX);

  private WordFilter() {}

  public static boolean isWord(CharSequence token) {
    return WORD.matcher(token).find();
  }
}
