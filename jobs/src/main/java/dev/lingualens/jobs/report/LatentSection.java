package dev.lingualens.jobs.report;

import dev.lingualens.common.lens.LensPrompts;
import dev.lingualens.common.report.Format;
import dev.lingualens.common.report.LineChart;
import dev.lingualens.common.report.Report;
import dev.lingualens.common.report.Section;
import dev.lingualens.common.report.Table;
import dev.lingualens.common.schema.LatentTables;
import dev.lingualens.common.schema.Tables;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * The latent language: per model, task and target, the lens probability of the target's answer, of
 * English's and of the strongest other language against layer (the picture of Wendler et al. 2024,
 * Fig. 2), with bootstrap bands, the entropy of each layer, and a table of which language dominates
 * the middle layers.
 */
final class LatentSection implements ReportJob.ReportSection {
  @Override
  public List<Tables.Table> requires() {
    return List.of(LatentTables.LATENT_LANGUAGE_SUMMARY, LatentTables.LATENT_LANGUAGE_TOP);
  }

  @Override
  public void addTo(Report report, ReportJob.TableReader tables) {
    List<Row> top =
        tables
            .sql(
                "SELECT * FROM latent_language_top ORDER BY model, task, rule, tgt",
                LatentTables.LATENT_LANGUAGE_TOP)
            .collectAsList();
    if (top.isEmpty()) {
      return;
    }
    // the charts show one rule: Wendler's prefix rule when it was computed
    String rule =
        top.stream().anyMatch(r -> r.getAs("rule").equals("prefix"))
            ? "prefix"
            : top.get(0).getAs("rule");
    List<Row> summary =
        tables
            .sql(
                "SELECT * FROM latent_language_summary WHERE rule = '"
                    + rule
                    + "' ORDER BY model, task, tgt, lang, layer",
                LatentTables.LATENT_LANGUAGE_SUMMARY)
            .collectAsList();
    Section s = new Section("latent", "Latent language (logit lens)");
    s.addParagraph(
        "Each prompt asks for a word in a target language (few-shot translation or repetition, as in Wendler et al. "
            + "2024). At every layer the last prompt position's residual stream goes through the model's own final norm "
            + "and unembedding; the curves are the probability mass of each language's answer word (rule: "
            + rule
            + "; prefix = every token that begins the word) with 95 % bootstrap bands over items. Lens layer 0 is "
            + "the embedding output, the last lens layer is the model's real prediction. Wendler et al. found that "
            + "Llama-2 puts most mass on the English word in the middle layers before the target word wins late; "
            + "a model that routes through English shows the English curve rising first.");
    s.addParagraph(verdict(top, rule));
    Map<String, List<Row>> groups = new TreeMap<>();
    for (Row r : summary) {
      groups
          .computeIfAbsent(
              r.getAs("model") + " · " + r.getAs("task") + " · " + r.getAs("tgt"),
              k -> new ArrayList<>())
          .add(r);
    }
    for (Map.Entry<String, List<Row>> g : groups.entrySet()) {
      Row first = g.getValue().get(0);
      String tgt = first.getAs("tgt");
      Set<String> shown = new LinkedHashSet<>(List.of(tgt, "eng"));
      top.stream()
          .filter(
              t ->
                  t.getAs("model").equals(first.getAs("model"))
                      && t.getAs("task").equals(first.getAs("task"))
                      && t.getAs("tgt").equals(tgt)
                      && t.getAs("rule").equals(rule)
                      && t.getAs("latent_lang") != null)
          .forEach(t -> shown.add(t.getAs("latent_lang")));
      LineChart chart =
          new LineChart(g.getKey() + " (" + LensPrompts.languageName(tgt) + ")")
              .xLabel("lens layer")
              .yLabel("probability");
      for (String lang : shown) {
        List<Row> rows = g.getValue().stream().filter(r -> r.getAs("lang").equals(lang)).toList();
        if (rows.isEmpty()) {
          continue;
        }
        double[] x = rows.stream().mapToDouble(r -> r.<Integer>getAs("layer")).toArray();
        String name = (lang.equals(tgt) ? "target " : "") + lang;
        chart.addSeries(name, x, rows.stream().mapToDouble(r -> r.<Double>getAs("mean")).toArray());
        chart.addBand(
            name,
            x,
            rows.stream().mapToDouble(r -> r.<Double>getAs("ci_low")).toArray(),
            rows.stream().mapToDouble(r -> r.<Double>getAs("ci_high")).toArray());
      }
      List<Row> tgtRows = g.getValue().stream().filter(r -> r.getAs("lang").equals(tgt)).toList();
      chart.caption(
          "entropy (nats) by layer: "
              + String.join(
                  " · ",
                  tgtRows.stream()
                      .map(r -> r.getAs("layer") + ": " + Format.number(r.<Double>getAs("entropy")))
                      .toList())
              + " — n = "
              + (tgtRows.isEmpty() ? 0 : tgtRows.get(0).<Long>getAs("n"))
              + " items");
      s.addChart(chart);
    }
    Table t =
        new Table(
            List.of(
                "model",
                "task",
                "src→tgt",
                "rule",
                "middle layers",
                "latent language",
                "its mass",
                "target mass",
                "English mass",
                "target at last layer",
                "n"));
    for (Row r : top) {
      t.addRow(
          List.<Object>of(
              r.<String>getAs("model"),
              r.<String>getAs("task"),
              r.<String>getAs("src") + "→" + r.<String>getAs("tgt"),
              r.<String>getAs("rule"),
              r.<Integer>getAs("mid_first") + "–" + r.<Integer>getAs("mid_last"),
              String.valueOf((Object) r.getAs("latent_lang")),
              cell(r, "latent_mass"),
              cell(r, "tgt_mass"),
              cell(r, "en_mass"),
              cell(r, "tgt_final"),
              r.<Long>getAs("n")));
    }
    s.addTable(
        t.caption(
            "Which language other than the target holds the most mass in the middle lens layers"));
    s.addNote(
        "Full tables: latent_language (every item, layer, language and rule), latent_layers (entropy and decoded"
            + " top tokens per item and layer), latent_language_summary, latent_language_top.");
    report.addSection(s);
  }

