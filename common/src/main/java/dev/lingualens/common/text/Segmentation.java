package dev.lingualens.common.text;

import java.io.Serializable;
import java.util.List;

/**
 * Sentences and words of one text; {@code words} are the word tokens used for fertility
 * (punctuation excluded).
 */
public record Segmentation(int sentences, List<String> words, String segmenter)
    implements Serializable {}
