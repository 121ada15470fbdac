package dev.lingualens.common.schema;

import dev.lingualens.common.schema.Tables.Column;
import dev.lingualens.common.schema.Tables.Table;
import java.util.List;

/**
 * The latent language (logit lens over many languages; Wendler et al. 2024, Zhong et al. 2024).
 * Contracts as described in {@link Tables}.
 */
public final class LatentTables {
  private static Column c(String name, String type, String description) {
    return new Column(name, type, description);
  }

  /** The columns that name a group of prompts, first in every latent table. */
  private static final List<Column> PROMPTS =
      List.of(
          c("model", "string", "model name"),
          c("task", "string", "translation, repetition or cloze"),
          c(
              "src",
              "string",
              "language of the prompt's input word (= tgt for repetition and cloze)"),
          c("tgt", "string", "language the prompt asks the answer in"));

  private static List<Column> prompts(Column... rest) {
    List<Column> out = new java.util.ArrayList<>(PROMPTS);
    out.addAll(List.of(rest));
    return List.copyOf(out);
  }

  public static final Table LATENT_LANGUAGE =
      new Table(
          "latent_language",
          List.of("model"),
          prompts(
              c("item", "string", "lexicon concept of the prompt's answer"),
              c("rule", "string", "prefix, first-token or multi-token (docs/analyses.md)"),
              c("layer", "int", "lens layer: 0 = embedding output, l = output of block l-1"),
              c("lang", "string", "language whose answer word the probability is for"),
              c("prob", "double", "lens probability of lang's answer word at this layer"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table LATENT_LAYERS =
      new Table(
          "latent_layers",
          List.of("model"),
          prompts(
              c("item", "string", "lexicon concept"),
              c("layer", "int", "lens layer"),
              c("entropy", "double", "entropy (nats) of the layer's next-token distribution"),
              c("top_tokens", "array<string>", "the most probable tokens, decoded, best first"),
              c("top_probs", "array<double>", "their probabilities"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table LATENT_LANGUAGE_SUMMARY =
      new Table(
          "latent_language_summary",
          List.of(),
          prompts(
              c("rule", "string", "answer-token rule"),
              c("layer", "int", "lens layer"),
              c("lang", "string", "language of the answer word"),
              c("mean", "double", "mean probability over items"),
              c("ci_low", "double", "percentile bootstrap interval of the mean, low end"),
              c("ci_high", "double", "high end"),
              c(
                  "entropy",
                  "double",
                  "mean entropy (nats) of the layer over the prompts of (task, src, tgt)"),
              c("n", "bigint", "items"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table LATENT_LANGUAGE_TOP =
      new Table(
          "latent_language_top",
          List.of(),
          prompts(
              c("rule", "string", "answer-token rule"),
              c("mid_first", "int", "first lens layer of the middle band"),
              c("mid_last", "int", "last lens layer of the middle band"),
              c(
                  "latent_lang",
                  "string",
                  "the language other than tgt with the highest mean mass over the middle band"),
              c("latent_mass", "double", "its mean mass over the middle band"),
              c("tgt_mass", "double", "tgt's mean mass over the middle band"),
              c(
                  "en_mass",
                  "double",
                  "English's mean mass over the middle band (null if not a lens language)"),
              c("tgt_final", "double", "tgt's mass at the last layer (the model's own answer)"),
              c("n", "bigint", "items"),
              c("run_id", "string", "run that wrote the row")));

  private LatentTables() {}
}
