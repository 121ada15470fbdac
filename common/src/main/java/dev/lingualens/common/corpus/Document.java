package dev.lingualens.common.corpus;

import java.io.Serializable;

/**
 * A normalised input record, ready for segmentation.
 *
 * @param langConfidence 1.0 for labeled text, Lingua's margin over the runner-up for detected text
 * @param langSource "label" or "lingua"
 */
public record Document(
    String id,
    String corpus,
    String lang,
    String script,
    String langTag,
    double langConfidence,
    String langSource,
    String alignId,
    String text,
    String source,
    String location,
    String extraJson)
    implements Serializable {}
