package dev.lingualens.jobs.ingest;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.corpus.InputSpec;
import dev.lingualens.common.corpus.LanguageIdentifier;
import java.io.Serializable;
import java.util.List;

/** The {@code ingest.*} keys, parsed once on the driver. */
public record IngestSettings(
    List<InputSpec> inputs,
    int maxLineBytes,
    List<String> langidLanguages,
    double langidMinConfidence,
    List<String> icuScripts,
    int partitions,
    long fileBytes)
    implements Serializable {
  public static final Key<List<String>> INPUTS =
      Key.list(
          "ingest.inputs",
          "udhr=udhr:${home}/sample-data/udhr",
          "comma-separated corpus=format:path, format one of udhr, jsonl, tsv, text, parquet");
  public static final Key<Integer> MAX_LINE_BYTES =
      Key.integer(
          "ingest.max-line-bytes",
          "1000000",
          1,
          "lines (JSONL, TSV, plain text) and Parquet texts longer than this many bytes are quarantined as line_too_long");
  public static final Key<List<String>> LANGID_LANGUAGES =
      Key.list(
          "ingest.langid.languages",
          "all",
          "languages Lingua may choose from for unlabeled text (comma-separated ISO 639-3, or all)");
  public static final Key<Double> LANGID_MIN_CONFIDENCE =
      Key.real(
          "ingest.langid.min-confidence",
          "0.15",
          0,
          1,
          "below this Lingua confidence (1 - the runner-up language's relative score: 0 = a tie; an English"
              + " sentence against all languages scores about 0.2), unlabeled text is quarantined as unknown_language"
              + " (low-accuracy mode: all languages at high accuracy cost about 1.4 GB of heap per JVM)");
  public static final Key<List<String>> ICU_SCRIPTS =
      Key.list(
          "ingest.icu-scripts",
          "Hans,Hant,Hani,Jpan,Hira,Kana,Thai,Laoo,Khmr,Mymr,Ethi",
          "scripts ICU4J segments instead of Spark NLP: scripts written without spaces, and Ethiopic (words split by U+1361)");
  public static final Key<Integer> PARTITIONS =
      Key.integer("ingest.partitions", "8", 1, "Spark partitions for documents");
  public static final Key<Long> FILE_BYTES =
      Key.longInt(
          "ingest.file-bytes",
          "134217728",
          1,
          "about one Parquet file of documents per this many bytes of text in each (corpus, lang) folder");
  public static final List<Key<?>> KEYS =
      List.of(
          INPUTS,
          MAX_LINE_BYTES,
          LANGID_LANGUAGES,
          LANGID_MIN_CONFIDENCE,
          ICU_SCRIPTS,
          PARTITIONS,
          FILE_BYTES);

  public static IngestSettings from(LinguaConfig c) {
    List<String> langid = c.get(LANGID_LANGUAGES);
    String langidProblem = LanguageIdentifier.problem(langid);
    if (langidProblem != null) {
      throw c.bad(LANGID_LANGUAGES, langidProblem);
    }
    return new IngestSettings(
        inputs(c),
        c.get(MAX_LINE_BYTES),
        langid,
        c.get(LANGID_MIN_CONFIDENCE),
        c.get(ICU_SCRIPTS),
        c.get(PARTITIONS),
        c.get(FILE_BYTES));
  }

  private static List<InputSpec> inputs(LinguaConfig c) {
    try {
      List<InputSpec> inputs = InputSpec.parseAll(c.get(INPUTS));
      if (inputs.isEmpty()) {
        throw c.bad(INPUTS, "at least one corpus=format:path");
      }
      return inputs;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          e.getMessage()
              + " (key ingest.inputs, from "
              + c.entry(INPUTS.name()).source().label()
              + ")",
          e);
    }
  }
}
