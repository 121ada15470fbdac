package dev.lingualens.jobs.report;

import dev.lingualens.common.report.HeatMap;
import dev.lingualens.common.report.Report;
import dev.lingualens.common.report.Section;
import dev.lingualens.common.report.Table;
import dev.lingualens.common.schema.NeuronTables;
import dev.lingualens.common.schema.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * Language-specific neurons (Tang et al., ACL 2024): where they sit (layer × language), which
 * languages share them, and what zeroing them does to each language's NLL.
 */
final class NeuronSection implements ReportJob.ReportSection {
  @Override
  public List<Tables.Table> alsoShows() {
    return List.of(NeuronTables.ABLATION);
  }

  @Override
  public List<Tables.Table> requires() {
    return List.of(NeuronTables.LANGUAGE_NEURONS, NeuronTables.LAPE_THRESHOLDS);
  }

  @Override
  public void addTo(Report report, ReportJob.TableReader tables) {
    for (Row t :
        tables
            .sql("SELECT * FROM lape_thresholds ORDER BY model", NeuronTables.LAPE_THRESHOLDS)
            .collectAsList()) {
      String model = t.getAs("model");
      Section s =
          new Section(
              "neurons-" + model.replaceAll("[^A-Za-z0-9_-]", "-"),
              "Language-specific neurons: " + model);
      s.addParagraph(
          "LAPE (Tang et al., ACL 2024): activation probability of every FFN neuron per language, entropy "
              + "over languages, threshold τ = "
              + t.<Double>getAs("tau")
              + " (the "
              + t.<Double>getAs("filter_rate")
              + " quantile of all "
              + t.<Long>getAs("n_probabilities")
              + " probabilities), bottom "
              + t.<Double>getAs("top_rate")
              + " of neurons by entropy: "
              + t.<Long>getAs("m")
              + " selected, "
              + t.<Long>getAs("union_size")
              + " in some language's mask.");
      List<Row> rows =
          tables
              .sql(
                  "SELECT lang, layer, neuron FROM language_neurons WHERE model = '"
                      + model.replace("'", "''")
                      + "'",
                  NeuronTables.LANGUAGE_NEURONS)
              .collectAsList();
      TreeSet<String> langs = new TreeSet<>();
      int layers = 0;
      Map<String, Set<String>> members = new TreeMap<>();
      for (Row r : rows) {
        langs.add(r.getAs("lang"));
        layers = Math.max(layers, r.<Integer>getAs("layer") + 1);
        members
            .computeIfAbsent(r.getAs("lang"), k -> new HashSet<>())
            .add(r.<Integer>getAs("layer") + ":" + r.<Integer>getAs("neuron"));
      }
      if (rows.isEmpty()) {
        s.addParagraph("No neuron passed the selection.");
        report.addSection(s);
        continue;
      }
      List<String> layerLabels = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        layerLabels.add("L" + l);
      }
      HeatMap perLayer =
          new HeatMap("Language neurons per layer", new ArrayList<>(langs), layerLabels)
              .showValues(layers <= 40)
              .valueLabel("neurons");
      for (String lang : langs) {
        double[] counts = new double[layers];
        for (String m : members.get(lang)) {
          counts[Integer.parseInt(m.substring(0, m.indexOf(':')))]++;
        }
        perLayer.setRow(lang, counts);
      }
      s.addChart(perLayer);
      HeatMap overlap =
          new HeatMap(
                  "Shared neurons between languages",
                  new ArrayList<>(langs),
                  new ArrayList<>(langs))
              .showValues(true)
              .valueLabel("neurons in both masks");
      for (String a : langs) {
        for (String b : langs) {
          Set<String> both = new HashSet<>(members.get(a));
          both.retainAll(members.get(b));
          overlap.set(a, b, both.size());
        }
      }
      s.addChart(overlap);
      if (tables.exists(NeuronTables.ABLATION)) {
        addAblation(s, model, tables);
      }
      report.addSection(s);
    }
  }

  private static void addAblation(Section s, String model, ReportJob.TableReader tables) {
    List<Row> rows =
        tables
            .sql(
                "SELECT masked_lang, eval_lang, nll, delta_nll, n_tokens FROM ablation WHERE model = '"
                    + model.replace("'", "''")
                    + "' ORDER BY masked_lang, eval_lang",
                NeuronTables.ABLATION)
            .collectAsList();
    if (rows.isEmpty()) {
      return;
    }
    TreeSet<String> masked = new TreeSet<>();
    TreeSet<String> evals = new TreeSet<>();
    Map<String, Double> delta = new HashMap<>();
    Table t = new Table(List.of("masked", "evaluated", "NLL", "ΔNLL", "tokens"));
    for (Row r : rows) {
      String maskedLang = r.getAs("masked_lang");
      String evalLang = r.getAs("eval_lang");
      masked.add(maskedLang);
      evals.add(evalLang);
      delta.put(maskedLang + ">" + evalLang, r.<Double>getAs("delta_nll"));
      t.addRow(
          List.of(
              maskedLang,
              evalLang,
              r.<Double>getAs("nll"),
              r.<Double>getAs("delta_nll"),
              r.<Long>getAs("n_tokens")));
    }
    masked.remove("none");
    HeatMap h =
        new HeatMap(
                "ΔNLL when a language's neurons are zeroed (rows: masked, columns: evaluated)",
                new ArrayList<>(masked),
                new ArrayList<>(evals))
            .diverging(true)
            .showValues(true)
            .valueLabel("ΔNLL (nats/token)");
    for (String m : masked) {
      for (String e : evals) {
        h.set(m, e, delta.getOrDefault(m + ">" + e, Double.NaN));
      }
    }
    s.addChart(h);
    s.addParagraph(
        "NLL is the mean negative log-likelihood per predicted token on held-out windows (the first "
            + "position of each window has no prediction); Δ is against the same windows without ablation.");
    s.addTable(t);
  }
}
