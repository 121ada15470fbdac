package dev.lingualens.common.metrics;

import java.io.Serializable;

/**
 * Sums over the documents of one (tokenizer, corpus, language, script) group, plus the aligned
 * comparison against the reference language: {@code alignedTokens} and {@code referenceTokens} are
 * summed over the aligned units only, and {@code sumOfRatios} adds each unit's own ratio. The
 * {@code sentence*} sums repeat the comparison over the aligned units that are one sentence on both
 * sides (Petrov et al. compare sentences; a UDHR article is several).
 */
public record TokenTotals(
    long documents,
    long sentences,
    long words,
    long chars,
    long bytes,
    long tokens,
    long wordTokens,
    long continuedWords,
    long unkTokens,
    long distinctIds,
    long alignedUnits,
    long alignedTokens,
    double referenceTokens,
    double sumOfRatios,
    long sentenceUnits,
    long sentenceTokens,
    double sentenceReferenceTokens)
    implements Serializable {}
