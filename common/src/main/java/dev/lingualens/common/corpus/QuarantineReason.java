package dev.lingualens.common.corpus;

/**
 * Why an input record was not written to {@code documents}. Values are stable: they land in the
 * quarantine table.
 */
public enum QuarantineReason {
  BAD_JSON,
  INVALID_UTF8,
  EMPTY_TEXT,
  MISSING_TEXT,
  UNKNOWN_LANGUAGE,
  LINE_TOO_LONG,
  BAD_TSV_ROW,
  UNREADABLE_FILE,
  /** A named pipe, device, socket or folder where a file was expected: skipped, never opened. */
  NOT_A_REGULAR_FILE,
  /** A record the normaliser failed on: quarantined with the error, and the next record is read. */
  BAD_RECORD,
  /**
   * A document id already used in the same corpus and language by an earlier record (named in the
   * detail).
   */
  DUPLICATE_ID;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
