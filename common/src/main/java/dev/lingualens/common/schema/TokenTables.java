package dev.lingualens.common.schema;

import dev.lingualens.common.schema.Tables.Column;
import dev.lingualens.common.schema.Tables.Table;
import java.util.List;

/**
 * Tokenizer statistics: per document and per corpus, language and script. Contracts as described in
 * {@link Tables}.
 */
public final class TokenTables {
  private static Column c(String name, String type, String description) {
    return new Column(name, type, description);
  }

  public static final Table TOKEN_STATS_DOCS =
      new Table(
          "token_stats_docs",
          List.of("tokenizer"),
          List.of(
              c("tokenizer", "string", "tokenizer name"),
              c("id", "string", "document id"),
              c("corpus", "string", "corpus"),
              c("lang", "string", "ISO 639-3"),
              c("script", "string", "ISO 15924"),
              c("align_id", "string", "alignment id"),
              c("n_bytes", "bigint", "UTF-8 bytes"),
              c("n_chars", "bigint", "code points"),
              c("n_words", "bigint", "words"),
              c(
                  "n_tokens",
                  "bigint",
                  "tokens of the whole text, no special tokens added (a special token's literal text counts as that token)"),
              c("n_unk", "bigint", "tokens equal to the unknown token"),
              c(
                  "word_tokens",
                  "bigint",
                  "sum over words of tokens of the word tokenised alone (min 1 each)"),
              c("continued_words", "bigint", "words split into 2 or more tokens"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table TOKEN_STATS =
      new Table(
          "token_stats",
          List.of("tokenizer"),
          List.of(
              c("tokenizer", "string", "tokenizer name"),
              c("corpus", "string", "corpus"),
              c("lang", "string", "ISO 639-3"),
              c("script", "string", "ISO 15924"),
              c("documents", "bigint", "documents"),
              c("words", "bigint", "words"),
              c("chars", "bigint", "code points"),
              c("bytes", "bigint", "UTF-8 bytes"),
              c("tokens", "bigint", "tokens (whole texts, no special tokens added)"),
              c("word_tokens", "bigint", "tokens of words tokenised one by one"),
              c("continued_words", "bigint", "words of 2+ tokens"),
              c("unk_tokens", "bigint", "unknown tokens"),
              c("distinct_ids", "bigint", "distinct vocabulary ids used"),
              c("fertility", "double", "word_tokens / words (Rust et al. 2021)"),
              c("continued_word_share", "double", "continued_words / words (Rust et al. 2021)"),
              c("bytes_per_token", "double", "bytes / tokens"),
              c("chars_per_token", "double", "chars / tokens"),
              c("unk_rate", "double", "unk_tokens / tokens"),
              c("reference_lang", "string", "reference language of the premium (default eng)"),
              c(
                  "aligned_units",
                  "bigint",
                  "units with the same align_id in this language and the reference"),
              c(
                  "premium_sum",
                  "double",
                  "Σ tokens / Σ reference tokens over aligned units (Petrov et al. 2023)"),
              c("premium_mean", "double", "mean over aligned units of tokens / reference tokens"),
              c("run_id", "string", "run that wrote the row")));

  private TokenTables() {}
}
