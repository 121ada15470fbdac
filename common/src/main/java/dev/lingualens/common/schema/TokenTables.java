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
              c("n_sentences", "bigint", "sentences found by ingest's segmenter"),
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
              c("sentences", "bigint", "sentences (ingest's segmenter)"),
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
              c("tokens_per_sentence", "double", "tokens / sentences"),
              c("unk_rate", "double", "unk_tokens / tokens"),
              c(
                  "unk_flag",
                  "boolean",
                  "unk_rate above tokenstats.unk-flag-rate: premium and fertility not comparable"),
              c("vocab_size", "bigint", "|V|: ids the tokenizer can emit"),
              c(
                  "shannon_entropy",
                  "double",
                  "bits: -Σ p log2 p over the language's unigram token distribution p"),
              c(
                  "renyi_entropy",
                  "double",
                  "bits: log2(Σ p^α) / (1 - α), α = tokenstats.renyi-alpha (Zouhar et al. 2023)"),
              c("shannon_efficiency", "double", "shannon_entropy / log2 vocab_size"),
              c(
                  "renyi_efficiency",
                  "double",
                  "renyi_entropy / log2 vocab_size (Zouhar et al. 2023)"),
              c("renyi_alpha", "double", "α of renyi_entropy"),
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
              c(
                  "sentence_units",
                  "bigint",
                  "aligned units that are one sentence here and in the reference"),
              c(
                  "premium_sentence",
                  "double",
                  "Σ tokens / Σ reference tokens over those sentence units (Petrov et al. 2023)"),
              c("run_id", "string", "run that wrote the row")));

  private TokenTables() {}
}
