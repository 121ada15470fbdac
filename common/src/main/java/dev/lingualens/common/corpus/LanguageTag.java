package dev.lingualens.common.corpus;

import java.io.Serializable;

/**
 * A normalised language label: ISO 639-3 language, optional ISO 15924 script (Title case, e.g.
 * {@code Latn}) and region, plus the tag exactly as the input gave it.
 */
public record LanguageTag(String lang, String script, String region, String original)
    implements Serializable {}
