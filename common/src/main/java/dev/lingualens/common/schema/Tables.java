package dev.lingualens.common.schema;

import java.util.List;

/**
 * The contract of every table lingualens writes: name, partition columns and columns as Spark DDL
 * (parsed by the jobs module, so this package stays Spark-free). Readers in Zeppelin or DuckDB rely on
 * these names; change them only with a version bump.
 */
public final class Tables {
  public static final int VERSION = 1;

  /** A table: its folder name under the output dir, partition columns, and column DDL with descriptions. */
  public record Table(String name, List<String> partitionBy, List<Column> columns) {
    public String ddl() {
      return String.join(", ", columns.stream().map(c -> "`" + c.name() + "` " + c.type()).toList());
    }
  }

  public record Column(String name, String type, String description) {}

  private static Column c(String name, String type, String description) {
    return new Column(name, type, description);
  }

  public static final Table DOCUMENTS = new Table("documents", List.of("corpus", "lang"), List.of(
      c("id", "string", "record id, unique within the corpus"),
      c("corpus", "string", "corpus name given in ingest.inputs"),
      c("lang", "string", "ISO 639-3 language"),
      c("script", "string", "ISO 15924 script (explicit subtag, else the text's dominant script)"),
      c("lang_tag", "string", "language label exactly as the input gave it (null when detected)"),
      c("lang_source", "string", "'label' or 'lingua'"),
      c("lang_confidence", "double", "1.0 for labeled text, Lingua's confidence for detected text"),
      c("align_id", "string", "id shared by the translations of one unit (null when not parallel)"),
      c("text", "string", "the text, stripped of surrounding whitespace"),
      c("n_bytes", "bigint", "UTF-8 bytes"),
      c("n_chars", "bigint", "Unicode code points"),
      c("n_sentences", "int", "sentences found by the segmenter"),
      c("n_words", "int", "words (segmenter tokens holding a letter or digit)"),
      c("words", "array<string>", "those words, in order (fertility tokenises each on its own)"),
      c("segmenter", "string", "'spark-nlp' or 'icu4j'"),
      c("source", "string", "input file"),
      c("location", "string", "place in the input file"),
      c("extra_json", "string", "input fields beyond the known ones, as a JSON object"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table QUARANTINE = new Table("quarantine", List.of("corpus"), List.of(
      c("corpus", "string", "corpus name"),
      c("source", "string", "input file"),
      c("location", "string", "place in the input file (line, row, article)"),
      c("reason", "string", "bad_json, invalid_utf8, empty_text, missing_text, unknown_language, line_too_long, bad_tsv_row, unreadable_file"),
      c("detail", "string", "what exactly was wrong, quoting the bad value"),
      c("raw", "string", "the start of the offending record (up to 500 chars)"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table TOKEN_STATS_DOCS = new Table("token_stats_docs", List.of("tokenizer"), List.of(
      c("tokenizer", "string", "tokenizer name"),
      c("id", "string", "document id"),
      c("corpus", "string", "corpus"),
      c("lang", "string", "ISO 639-3"),
      c("script", "string", "ISO 15924"),
      c("align_id", "string", "alignment id"),
      c("n_bytes", "bigint", "UTF-8 bytes"),
      c("n_chars", "bigint", "code points"),
      c("n_words", "bigint", "words"),
      c("n_tokens", "bigint", "tokens of the whole text, no special tokens"),
      c("n_unk", "bigint", "tokens equal to the unknown token"),
      c("word_tokens", "bigint", "sum over words of tokens of the word tokenised alone (min 1 each)"),
      c("continued_words", "bigint", "words split into 2 or more tokens"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table TOKEN_STATS = new Table("token_stats", List.of("tokenizer"), List.of(
      c("tokenizer", "string", "tokenizer name"),
      c("corpus", "string", "corpus"),
      c("lang", "string", "ISO 639-3"),
      c("script", "string", "ISO 15924"),
      c("documents", "bigint", "documents"),
      c("words", "bigint", "words"),
      c("chars", "bigint", "code points"),
      c("bytes", "bigint", "UTF-8 bytes"),
      c("tokens", "bigint", "tokens (whole texts, no special tokens)"),
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
      c("aligned_units", "bigint", "units with the same align_id in this language and the reference"),
      c("premium_sum", "double", "Σ tokens / Σ reference tokens over aligned units (Petrov et al. 2023)"),
      c("premium_mean", "double", "mean over aligned units of tokens / reference tokens"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table NEURON_COUNTS = new Table("neuron_counts", List.of("model"), List.of(
      c("model", "string", "model name"),
      c("lang", "string", "ISO 639-3"),
      c("layer", "int", "transformer layer, 0-based"),
      c("counts", "array<bigint>", "per neuron: token positions with act(mlp.hook_pre) > 0"),
      c("n_tokens", "bigint", "token positions counted"),
      c("window", "int", "window length W in tokens"),
      c("sum1", "array<double>", "Σa per neuron (null unless neurons.power-sums)"),
      c("sum2", "array<double>", "Σa²"),
      c("sum3", "array<double>", "Σa³"),
      c("sum4", "array<double>", "Σa⁴"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table NEURON_SCORES = new Table("neuron_scores", List.of("model"), List.of(
      c("model", "string", "model name"),
      c("layer", "int", "layer"),
      c("neuron", "int", "neuron index in the layer"),
      c("probabilities", "map<string,double>", "activation probability per language"),
      c("entropy", "double", "LAPE: entropy (nats) of the L1-normalised probabilities"),
      c("passes_filter", "boolean", "some language's probability exceeds the threshold tau"),
      c("selected", "boolean", "among the bottom top-rate neurons by entropy"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table LAPE_THRESHOLDS = new Table("lape_thresholds", List.of(), List.of(
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

  public static final Table LANGUAGE_NEURONS = new Table("language_neurons", List.of("model"), List.of(
      c("model", "string", "model name"),
      c("lang", "string", "language whose mask holds the neuron"),
      c("layer", "int", "layer"),
      c("neuron", "int", "neuron"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table ABLATION = new Table("ablation", List.of("model"), List.of(
      c("model", "string", "model name"),
      c("masked_lang", "string", "language whose neurons were zeroed at mlp.hook_post ('none' = baseline)"),
      c("eval_lang", "string", "language of the held-out windows"),
      c("n_tokens", "bigint", "predicted positions (position 1 of each window has no prediction)"),
      c("nll", "double", "mean negative log-likelihood, nats per token"),
      c("ppl", "double", "exp(nll)"),
      c("delta_nll", "double", "nll - nll without ablation"),
      c("delta_ppl", "double", "ppl - ppl without ablation"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table RUNS = new Table("runs", List.of("job"), List.of(
      c("run_id", "string", "run id"),
      c("job", "string", "job name"),
      c("status", "string", "succeeded or failed"),
      c("started_at", "timestamp", "start"),
      c("ended_at", "timestamp", "end"),
      c("config_json", "string", "every resolved config key"),
      c("versions_json", "string", "lingualens, Spark, Java, DJL, Spark NLP versions"),
      c("counters_json", "string", "named counters, e.g. read / written / quarantined"),
      c("error", "string", "error message when failed")));

  public static final Table MERGE_STEPS = new Table("merge_steps", List.of("tokenizer"), List.of(
      c("tokenizer", "string", "tokenizer name"),
      c("step", "int", "1-based step t of the attacked merge list (after cleaning and the offset)"),
      c("left", "string", "left symbol of merge m(t) (GPT-2 byte alphabet or ▁-characters, as in the file)"),
      c("right", "string", "right symbol of merge m(t)"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table MERGE_PAIR_COUNTS = new Table("merge_pair_counts", List.of("tokenizer"), List.of(
      c("tokenizer", "string", "tokenizer name"),
      c("category", "string", "category (a value of mixture.category-column, e.g. a language)"),
      c("step", "int", "0 = every pair's count before merge 1; t ≥ 1 = new counts of the pairs merge t changed"),
      c("left", "string", "left symbol of the pair"),
      c("right", "string", "right symbol of the pair"),
      c("count", "bigint", "absolute count after the step (0 when the pair disappeared)"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table MERGE_CATEGORY_META = new Table("merge_category_meta", List.of("tokenizer"), List.of(
      c("tokenizer", "string", "tokenizer name"),
      c("category", "string", "category"),
      c("category_column", "string", "documents column the category was taken from"),
      c("bytes", "bigint", "UTF-8 bytes of the category sample (B_i of the byte-share conversion)"),
      c("pairs", "bigint", "adjacent pairs before any merge (D_i, the LP normaliser)"),
      c("words", "bigint", "pretoken occurrences"),
      c("distinct_words", "bigint", "distinct pretokens"),
      c("documents", "bigint", "documents in the sample"),
      c("merges_attacked", "int", "T: merges recorded"),
      c("merge_offset", "int", "merges applied before recording (e.g. 100000 for Llama 3 over cl100k)"),
      c("merges_applied", "int", "attacked merges that changed this category's counts"),
      c("empty_steps", "int", "attacked merges whose pair was unknown or had count 0 here"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table MIXTURE = new Table("mixture", List.of("tokenizer"), List.of(
      c("tokenizer", "string", "tokenizer name"),
      c("category", "string", "category"),
      c("share_pairs", "double", "LP weight α in pair-mass units (what the paper's Table 4 shows)"),
      c("share_bytes", "double", "byte share β ∝ α·B/D, renormalised (what controlled experiments score)"),
      c("truth_byte_share", "double", "known byte share when given (mixture.truth), else null"),
      c("merges_attacked", "int", "T"),
      c("objective", "double", "LP objective Σv_t + Σv_p at the solution"),
      c("missing_merges", "int", "attacked merges whose pair occurs in no category sample"),
      c("converged", "boolean", "false when mixture.solver.max-epochs stopped the loop first"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table MIXTURE_SOLVER_TRACE = new Table("mixture_solver_trace", List.of("tokenizer"), List.of(
      c("tokenizer", "string", "tokenizer name"),
      c("epoch", "int", "epoch of the lazy loop (1-based)"),
      c("last_step_scanned", "int", "last merge step the epoch's scan reached (< T when max-add stopped it)"),
      c("new_constraints", "int", "rows added in the epoch"),
      c("total_constraints", "int", "rows in the LP after the epoch"),
      c("pair_variables", "int", "v_p variables created so far"),
      c("objective", "double", "objective after the epoch's re-solve"),
      c("sum_v_t", "double", "Σ v_t"),
      c("sum_v_p", "double", "Σ v_p"),
      c("solve_seconds", "double", "GLOP time of the re-solve"),
      c("wall_seconds", "double", "scan + solve time of the epoch"),
      c("missing_merges", "int", "attacked merges seen in no sample"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table MIXTURE_CONTROLLED = new Table("mixture_controlled", List.of("mixture_type"), List.of(
      c("mixture_type", "string", "label of the category pool (e.g. languages)"),
      c("n", "int", "categories in the trial"),
      c("trial", "int", "trial number"),
      c("method", "string", "ours, tee, tc or random"),
      c("categories", "string", "the trial's categories, comma-separated"),
      c("truth", "string", "true byte shares, comma-separated in category order"),
      c("estimate", "string", "the method's byte shares, same order"),
      c("merges", "int", "merges of the trained tokenizer"),
      c("train_bytes", "bigint", "bytes the tokenizer was trained on"),
      c("estimate_bytes", "bigint", "bytes the attack estimated pair counts from (disjoint from training)"),
      c("mse", "double", "mean squared error in byte space"),
      c("log10_mse", "double", "log10 of mse"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table MIXTURE_CONTROLLED_SUMMARY = new Table("mixture_controlled_summary",
      List.of(), List.of(
      c("mixture_type", "string", "category pool"),
      c("n", "int", "categories per trial"),
      c("method", "string", "ours, tee, tc or random"),
      c("trials", "int", "trials"),
      c("mean_log10_mse", "double", "mean of log10 MSE (the paper's Table 1 cell)"),
      c("std_log10_mse", "double", "standard deviation of log10 MSE"),
      c("run_id", "string", "run that wrote the row")));


  // ---- Language Ranker, representations and retrieval (methods.md Method 1 and "(c)") ----

  public static final Table REPRESENTATIONS = new Table("representations", List.of("model", "lang"), List.of(
      c("model", "string", "model name given in represent.models"),
      c("corpus", "string", "corpus"),
      c("lang", "string", "ISO 639-3"),
      c("script", "string", "ISO 15924"),
      c("doc_id", "string", "document id"),
      c("align_id", "string", "alignment id shared by the translations of one unit"),
      c("layer", "int", "1-based layer = HF hidden_states[layer] (embedding output dropped; decoders: layer L after the final norm)"),
      c("pooling", "string", "'last' (last real token), 'mean' (over real tokens) or 'cls'"),
      c("n_tokens", "int", "tokens fed to the model, special tokens included"),
      c("vector", "array<float>", "the pooled hidden state, fp32, not normalised"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table LANGUAGE_LAYER_SIMILARITY = new Table("language_layer_similarity", List.of("model"), List.of(
      c("model", "string", "model"),
      c("lang", "string", "ISO 639-3"),
      c("reference_lang", "string", "the language every pair is compared with (rank.reference-lang)"),
      c("pooling", "string", "pooling of the representations"),
      c("layer", "int", "1-based layer"),
      c("n_pairs", "bigint", "aligned pairs (document in lang, document in reference_lang, same align_id)"),
      c("mean_cos", "double", "S[layer] = mean over pairs of cos(v(reference), v(lang))"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table LANGUAGE_RANK = new Table("language_rank", List.of("model"), List.of(
      c("model", "string", "model"),
      c("lang", "string", "ISO 639-3"),
      c("layer_preset", "string", "ALL, EVERY5 or layers:a,b (rank.layer-presets)"),
      c("layers", "string", "the 1-based layers the preset selected in this model"),
      c("score", "double", "mean of S[layer] over the preset's layers"),
      c("rank", "int", "1 = closest to the reference language; ties by ISO code"),
      c("ci_low", "double", "percentile bootstrap CI of the score over aligned pairs (rank.bootstrap-*)"),
      c("ci_high", "double", "upper end of that CI"),
      c("n_pairs", "bigint", "aligned pairs"),
      c("reference", "string", "reference share table of reference_share_pct: the model's own training mixture if known, else the first of rank.references"),
      c("reference_share_pct", "double", "the language's share in that table, null when not listed"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table RANK_CORRELATION = new Table("rank_correlation", List.of("model"), List.of(
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
      c("kendall_p", "double", "two-sided p, normal approximation with tie-corrected variance"),
      c("n_all", "int", "languages scored, including those the reference does not list"),
      c("spearman_all", "double", "Spearman rho with unlisted languages tied below every listed one"),
      c("spearman_all_p", "double", "two-sided p"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table RANK_AGREEMENT = new Table("rank_agreement", List.of(), List.of(
      c("model_a", "string", "first model"),
      c("model_b", "string", "second model"),
      c("layer_preset", "string", "layer preset of both models' scores"),
      c("n", "int", "languages both models scored"),
      c("spearman", "double", "Spearman rho of the two models' scores"),
      c("spearman_p", "double", "two-sided p"),
      c("kendall", "double", "Kendall tau-b"),
      c("kendall_p", "double", "two-sided p (normal approximation)"),
      c("run_id", "string", "run that wrote the row")));

  public static final Table BITEXT_RETRIEVAL = new Table("bitext_retrieval", List.of("model"), List.of(
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
      c("p1_margin_avg", "double", "P@1 by ratio margin (k = retrieval.margin-k), mean of both directions"),
      c("run_id", "string", "run that wrote the row")));

  public static final List<Table> ALL = List.of(DOCUMENTS, QUARANTINE, TOKEN_STATS_DOCS, TOKEN_STATS, NEURON_COUNTS,
      NEURON_SCORES, LAPE_THRESHOLDS, LANGUAGE_NEURONS, ABLATION, MERGE_STEPS, MERGE_PAIR_COUNTS,
      MERGE_CATEGORY_META, MIXTURE, MIXTURE_SOLVER_TRACE, MIXTURE_CONTROLLED, MIXTURE_CONTROLLED_SUMMARY,
      REPRESENTATIONS, LANGUAGE_LAYER_SIMILARITY, LANGUAGE_RANK, RANK_CORRELATION, RANK_AGREEMENT, BITEXT_RETRIEVAL,
      RUNS);

  private Tables() {}
}
