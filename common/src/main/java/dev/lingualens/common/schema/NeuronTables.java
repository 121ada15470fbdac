package dev.lingualens.common.schema;

import dev.lingualens.common.schema.Tables.Column;
import dev.lingualens.common.schema.Tables.Table;
import java.util.List;

/**
 * Language-specific neurons (LAPE): activation counts, scores, thresholds, masks and ablation.
 * Contracts as described in {@link Tables}.
 */
public final class NeuronTables {
  private static Column c(String name, String type, String description) {
    return new Column(name, type, description);
  }

  public static final Table NEURON_COUNTS =
      new Table(
          "neuron_counts",
          List.of("model"),
          List.of(
              c("model", "string", "model name"),
              c("lang", "string", "ISO 639-3"),
              c("layer", "int", "transformer layer, 0-based"),
              c(
                  "counts",
                  "array<bigint>",
                  "per neuron: token positions with act(mlp.hook_pre) > 0"),
              c("n_tokens", "bigint", "token positions counted"),
              c("window", "int", "window length W in tokens"),
              c("sum1", "array<double>", "Σa per neuron (null unless neurons.power-sums)"),
              c("sum2", "array<double>", "Σa²"),
              c("sum3", "array<double>", "Σa³"),
              c("sum4", "array<double>", "Σa⁴"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table NEURON_SCORES =
      new Table(
          "neuron_scores",
          List.of("model"),
          List.of(
              c("model", "string", "model name"),
              c("layer", "int", "layer"),
              c("neuron", "int", "neuron index in the layer"),
              c("probabilities", "map<string,double>", "activation probability per language"),
              c("entropy", "double", "LAPE: entropy (nats) of the L1-normalised probabilities"),
              c(
                  "passes_filter",
                  "boolean",
                  "some language's probability exceeds the threshold tau"),
              c("selected", "boolean", "among the bottom top-rate neurons by entropy"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table LAPE_THRESHOLDS =
      new Table(
          "lape_thresholds",
          List.of(),
          List.of(
              c("model", "string", "model name"),
              c("languages", "array<string>", "languages, in order"),
              c("n_probabilities", "bigint", "N = layers x neurons x languages"),
              c("k", "bigint", "rank of tau among the pooled probabilities (1-based)"),
              c("tau", "double", "activation threshold"),
              c("tau_bar", "double", "assignment threshold"),
              c("n_neurons", "bigint", "M = layers x neurons"),
              c("m", "bigint", "neurons selected"),
              c("union_size", "bigint", "distinct neurons in any language's mask"),
              c("top_rate", "double", "top rate"),
              c("filter_rate", "double", "filter rate"),
              c("activation_bar_ratio", "double", "activation bar ratio"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table LANGUAGE_NEURONS =
      new Table(
          "language_neurons",
          List.of("model"),
          List.of(
              c("model", "string", "model name"),
              c("lang", "string", "language whose mask holds the neuron"),
              c("layer", "int", "layer"),
              c("neuron", "int", "neuron"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table ABLATION =
      new Table(
          "ablation",
          List.of("model"),
          List.of(
              c("model", "string", "model name"),
              c(
                  "masked_lang",
                  "string",
                  "language whose neurons were zeroed at mlp.hook_post ('none' = baseline)"),
              c("eval_lang", "string", "language of the held-out windows"),
              c(
                  "n_tokens",
                  "bigint",
                  "predicted positions (position 1 of each window has no prediction)"),
              c("nll", "double", "mean negative log-likelihood, nats per token"),
              c("ppl", "double", "exp(nll)"),
              c("delta_nll", "double", "nll - nll without ablation"),
              c("delta_ppl", "double", "ppl - ppl without ablation"),
              c("run_id", "string", "run that wrote the row")));

  private NeuronTables() {}
}
