package dev.lingualens.common.lens;

import java.util.Locale;

/** Why a lexicon row was not taken. Codes are stable: they land in run records. */
public enum LexiconDrop {
  /** A row without exactly three tab-separated fields. */
  WRONG_COLUMN_COUNT,
  /** A row whose bytes are not UTF-8. */
  INVALID_UTF8,
  BLANK_CONCEPT,
  EMPTY_WORD,
  /** A language code that is not ISO 639-1/639-3 (see {@code LanguageCodes}). */
  UNKNOWN_LANGUAGE,
  /** A second word for a concept and language already seen: the first one is kept. */
  DUPLICATE_CONCEPT_LANG;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
