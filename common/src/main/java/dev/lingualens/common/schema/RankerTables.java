package dev.lingualens.common.schema;

import dev.lingualens.common.schema.Tables.Column;
import dev.lingualens.common.schema.Tables.Table;
import java.util.List;

/**
 * Language Ranker, representations and retrieval (methods.md Method 1 and "(c)"). Contracts as
 * described in {@link Tables}.
 */
public final class RankerTables {
  private static Column c(String name, String type, String description) {
    return new Column(name, type, description);
  }

  public static final Table REPRESENTATIONS =
      new Table(
          "representations",
          List.of("model", "lang"),
          List.of(
              c("model", "string", "model name given in represent.models"),
              c("corpus", "string", "corpus"),
              c("lang", "string", "ISO 639-3"),
              c("script", "string", "ISO 15924"),
              c("doc_id", "string", "document id"),
              c("align_id", "string", "alignment id shared by the translations of one unit"),
              c(
                  "layer",
                  "int",
                  "1-based layer = HF hidden_states[layer] (embedding output dropped; decoders: layer L after the final norm)"),
              c(
                  "pooling",
                  "string",
                  "'last' (last real token), 'mean' (over real tokens) or 'cls'"),
              c("n_tokens", "int", "tokens fed to the model, special tokens included"),
              c("vector", "array<float>", "the pooled hidden state, fp32, not normalised"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table LANGUAGE_LAYER_SIMILARITY =
      new Table(
          "language_layer_similarity",
          List.of("model"),
          List.of(
              c("model", "string", "model"),
              c("lang", "string", "ISO 639-3"),
              c(
                  "reference_lang",
                  "string",
                  "the language every pair is compared with (rank.reference-lang)"),
              c("pooling", "string", "pooling of the representations"),
              c("layer", "int", "1-based layer"),
              c(
                  "n_pairs",
                  "bigint",
                  "aligned pairs (document in lang, document in reference_lang, same align_id)"),
              c("mean_cos", "double", "S[layer] = mean over pairs of cos(v(reference), v(lang))"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table LANGUAGE_RANK =
      new Table(
          "language_rank",
          List.of("model"),
          List.of(
              c("model", "string", "model"),
              c("lang", "string", "ISO 639-3"),
              c("layer_preset", "string", "ALL, EVERY5 or layers:a,b (rank.layer-presets)"),
              c("layers", "string", "the 1-based layers the preset selected in this model"),
              c("score", "double", "mean of S[layer] over the preset's layers"),
              c("rank", "int", "1 = closest to the reference language; ties by ISO code"),
              c(
                  "ci_low",
                  "double",
                  "percentile bootstrap CI of the score over aligned pairs (rank.bootstrap-*)"),
              c("ci_high", "double", "upper end of that CI"),
              c("n_pairs", "bigint", "aligned pairs"),
              c(
                  "reference",
                  "string",
                  "reference share table of reference_share_pct: the model's own training mixture if known, else the first of rank.references"),
              c(
                  "reference_share_pct",
                  "double",
                  "the language's share in that table, null when not listed"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table RANK_CORRELATION =
      new Table(
          "rank_correlation",
          List.of("model"),
          List.of(
              c("model", "string", "model"),
              c("reference", "string", "reference share table's name"),
              c("layer_preset", "string", "layer preset of the scores"),
              c("n", "int", "languages listed in the reference (reference language excluded)"),
              c("pearson_r", "double", "Pearson r, score vs share %"),
              c("pearson_p", "double", "two-sided p (t, n-2 df)"),
              c("pearson_log_r", "double", "Pearson r, score vs log10(share %)"),
              c("pearson_log_p", "double", "two-sided p"),
              c("spearman", "double", "Spearman rho"),
              c("spearman_p", "double", "two-sided p (t approximation)"),
              c("kendall", "double", "Kendall tau-b"),
              c(
                  "kendall_p",
                  "double",
                  "two-sided p, normal approximation with tie-corrected variance"),
              c("n_all", "int", "languages scored, including those the reference does not list"),
              c(
                  "spearman_all",
                  "double",
                  "Spearman rho with unlisted languages tied below every listed one"),
              c("spearman_all_p", "double", "two-sided p"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table RANK_AGREEMENT =
      new Table(
          "rank_agreement",
          List.of(),
          List.of(
              c("model_a", "string", "first model"),
              c("model_b", "string", "second model"),
              c("layer_preset", "string", "layer preset of both models' scores"),
              c("n", "int", "languages both models scored"),
              c("spearman", "double", "Spearman rho of the two models' scores"),
              c("spearman_p", "double", "two-sided p"),
              c("kendall", "double", "Kendall tau-b"),
              c("kendall_p", "double", "two-sided p (normal approximation)"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table BITEXT_RETRIEVAL =
      new Table(
          "bitext_retrieval",
          List.of("model"),
          List.of(
              c("model", "string", "model"),
              c("layer", "int", "1-based layer"),
              c("pooling", "string", "pooling"),
              c("src", "string", "source language (ISO 639-3)"),
              c("tgt", "string", "target language"),
              c("n", "int", "aligned pairs (one document per side and align_id)"),
              c("p1_src2tgt", "double", "P@1 of nearest neighbour by cosine, src -> tgt"),
              c("p1_tgt2src", "double", "P@1, tgt -> src"),
              c("p1_avg", "double", "mean of both directions"),
              c("xsim_err", "double", "1 - p1_avg (LASER xsim error)"),
              c(
                  "p1_margin_avg",
                  "double",
                  "P@1 by ratio margin (k = retrieval.margin-k), mean of both directions"),
              c("run_id", "string", "run that wrote the row")));

  private RankerTables() {}
}
