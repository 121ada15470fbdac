package dev.lingualens.common.corpus;

import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a raw record into a {@link Document} (language normalised to ISO 639-3 + script) or a
 * quarantine entry: empty text, an unknown language code, or unlabeled text Lingua cannot place
 * with enough confidence.
 */
public final class DocumentNormalizer {
  /** Outcome: exactly one of the two is set. */
  public record Result(Document document, Quarantined quarantined) {}

  private final Function<String, LanguageIdentifier.Detection> detector;
  private final double minConfidence;

  public DocumentNormalizer(
      Function<String, LanguageIdentifier.Detection> detector, double minConfidence) {
    this.detector = detector;
    this.minConfidence = minConfidence;
  }

  public Result normalize(RawRecord r) {
    String text = r.text() == null ? "" : withoutByteOrderMark(r.text()).strip();
    if (blank(text)) {
      return quarantine(r, QuarantineReason.EMPTY_TEXT, "text is empty or whitespace only");
    }
    LanguageTag tag;
    double confidence = 1.0;
    String langSource = "label";
    if (r.langRaw() == null || r.langRaw().isBlank()) {
      LanguageIdentifier.Detection d = detector.apply(text);
      if (d.lang() == null || d.confidence() < minConfidence) {
        return quarantine(
            r,
            QuarantineReason.UNKNOWN_LANGUAGE,
            "unlabeled; language detection gave "
                + (d.lang() == null
                    ? "nothing"
                    : d.lang() + " with confidence " + String.format("%.3f", d.confidence()))
                + " (minimum "
                + minConfidence
                + ")");
      }
      tag = new LanguageTag(d.lang(), null, null, null);
      confidence = d.confidence();
      langSource = "lingua";
    } else {
      Optional<LanguageTag> parsed = LanguageCodes.parse(r.langRaw());
      if (parsed.isEmpty()) {
        return quarantine(
            r,
            QuarantineReason.UNKNOWN_LANGUAGE,
            "language code '"
                + r.langRaw()
                + "' is not an ISO 639-1/639-3 code (with optional BCP-47 subtags)");
      }
      tag = parsed.get();
    }
    String script = ScriptResolver.resolve(tag, text);
    return new Result(
        new Document(
            r.id(),
            r.corpus(),
            tag.lang(),
            script,
            tag.original(),
            confidence,
            langSource,
            r.alignId(),
            text,
            r.source(),
            r.location(),
            r.extraJson()),
        null);
  }

  /**
   * A leading U+FEFF is a byte-order mark its producer left, not content: removed, so that it
   * changes neither the text nor any count (a U+FEFF elsewhere is kept: there it is a zero-width
   * no-break space).
   */
  static String withoutByteOrderMark(String text) {
    int i = 0;
    while (i < text.length() && text.charAt(i) == '\uFEFF') {
      i++;
    }
    return text.substring(i);
  }

  /**
   * Nothing but white space, including the Unicode spaces {@link String#strip} keeps (NBSP,
   * U+202F).
   */
  static boolean blank(String text) {
    return text.codePoints()
        .allMatch(
            c ->
                Character.isWhitespace(c)
                    || Character.isSpaceChar(c)
                    || c == 0x200B
                    || c == 0xFEFF);
  }

  private static Result quarantine(RawRecord r, QuarantineReason reason, String detail) {
    return new Result(
        null, Quarantined.of(r.corpus(), r.source(), r.location(), reason, detail, r.text()));
  }
}
