package dev.lingualens.common.corpus;

import java.io.Serializable;

/** A record that did not make it into {@code documents}, with enough context to find and fix it. */
public record Quarantined(
    String corpus, String source, String location, String reason, String detail, String raw)
    implements Serializable {
  static final int MAX_RAW_CHARS = 500;

  public static Quarantined of(
      String corpus,
      String source,
      String location,
      QuarantineReason reason,
      String detail,
      String raw) {
    String snippet =
        raw == null
            ? null
            : raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) + "…" : raw;
    return new Quarantined(corpus, source, location, reason.code(), detail, snippet);
  }
}
