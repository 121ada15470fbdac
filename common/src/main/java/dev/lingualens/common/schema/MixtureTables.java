package dev.lingualens.common.schema;

import dev.lingualens.common.schema.Tables.Column;
import dev.lingualens.common.schema.Tables.Table;
import java.util.List;

/**
 * Data-mixture inference from merge lists: pair counts, the solved mixture and the controlled
 * evaluation. Contracts as described in {@link Tables}.
 */
public final class MixtureTables {
  private static Column c(String name, String type, String description) {
    return new Column(name, type, description);
  }

  public static final Table MERGE_STEPS =
      new Table(
          "merge_steps",
          List.of("tokenizer"),
          List.of(
              c("tokenizer", "string", "tokenizer name"),
              c(
                  "step",
                  "int",
                  "1-based step t of the attacked merge list (after cleaning and the offset)"),
              c(
                  "left",
                  "string",
                  "left symbol of merge m(t) (GPT-2 byte alphabet or ▁-characters, as in the file)"),
              c("right", "string", "right symbol of merge m(t)"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table MERGE_PAIR_COUNTS =
      new Table(
          "merge_pair_counts",
          List.of("tokenizer"),
          List.of(
              c("tokenizer", "string", "tokenizer name"),
              c(
                  "category",
                  "string",
                  "category (a value of mixture.category-column, e.g. a language)"),
              c(
                  "step",
                  "int",
                  "0 = every pair's count before merge 1; t ≥ 1 = new counts of the pairs merge t changed"),
              c("left", "string", "left symbol of the pair"),
              c("right", "string", "right symbol of the pair"),
              c("count", "bigint", "absolute count after the step (0 when the pair disappeared)"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table MERGE_CATEGORY_META =
      new Table(
          "merge_category_meta",
          List.of("tokenizer"),
          List.of(
              c("tokenizer", "string", "tokenizer name"),
              c("category", "string", "category"),
              c("category_column", "string", "documents column the category was taken from"),
              c(
                  "bytes",
                  "bigint",
                  "UTF-8 bytes of the category sample (B_i of the byte-share conversion)"),
              c("pairs", "bigint", "adjacent pairs before any merge (D_i, the LP normaliser)"),
              c("words", "bigint", "pretoken occurrences"),
              c("distinct_words", "bigint", "distinct pretokens"),
              c("documents", "bigint", "documents in the sample"),
              c("merges_attacked", "int", "T: merges recorded"),
              c(
                  "merge_offset",
                  "int",
                  "merges applied before recording (e.g. 100000 for Llama 3 over cl100k)"),
              c("merges_applied", "int", "attacked merges that changed this category's counts"),
              c("empty_steps", "int", "attacked merges whose pair was unknown or had count 0 here"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table MIXTURE =
      new Table(
          "mixture",
          List.of("tokenizer"),
          List.of(
              c("tokenizer", "string", "tokenizer name"),
              c("category", "string", "category"),
              c(
                  "share_pairs",
                  "double",
                  "LP weight α in pair-mass units (what the paper's Table 4 shows)"),
              c(
                  "share_bytes",
                  "double",
                  "byte share β ∝ α·B/D, renormalised (what controlled experiments score)"),
              c(
                  "truth_byte_share",
                  "double",
                  "known byte share when given (mixture.truth), else null"),
              c("merges_attacked", "int", "T"),
              c("objective", "double", "LP objective Σv_t + Σv_p at the solution"),
              c("missing_merges", "int", "attacked merges whose pair occurs in no category sample"),
              c(
                  "converged",
                  "boolean",
                  "false when mixture.solver.max-epochs stopped the loop first"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table MIXTURE_SOLVER_TRACE =
      new Table(
          "mixture_solver_trace",
          List.of("tokenizer"),
          List.of(
              c("tokenizer", "string", "tokenizer name"),
              c("epoch", "int", "epoch of the lazy loop (1-based)"),
              c(
                  "last_step_scanned",
                  "int",
                  "last merge step the epoch's scan reached (< T when max-add stopped it)"),
              c(
                  "new_constraints",
                  "int",
                  "violated rows the epoch's scan put into the LP (new or revived)"),
              c("total_constraints", "int", "live rows in the LP after the epoch (after dropping)"),
              c("pair_variables", "int", "v_p variables created so far"),
              c("objective", "double", "objective after the epoch's re-solve"),
              c("sum_v_t", "double", "Σ v_t"),
              c("sum_v_p", "double", "Σ v_p"),
              c("solve_seconds", "double", "GLOP time of the re-solve"),
              c("wall_seconds", "double", "scan + solve time of the epoch"),
              c("missing_merges", "int", "attacked merges seen in no sample"),
              c("scan_seconds", "double", "time of the epoch's scan over the merge steps"),
              c("iterations", "bigint", "GLOP simplex iterations of the re-solve"),
              c(
                  "revived_constraints",
                  "int",
                  "of new_constraints, rows dropped earlier and violated again"),
              c(
                  "dropped_constraints",
                  "int",
                  "rows switched off after the re-solve (not binding for mixture.solver.drop-after solves)"),
              c(
                  "upper_bound",
                  "double",
                  "objective of a feasible point of the full LP from the scan (the previous α, v_t raised to"
                      + " cover every row; +inf after a partial scan): the optimum lies in [previous objective, upper_bound]"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table MIXTURE_CONTROLLED =
      new Table(
          "mixture_controlled",
          List.of("mixture_type"),
          List.of(
              c("mixture_type", "string", "label of the category pool (e.g. languages)"),
              c("n", "int", "categories in the trial"),
              c("trial", "int", "trial number"),
              c("method", "string", "ours, tee, tc or random"),
              c("categories", "string", "the trial's categories, comma-separated"),
              c("truth", "string", "true byte shares, comma-separated in category order"),
              c("estimate", "string", "the method's byte shares, same order"),
              c("merges", "int", "merges of the trained tokenizer"),
              c("train_bytes", "bigint", "bytes the tokenizer was trained on"),
              c(
                  "estimate_bytes",
                  "bigint",
                  "bytes the attack estimated pair counts from (disjoint from training)"),
              c("mse", "double", "mean squared error in byte space"),
              c("log10_mse", "double", "log10 of mse"),
              c("run_id", "string", "run that wrote the row")));

  public static final Table MIXTURE_CONTROLLED_SUMMARY =
      new Table(
          "mixture_controlled_summary",
          List.of(),
          List.of(
              c("mixture_type", "string", "category pool"),
              c("n", "int", "categories per trial"),
              c("method", "string", "ours, tee, tc or random"),
              c("trials", "int", "trials"),
              c("mean_log10_mse", "double", "mean of log10 MSE (the paper's Table 1 cell)"),
              c("std_log10_mse", "double", "standard deviation of log10 MSE"),
              c("run_id", "string", "run that wrote the row")));

  private MixtureTables() {}
}