  private static String cell(Row r, String column) {
    Object v = r.getAs(column);
    return v == null ? "–" : Format.number((Double) v);
  }

  /**
   * What the table says, in words: per model and task, how often English (or another language)
   * dominates the middle layers, and how much mass the target has by the last layer.
   */
  static String verdict(List<Row> top, String rule) {
    Map<String, List<Row>> byModel = new TreeMap<>();
    for (Row r : top) {
      if (r.getAs("rule").equals(rule)) {
        byModel
            .computeIfAbsent(
                r.getAs("model") + " (" + r.getAs("task") + ")", k -> new ArrayList<>())
            .add(r);
      }
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, List<Row>> e : byModel.entrySet()) {
      Map<String, Integer> winners = new TreeMap<>();
      double finalMass = 0;
      int targets = 0;
      for (Row r : e.getValue()) {
        if (r.getAs("latent_lang") != null) {
          winners.merge(r.getAs("latent_lang"), 1, Integer::sum);
        }
        if (r.getAs("tgt_final") != null) {
          finalMass += r.<Double>getAs("tgt_final");
          targets++;
        }
      }
      String lead =
          winners.entrySet().stream()
              .max(Map.Entry.comparingByValue())
              .map(
                  w ->
                      w.getKey()
                          + " for "
                          + w.getValue()
                          + " of "
                          + e.getValue().size()
                          + " targets")
              .orElse("no language");
      parts.add(
          e.getKey()
              + ": the strongest non-target language in the middle layers is "
              + lead
              + "; the target word gets "
              + Format.number(targets == 0 ? 0 : finalMass / targets)
              + " of the mass at the last layer on average");
    }
    return "This run — "
        + String.join("; ", parts)
        + ". A small or briefly trained model (like the demo's 1.2 M-parameter one, four layers, trained on a few"
        + " UDHR documents) barely predicts the answer words at all, so its curves are near zero and mostly noise:"
        + " it can exercise the pipeline, not answer the papers' question.";
  }
}
