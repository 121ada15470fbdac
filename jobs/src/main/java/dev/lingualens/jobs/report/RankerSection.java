package dev.lingualens.jobs.report;

import dev.lingualens.common.corpus.LanguageCodes;
import dev.lingualens.common.report.HorizontalBarChart;
import dev.lingualens.common.report.LineChart;
import dev.lingualens.common.report.Report;
import dev.lingualens.common.report.ScatterChart;
import dev.lingualens.common.report.Section;
import dev.lingualens.common.report.Table;
import dev.lingualens.common.schema.RankerTables;
import dev.lingualens.common.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Language Ranker (methods.md Method 1): per-layer similarity curves, ranked scores with bootstrap
 * CIs, and score against each reference share table with the correlations, one block per model.
 */
final class RankerSection implements ReportJob.ReportSection {
  static final String PRESET = "ALL";

  @Override
  public List<Tables.Table> alsoShows() {
    return List.of(RankerTables.RANK_CORRELATION);
  }

  @Override
  public List<Tables.Table> requires() {
    return List.of(RankerTables.LANGUAGE_LAYER_SIMILARITY, RankerTables.LANGUAGE_RANK);
  }

  @Override
  public void addTo(Report report, ReportJob.TableReader tables) {
    List<Row> layers =
        tables
            .sql(
                "SELECT * FROM language_layer_similarity ORDER BY model, lang, layer",
                RankerTables.LANGUAGE_LAYER_SIMILARITY)
            .collectAsList();
    List<Row> ranks =
        tables
            .sql(
                "SELECT * FROM language_rank ORDER BY model, layer_preset, rank",
                RankerTables.LANGUAGE_RANK)
            .collectAsList();
    List<Row> corr =
        tables.exists(RankerTables.RANK_CORRELATION)
            ? tables
                .sql(
                    "SELECT * FROM rank_correlation ORDER BY model, reference, layer_preset",
                    RankerTables.RANK_CORRELATION)
                .collectAsList()
            : List.of();
    Map<String, List<Row>> layersByModel = group(layers, "model");
    Map<String, List<Row>> ranksByModel = group(ranks, "model");
    for (var m : layersByModel.entrySet()) {
      String model = m.getKey();
      String ref = m.getValue().get(0).getAs("reference_lang");
      Section s = new Section("ranker-" + model, "Language Ranker: " + model);
      s.addParagraph(
          "Cosine similarity between the "
              + LanguageCodes.name(ref)
              + " text and its translation, per "
              + "layer (pooling '"
              + m.getValue().get(0).getAs("pooling")
              + "'), averaged over aligned pairs "
              + "(Li et al., AAAI 2025). Layer L of a decoder is after the final norm, as in HF's hidden_states. "
              + "Higher = the model represents the language closer to "
              + LanguageCodes.name(ref)
              + ".");
      s.addChart(curves(model, m.getValue()));
      List<Row> all =
          ranksByModel.getOrDefault(model, List.of()).stream()
              .filter(r -> PRESET.equals(r.getAs("layer_preset")))
              .toList();
      if (!all.isEmpty()) {
        s.addChart(bars(model, all));
      }
      all.stream()
          .filter(r -> r.getAs("reference") != null)
          .findFirst()
          .ifPresent(
              r -> {
                String reference = r.getAs("reference");
                s.addChart(scatter(model, reference, all));
                for (Row c : corr) {
                  if (model.equals(c.getAs("model"))
                      && PRESET.equals(c.getAs("layer_preset"))
                      && reference.equals(c.getAs("reference"))) {
                    s.addParagraph(
                        String.format(
                            "Against %s (n = %d listed languages): Pearson r = %s (log10: %s), "
                                + "Spearman rho = %s (p = %s), Kendall tau-b = %s (p = %s).",
                            reference,
                            c.<Integer>getAs("n"),
                            fmt(c, "pearson_r"),
                            fmt(c, "pearson_log_r"),
                            fmt(c, "spearman"),
                            fmt(c, "spearman_p"),
                            fmt(c, "kendall"),
                            fmt(c, "kendall_p")));
                  }
                }
              });
      report.addSection(s);
    }
    if (!corr.isEmpty()) {
      Section s =
          new Section("ranker-correlation", "Language Ranker: correlation with known data shares");
      s.addParagraph(
          "Score vs each reference share table, on the languages the table lists (the reference "
              + "language excluded). Pearson on raw % and on log10(%), Spearman rho and Kendall tau-b with two-sided "
              + "p-values (Kendall: normal approximation with tie-corrected variance). spearman_all also counts the "
              + "languages the table does not list, tied at the bottom. With few languages, read the p-values, "
              + "not only the coefficients.");
      Table t =
          new Table(
              List.of(
                  "model",
                  "reference",
                  "preset",
                  "n",
                  "pearson r",
                  "p",
                  "pearson log r",
                  "p",
                  "spearman",
                  "p",
                  "kendall tau-b",
                  "p",
                  "n all",
                  "spearman all",
                  "p"));
      for (Row c : corr) {
        t.addRow(
            List.of(
                c.getAs("model"),
                c.getAs("reference"),
                c.getAs("layer_preset"),
                c.getAs("n"),
                cell(c, "pearson_r"),
                cell(c, "pearson_p"),
                cell(c, "pearson_log_r"),
                cell(c, "pearson_log_p"),
                cell(c, "spearman"),
                cell(c, "spearman_p"),
                cell(c, "kendall"),
                cell(c, "kendall_p"),
                c.getAs("n_all"),
                cell(c, "spearman_all"),
                cell(c, "spearman_all_p")));
      }
      s.addTable(t);
      s.addNote(
          "Full tables: language_rank, rank_correlation, rank_agreement, language_layer_similarity.");
      report.addSection(s);
    }
  }

