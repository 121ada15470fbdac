package dev.lingualens.jobs.latent;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.collect_list;

import dev.lingualens.common.metrics.ranker.Bootstrap;
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.TableRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The aggregates of {@code latent}: mean probability per layer and language with a percentile
 * bootstrap interval over items, and per (model, task, pair, rule) the language other than the
 * target that holds the most mass in the middle layers.
 */
final class LatentSummary {
  static final StructType SUMMARY =
      StructType.fromDDL(
          "model string, task string, src string, tgt string, rule string, layer int, lang string, "
              + "mean double, ci_low double, ci_high double, entropy double, n bigint");
  static final StructType TOP =
      StructType.fromDDL(
          "model string, task string, src string, tgt string, rule string, mid_first int, "
              + "mid_last int, latent_lang string, latent_mass double, tgt_mass double, "
              + "en_mass double, tgt_final double, n bigint");

  private LatentSummary() {}

  static Dataset<Row> summary(Dataset<Row> probs, Dataset<Row> layers, LatentSettings s) {
    Dataset<Row> entropy =
        layers.groupBy("model", "task", "src", "tgt", "layer").agg(avg("entropy").as("entropy"));
    Dataset<Row> grouped =
        probs
            .groupBy("model", "task", "src", "tgt", "rule", "layer", "lang")
            .agg(collect_list("prob").as("probs"))
            .join(entropy, scalaSeq("model", "task", "src", "tgt", "layer"), "left");
    int resamples = s.resamples();
    double level = s.level();
    long seed = s.seed();
    return grouped.map(
        (MapFunction<Row, Row>)
            r -> {
              List<Double> values = new ArrayList<>(RowValues.<Double>list(r, "probs"));
              values.sort(null); // collect_list's order is not stable; the interval must be
              double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
              double mean = 0;
              for (double x : v) {
                mean += x;
              }
              mean /= v.length;
              String key =
                  String.join(
                      "|",
                      r.<String>getAs("model"),
                      r.getAs("task"),
                      r.getAs("src"),
                      r.getAs("tgt"),
                      r.getAs("rule"),
                      String.valueOf(r.<Integer>getAs("layer")),
                      r.getAs("lang"));
              Bootstrap.Interval ci =
                  Bootstrap.meanInterval(v, resamples, level, seed ^ key.hashCode());
              return TableRow.of(SUMMARY)
                  .set("model", r.getAs("model"))
                  .set("task", r.getAs("task"))
                  .set("src", r.getAs("src"))
                  .set("tgt", r.getAs("tgt"))
                  .set("rule", r.getAs("rule"))
                  .set("layer", r.getAs("layer"))
                  .set("lang", r.getAs("lang"))
                  .set("mean", mean)
                  .set("ci_low", ci.low())
                  .set("ci_high", ci.high())
                  .set("entropy", r.getAs("entropy"))
                  .set("n", (long) v.length)
                  .build();
            },
        Encoders.row(SUMMARY));
  }

  /**
   * The middle band of lens layers 0..L: from ⌈from·L⌉ to ⌊to·L⌋, or the one layer nearest the
   * band's centre when that is empty (very shallow models).
   */
  static int[] band(int lastLayer, double from, double to) {
    int first = (int) Math.ceil(from * lastLayer - 1e-9);
    int last = (int) Math.floor(to * lastLayer + 1e-9);
    if (first > last) {
      first = last = (int) Math.round((from + to) / 2 * lastLayer);
    }
    return new int[] {first, last};
  }

  /**
   * Per (model, task, src, tgt, rule), from the summary rows (one per layer and language: small,
   * bounded by the configuration, not by the data).
   */
  static List<Row> top(List<Row> summary, LatentSettings s) {
    Map<String, List<Row>> groups = new LinkedHashMap<>();
    for (Row r : summary) {
      String key =
          String.join(
              "\t",
              r.<String>getAs("model"),
              r.getAs("task"),
              r.getAs("src"),
              r.getAs("tgt"),
              r.getAs("rule"));
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    List<Row> out = new ArrayList<>();
    for (List<Row> g : groups.values()) {
      int lastLayer = g.stream().mapToInt(r -> r.<Integer>getAs("layer")).max().orElse(0);
      int[] band = band(lastLayer, s.midFrom(), s.midTo());
      Map<String, double[]> mass = new HashMap<>(); // lang -> {sum over band, layers seen}
      Map<String, Double> last = new HashMap<>();
      long n = 0;
      String tgt = g.get(0).getAs("tgt");
      for (Row r : g) {
        int layer = r.getAs("layer");
        String lang = r.getAs("lang");
        if (layer >= band[0] && layer <= band[1]) {
          double[] m = mass.computeIfAbsent(lang, k -> new double[2]);
          m[0] += r.<Double>getAs("mean");
          m[1]++;
        }
        if (layer == lastLayer) {
          last.put(lang, r.getAs("mean"));
        }
        if (lang.equals(tgt)) {
          n = Math.max(n, r.<Long>getAs("n"));
        }
      }
      String best = null;
      double bestMass = -1;
      for (Map.Entry<String, double[]> e : mass.entrySet()) {
        double m = e.getValue()[0] / e.getValue()[1];
        if (!e.getKey().equals(tgt)
            && (m > bestMass || (m == bestMass && e.getKey().compareTo(best) < 0))) {
          best = e.getKey();
          bestMass = m;
        }
      }
      Row first = g.get(0);
      out.add(
          TableRow.of(TOP)
              .set("model", first.getAs("model"))
              .set("task", first.getAs("task"))
              .set("src", first.getAs("src"))
              .set("tgt", tgt)
              .set("rule", first.getAs("rule"))
              .set("mid_first", band[0])
              .set("mid_last", band[1])
              .set("latent_lang", best)
              .set("latent_mass", best == null ? null : bestMass)
              .set("tgt_mass", meanOf(mass.get(tgt)))
              .set("en_mass", meanOf(mass.get(LatentSettings.ENGLISH)))
              .set("tgt_final", last.get(tgt))
              .set("n", n)
              .build());
    }
    return out;
  }

  private static Double meanOf(double[] m) {
    return m == null ? null : m[0] / m[1];
  }

  static scala.collection.immutable.Seq<String> scalaSeq(String... names) {
    return scala.collection.JavaConverters.asScalaBuffer(List.of(names)).toList();
  }
}
