package dev.lingualens.common.lens;

import java.io.Serializable;

/**
 * One aligned word: {@code word} is how {@code lang} writes {@code concept}.
 *
 * @param concept a language-independent id such as {@code noun:flower}, {@code number:7} or {@code
 *     territory:FR}
 * @param lang ISO 639-3, as {@code documents.lang} ({@code deu}, {@code zho}, {@code jpn})
 * @param word NFC, trimmed, never empty
 */
public record LexiconEntry(String concept, String lang, String word) implements Serializable {}