  private static LineChart curves(String model, List<Row> rows) {
    LineChart chart =
        new LineChart("Similarity to the reference language per layer — " + model)
            .xLabel("layer")
            .yLabel("mean cosine");
    for (var lang : group(rows, "lang").entrySet()) {
      List<Integer> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (Row r : lang.getValue()) {
        x.add(r.getAs("layer"));
        y.add(r.getAs("mean_cos"));
      }
      chart.addSeries(lang.getKey(), x, y);
    }
    return chart;
  }

  private static HorizontalBarChart bars(String model, List<Row> ranked) {
    HorizontalBarChart chart =
        new HorizontalBarChart(
                "Score (preset "
                    + PRESET
                    + ", layers "
                    + ranked.get(0).getAs("layers")
                    + ") with 95 % bootstrap CI — "
                    + model)
            .xLabel("score");
    for (Row r : ranked) {
      chart.addBar(
          r.getAs("rank") + ". " + r.getAs("lang"),
          r.getAs("score"),
          r.getAs("ci_low"),
          r.getAs("ci_high"));
    }
    return chart;
  }

  private static ScatterChart scatter(String model, String reference, List<Row> ranked) {
    ScatterChart chart =
        new ScatterChart("Score vs share in " + reference + " — " + model)
            .xLabel("share of training data (%, log)")
            .yLabel("score")
            .logX(true)
            .labelPoints(true);
    for (Row r : ranked) {
      if (r.getAs("reference_share_pct") != null) {
        chart.addPoint(r.getAs("lang"), r.getAs("reference_share_pct"), r.getAs("score"));
      }
    }
    return chart;
  }

  private static String fmt(Row r, String column) {
    return r.getAs(column) == null ? "undefined" : String.format("%.3f", r.<Double>getAs(column));
  }

  private static Object cell(Row r, String column) {
    return r.getAs(column) == null ? "—" : r.getAs(column);
  }

  static Map<String, List<Row>> group(List<Row> rows, String column) {
    Map<String, List<Row>> out = new TreeMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.getAs(column), k -> new ArrayList<>()).add(r);
    }
    return out;
  }
}
