package dev.lingualens.jobs.report;

import dev.lingualens.common.report.HeatMap;
import dev.lingualens.common.report.Report;
import dev.lingualens.common.report.Section;
import dev.lingualens.common.report.Table;
import dev.lingualens.common.schema.RankerTables;
import dev.lingualens.common.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * Cross-lingual retrieval: P@1 heat map (layer × target language) per model, and the deepest layer
 * as a table.
 */
final class RetrievalSection implements ReportJob.ReportSection {
  @Override
  public List<Tables.Table> requires() {
    return List.of(RankerTables.BITEXT_RETRIEVAL);
  }

  @Override
  public void addTo(Report report, ReportJob.TableReader tables) {
    List<Row> rows =
        tables
            .sql(
                "SELECT * FROM bitext_retrieval ORDER BY model, layer, src, tgt",
                RankerTables.BITEXT_RETRIEVAL)
            .collectAsList();
    if (rows.isEmpty()) {
      return;
    }
    Section s = new Section("retrieval", "Cross-lingual sentence retrieval");
    s.addParagraph(
        "Each aligned unit in the source language looks for its translation among all units of the "
            + "target language by cosine (P@1, both directions averaged; xsim error = 1 − P@1), and by the ratio "
            + "margin with k neighbours (Artetxe & Schwenk 2019), which discounts 'hub' sentences close to everything. "
            + "Chance level is 1/n.");
    Table t =
        new Table(
            List.of(
                "model",
                "layer",
                "pooling",
                "src",
                "tgt",
                "n",
                "P@1 src→tgt",
                "P@1 tgt→src",
                "P@1 avg",
                "margin P@1 avg"));
    for (Map.Entry<String, List<Row>> m : RankerSection.group(rows, "model").entrySet()) {
      TreeSet<Integer> layers = new TreeSet<>();
      TreeSet<String> langs = new TreeSet<>();
      for (Row r : m.getValue()) {
        layers.add(r.getAs("layer"));
        langs.add(r.getAs("src") + "→" + r.getAs("tgt"));
      }
      List<String> rowLabels = layers.stream().map(l -> "layer " + l).toList();
      HeatMap map =
          new HeatMap(
                  "P@1 (mean of both directions) — " + m.getKey(),
                  rowLabels,
                  new ArrayList<>(langs))
              .colorDomain(0, 1)
              .valueLabel("P@1");
      for (Row r : m.getValue()) {
        map.set(
            "layer " + r.getAs("layer"), r.getAs("src") + "→" + r.getAs("tgt"), r.getAs("p1_avg"));
        if (r.<Integer>getAs("layer").equals(layers.last())) {
          t.addRow(
              List.of(
                  r.getAs("model"),
                  r.getAs("layer"),
                  r.getAs("pooling"),
                  r.getAs("src"),
                  r.getAs("tgt"),
                  r.getAs("n"),
                  r.getAs("p1_src2tgt"),
                  r.getAs("p1_tgt2src"),
                  r.getAs("p1_avg"),
                  r.getAs("p1_margin_avg")));
        }
      }
      s.addChart(map);
    }
    s.addTable(t.caption("Deepest layer of each model"));
    s.addNote("Full table: bitext_retrieval (every layer).");
    report.addSection(s);
  }
}
