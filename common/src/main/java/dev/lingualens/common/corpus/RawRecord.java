package dev.lingualens.common.corpus;

import java.io.Serializable;

/**
 * One input record as a reader found it, before language normalisation.
 *
 * @param source file (or table) it came from
 * @param location where in the source: "line 12", "row 3 col fra", "article 7"
 * @param langRaw the language label as given, or null when unlabeled
 * @param extraJson fields the input carried beyond the known ones, as a JSON object (or null)
 */
public record RawRecord(
    String corpus,
    String source,
    String location,
    String id,
    String alignId,
    String langRaw,
    String text,
    String extraJson)
    implements Serializable {}
