package dev.lingualens.jobs.report;

import dev.lingualens.common.mixture.PaperTable4;
import dev.lingualens.common.mixture.Table4Comparison;
import dev.lingualens.common.report.LineChart;
import dev.lingualens.common.report.Section;
import dev.lingualens.common.report.StackedBarChart;
import dev.lingualens.common.report.Table;
import dev.lingualens.common.schema.MixtureTables;
import dev.lingualens.common.schema.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * Data-mixture inference (Hayase et al., NeurIPS 2024): the inferred mixture per tokenizer as
 * stacked bars (byte shares and the LP's pair-unit shares), truth vs estimate where the truth is
 * known, and the lazy solver's convergence.
 */
final class MixtureSection implements ReportJob.ReportSection {
  /**
   * Categories below this share in every tokenizer are pooled as "other" so the legend stays
   * readable.
   */
  private static final double SMALL = 0.02;

  @Override
  public List<Tables.Table> alsoShows() {
    return List.of(MixtureTables.MIXTURE_CONTROLLED_SUMMARY, MixtureTables.MIXTURE_SOLVER_TRACE);
  }

  @Override
  public List<Tables.Table> requires() {
    return List.of(MixtureTables.MIXTURE);
  }

  @Override
  public void addTo(dev.lingualens.common.report.Report report, ReportJob.TableReader tables) {
    List<Row> rows =
        tables
            .sql("SELECT * FROM mixture ORDER BY tokenizer, category", MixtureTables.MIXTURE)
            .collectAsList();
    if (rows.isEmpty()) {
      return;
    }
    Map<String, Map<String, Row>> byTokenizer = new TreeMap<>();
    for (Row r : rows) {
      byTokenizer
          .computeIfAbsent(r.getAs("tokenizer"), k -> new LinkedHashMap<>())
          .put(r.getAs("category"), r);
    }
    Section s =
        new Section("mixture", "What the tokenizers were trained on (data-mixture inference)");
    s.addParagraph(
        "Each tokenizer's ordered BPE merge list was replayed over a sample of every category; a linear "
            + "program finds the category weights under which each merge was the most frequent pair when it was learned "
            + "(Hayase, Liu et al., NeurIPS 2024). Shares are relative to the categories given: text of a kind not among "
            + "them (code, other languages) is attributed to the most similar ones. Byte shares convert the LP's "
            + "pair-unit weights with each sample's bytes per pair; the paper's Table 4 shows pair units.");
    s.addChart(stacked("Inferred byte shares per tokenizer", byTokenizer, "share_bytes"));
    s.addChart(
        stacked("LP weights (pair units, as in the paper's Table 4)", byTokenizer, "share_pairs"));

    Table t =
        new Table(
            List.of(
                "tokenizer",
                "category",
                "share (bytes)",
                "share (pair units)",
                "truth (bytes)",
                "merges attacked",
                "missing merges",
                "objective",
                "converged"));
    for (Row r : rows) {
      Object truth = r.getAs("truth_byte_share") == null ? "" : r.<Double>getAs("truth_byte_share");
      t.addRow(
          List.<Object>of(
              r.<String>getAs("tokenizer"),
              r.<String>getAs("category"),
              r.<Double>getAs("share_bytes"),
              r.<Double>getAs("share_pairs"),
              truth,
              r.<Integer>getAs("merges_attacked"),
              r.<Integer>getAs("missing_merges"),
              r.<Double>getAs("objective"),
              r.<Boolean>getAs("converged")));
    }
    s.addTable(t);
    s.addNote(
        "Full tables: mixture, mixture_solver_trace, merge_pair_counts, merge_category_meta.");
    report.addSection(s);

    Map<String, Map<String, Double>> pairShares = new TreeMap<>();
    byTokenizer.forEach(
        (tokenizer, perCategory) ->
            perCategory.forEach(
                (category, r) ->
                    pairShares
                        .computeIfAbsent(tokenizer, k -> new TreeMap<>())
                        .put(category, r.<Double>getAs("share_pairs"))));
    Table4Comparison comparison = new Table4Comparison(pairShares);
    if (!comparison.isEmpty()) {
      addPaperComparison(report, comparison);
    }

    if (tables.exists(MixtureTables.MIXTURE_SOLVER_TRACE)) {
      addConvergence(report, tables);
    }
    if (tables.exists(MixtureTables.MIXTURE_CONTROLLED_SUMMARY)) {
      addControlled(report, tables);
    }
  }

  private static void addPaperComparison(
      dev.lingualens.common.report.Report report, Table4Comparison c) {
    Section s =
        new Section("mixture-paper", "Off-the-shelf tokenizers next to the paper's Table 4");
    s.addParagraph(
        "Hayase, Liu et al. (NeurIPS 2024, Table 4) infer these tokenizers' mixtures over 116 categories "
            + "of 1 GB each: 111 OSCAR languages, four English domains (web, books, academic, Wikipedia) and GitHub code, "
            + "attacking the first 30,000 merges. Our categories are the ones in the mixture table above (category names: "
            + "code, eng_<domain>, ISO 639-3 codes): other text, smaller samples, fewer languages, fewer merges. Text of a "
            + "kind that none of our categories represents is attributed to the most similar ones, so the digits are not "
            + "expected to match. What can be compared is the ordering: which tokenizer puts more weight on code, English "
            + "or other languages, and which languages rank high within one tokenizer. Our Gemma is Gemma 3, the paper's is "
            + "Gemma 1; Llama 3 is attacked, as in the paper, on its merges after cl100k's first 100,000 (mixture.offset).");
    List<Table4Comparison.Grouped> grouped = c.grouped();
    List<String> legend = List.of("code", "English", "non-English");
    StackedBarChart chart =
        new StackedBarChart("Main groups, LP weight (pair units): ours and the paper's", legend)
            .normalized(true);
    Table t =
        new Table(
            List.of(
                "tokenizer",
                "paper's column",
                "code: ours",
                "code: paper",
                "English: ours",
                "English: paper",
                "non-English: ours",
                "non-English: paper"));
    for (Table4Comparison.Grouped g : grouped) {
      double[] mine = new double[3];
      double[] paper = new double[3];
      for (Table4Comparison.Group group : Table4Comparison.Group.values()) {
        mine[group.ordinal()] = g.ours().get(group);
        paper[group.ordinal()] = g.paper().get(group);
      }
      chart.addBar(g.tokenizer() + " (ours)", mine);
      chart.addBar(g.paperColumn() + " (paper)", paper);
      String nonEnglish =
          pct(paper[2])
              + (PaperTable4.nonEnglishIsStated(g.paperColumn()) ? "" : " (100 − code − English)");
      t.addRow(
          List.<Object>of(
              g.tokenizer(),
              g.paperColumn(),
              pct(mine[0]),
              pct(paper[0]),
              pct(mine[1]),
              pct(paper[1]),
              pct(mine[2]),
              nonEnglish));
    }
    s.addChart(chart);
    s.addTable(t);

    List<Table4Comparison.Ordering> orderings = c.orderings();
    long agree = orderings.stream().filter(Table4Comparison.Ordering::agrees).count();
    s.addParagraph(
        String.format(
            Locale.ROOT,
            "Orderings: for every pair of these tokenizers that the paper "
                + "separates by at least %.0f points on a group, do our shares order them the same way? %d of %d do.",
            Table4Comparison.MIN_PAPER_GAP,
            agree,
            orderings.size()));
    Table o =
        new Table(
            List.of(
                "group",
                "paper: higher",
                "paper: lower",
                "paper (points)",
                "ours (points)",
                "same order"));
    for (Table4Comparison.Ordering x : orderings) {
      o.addRow(
          List.<Object>of(
              x.group().label,
              x.higher(),
              x.lower(),
              pct(x.paperHigher()) + " > " + pct(x.paperLower()),
              pct(x.oursHigher()) + " vs " + pct(x.oursLower()),
              x.agrees() ? "yes" : "NO"));
    }
    s.addTable(o);

    List<Table4Comparison.LanguageAgreement> languages = c.languageAgreement();
    if (!languages.isEmpty()) {
      Table l =
          new Table(
              List.of(
                  "tokenizer",
                  "languages in both",
                  "Spearman ρ (ours vs paper)",
                  "p",
                  "languages"));
      for (Table4Comparison.LanguageAgreement a : languages) {
        l.addRow(
            List.<Object>of(
                a.tokenizer(),
                a.languages(),
                a.spearman(),
                a.pValue(),
                String.join(" ", a.compared())));
      }
      s.addParagraph(
          "Within each tokenizer: rank correlation of the language shares over the languages that are both "
              + "among our categories and among the 17 language rows of Table 4 transcribed in methods.md 3.8.");
      s.addTable(l);
    }
    s.addNote(
        "Paper figures: Table 4 of arXiv 2407.16607 v4, via methods.md 3.8; English = web + books + academic + "
            + "Wikipedia; non-English as stated in the paper's text where it states one.");
    report.addSection(s);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static StackedBarChart stacked(
      String title, Map<String, Map<String, Row>> byTokenizer, String column) {
    TreeSet<String> shown = new TreeSet<>();
    for (Map<String, Row> perCategory : byTokenizer.values()) {
      perCategory.forEach(
          (category, r) -> {
            if (r.<Double>getAs(column) >= SMALL) {
              shown.add(category);
            }
          });
    }
    List<String> legend = new ArrayList<>(shown);
    legend.add("other (< 2% everywhere)");
    StackedBarChart c = new StackedBarChart(title, legend).normalized(true);
    byTokenizer.forEach(
        (tokenizer, perCategory) -> {
          double[] v = new double[legend.size()];
          perCategory.forEach(
              (category, r) -> {
                double share = Math.max(0, r.<Double>getAs(column));
                int i = legend.indexOf(category);
                v[i >= 0 ? i : legend.size() - 1] += share;
              });
          c.addBar(tokenizer, v);
        });
    return c;
  }

  private static void addConvergence(
      dev.lingualens.common.report.Report report, ReportJob.TableReader tables) {
    List<Row> trace =
        tables
            .sql(
                "SELECT * FROM mixture_solver_trace ORDER BY tokenizer, epoch",
                MixtureTables.MIXTURE_SOLVER_TRACE)
            .collectAsList();
    if (trace.isEmpty()) {
      return;
    }
    Map<String, List<Row>> byTokenizer = new TreeMap<>();
    trace.forEach(
        r -> byTokenizer.computeIfAbsent(r.getAs("tokenizer"), k -> new ArrayList<>()).add(r));
    LineChart objective =
        new LineChart("LP objective Σv_t + Σv_p after each epoch")
            .xLabel("epoch")
            .yLabel("objective");
    LineChart rows =
        new LineChart("Constraints in the LP after each epoch").xLabel("epoch").yLabel("rows");
    Table t =
        new Table(
            List.of(
                "tokenizer",
                "epochs",
                "constraints",
                "pair variables",
                "final objective",
                "solve s (total)",
                "wall s (total)",
                "missing merges"));
    byTokenizer.forEach(
        (tokenizer, list) -> {
          List<Double> x = new ArrayList<>();
          List<Double> obj = new ArrayList<>();
          List<Double> total = new ArrayList<>();
          double solve = 0;
          double wall = 0;
          for (Row r : list) {
            x.add((double) r.<Integer>getAs("epoch"));
            obj.add(r.getAs("objective"));
            total.add((double) r.<Integer>getAs("total_constraints"));
            solve += r.<Double>getAs("solve_seconds");
            wall += r.<Double>getAs("wall_seconds");
          }
          objective.addSeries(tokenizer, x, obj);
          rows.addSeries(tokenizer, x, total);
          Row last = list.get(list.size() - 1);
          t.addRow(
              List.<Object>of(
                  tokenizer,
                  list.size(),
                  last.<Integer>getAs("total_constraints"),
                  last.<Integer>getAs("pair_variables"),
                  last.<Double>getAs("objective"),
                  solve,
                  wall,
                  last.<Integer>getAs("missing_merges")));
        });
    Section s = new Section("mixture-solver", "Mixture solver convergence");
    s.addParagraph(
        "Lazy constraint generation: each epoch scans the merge steps for pairs that beat the merge "
            + "actually learned by more than the slack allows (up to mixture.solver.batch-size per step; the scan stops "
            + "early after mixture.solver.max-add rows, 0 = never), lets in each competing pair's "
            + "mixture.solver.per-pair most violated rows (and of those the mixture.solver.add-worst most violated, 0 = all), "
            + "drops rows not binding for mixture.solver.drop-after solves, and re-solves with GLOP (the paper: 10 rows "
            + "per step, 100 per epoch, every row let in, none dropped; the values of this run are in its config in the runs table). The "
            + "loop stops when a scan finds nothing violated, which proves the solution optimal for the full LP.");
    s.addChart(objective);
    s.addChart(rows);
    s.addTable(t);
    report.addSection(s);
  }

  private static void addControlled(
      dev.lingualens.common.report.Report report, ReportJob.TableReader tables) {
    List<Row> summary =
        tables
            .sql(
                "SELECT * FROM mixture_controlled_summary ORDER BY mixture_type, n, "
                    + "CASE method WHEN 'random' THEN 0 WHEN 'tee' THEN 1 WHEN 'tc' THEN 2 ELSE 3 END",
                MixtureTables.MIXTURE_CONTROLLED_SUMMARY)
            .collectAsList();
    if (summary.isEmpty()) {
      return;
    }
    // The paper's Table 1 (languages, 100 trials, 1 GB per category, 30,000 merges) for comparison.
    Map<String, String> paper =
        Map.of(
            "5|random",
            "−1.39 ± 0.36",
            "5|tee",
            "−2.02 ± 0.41",
            "5|tc",
            "−2.12 ± 0.49",
            "5|ours",
            "−7.30 ± 1.31",
            "10|random",
            "−1.84 ± 0.23",
            "10|tee",
            "−2.29 ± 0.26",
            "10|tc",
            "−2.55 ± 0.36",
            "10|ours",
            "−7.66 ± 1.04");
    Table t =
        new Table(
            List.of(
                "categories",
                "n",
                "method",
                "trials",
                "log10 MSE (mean ± std)",
                "paper, languages (Table 1)"));
    for (Row r : summary) {
      String key = r.<Integer>getAs("n") + "|" + r.getAs("method");
      t.addRow(
          List.<Object>of(
              r.<String>getAs("mixture_type"),
              r.<Integer>getAs("n"),
              r.<String>getAs("method"),
              r.<Integer>getAs("trials"),
              String.format(
                  Locale.ROOT,
                  "%.2f ± %.2f",
                  r.<Double>getAs("mean_log10_mse"),
                  r.<Double>getAs("std_log10_mse")),
              paper.getOrDefault(key, "")));
    }
    Section s = new Section("mixture-controlled", "Controlled data-mixture experiments");
    s.addParagraph(
        "Tokenizers trained by lingualens on known byte mixtures of n categories (uniform simplex "
            + "weights), attacked with pair counts from disjoint text of the same categories. Lower is better; random = "
            + "an independent simplex draw, TEE = encoding-efficiency regression (leave-one-trial-out), TC = token "
            + "classification. Our samples and tokenizers are far smaller than the paper's (see mixture_controlled "
            + "for sizes), so compare the gaps between methods rather than the digits.");
    s.addTable(t);
    report.addSection(s);
  }
}
