package dev.lingualens.common.schema;

import dev.lingualens.common.schema.Tables.Column;
import dev.lingualens.common.schema.Tables.Table;
import java.util.List;

/**
 * Corpus: what ingest writes (documents and the records it could not use). Contracts as described
 * in {@link Tables}.
 */
public final class CorpusTables {
  private static Column c(String name, String type, String description) {
    return new Column(name, type, description);
  }

  public static final Table DOCUMENTS =
      new Table(
          "documents",
          List.of("corpus", "lang"),
          List.of(
              c("id", "string", "record id, unique within the corpus"),
              c("corpus", "string", "corpus name given in ingest.inputs"),
              c("lang", "string", "ISO 639-3 language"),
              c(
                  "script",
                  "string",
                  "ISO 15924 script (explicit subtag, else the text's dominant script)"),
              c(
                  "lang_tag",
                  "string",
                  "language label exactly as the input gave it (null when detected)"),
              c("lang_source", "string", "'label' or 'lingua'"),
              c(
                  "lang_confidence",
                  "double",
                  "1.0 for labeled text; for detected text Lingua's margin: 1 - the runner-up language's relative score"),
              c(
                  "align_id",
                  "string",
                  "id shared by the translations of one unit (null when not parallel)"),
              c("text", "string", "the text, stripped of surrounding whitespace"),
              c("n_bytes", "bigint", "UTF-8 bytes"),
              c("n_chars", "bigint", "Unicode code points"),
              c(
                  "n_sentences",
                  "int",
                  "sentences by ICU4J's UAX #29 breaks, a single line break read as a space"),
              c("n_words", "int", "words (segmenter tokens holding a letter or digit)"),
              c(
                  "words",
                  "array<string>",
                  "those words, in order (fertility tokenises each on its own)"),
              c("segmenter", "string", "what split the words: 'spark-nlp' or 'icu4j'"),
              c("source", "string", "input file"),
              c("location", "string", "place in the input file"),
              c("extra_json", "string", "input fields beyond the known ones, as a JSON object"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table QUARANTINE =
      new Table(
          "quarantine",
          List.of("corpus"),
          List.of(
              c("corpus", "string", "corpus name"),
              c("source", "string", "input file"),
              c("location", "string", "place in the input file (line, row, article)"),
              c(
                  "reason",
                  "string",
                  "bad_json, invalid_utf8, empty_text, missing_text, unknown_language, line_too_long, bad_tsv_row, unreadable_file"),
              c("detail", "string", "what exactly was wrong, quoting the bad value"),
              c("raw", "string", "the start of the offending record (up to 500 chars)"),
              c("run_id", "string", "run that wrote the row")));

  private CorpusTables() {}
}
