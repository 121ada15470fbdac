package dev.lingualens.jobs.rank;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * One model's pair cosines on the driver, arranged as lang → pair → cos per layer. A pair is kept
 * only when it has every layer the model's representations have (a partial pair would bias the
 * per-layer means).
 */
final class LanguagePairs {
  final String model;
  final String pooling;

  /** Layer numbers present, ascending (1..L, or only L for an ONNX encoder). */
  final int[] layers;

  /** lang → [pair][layer index] */
  final Map<String, double[][]> cosines = new TreeMap<>();

  private LanguagePairs(String model, String pooling, int[] layers) {
    this.model = model;
    this.pooling = pooling;
    this.layers = layers;
  }

  /** Groups collected PairCosines rows by (model, pooling). */
  static List<LanguagePairs> group(List<Row> rows) {
    Map<String, Map<String, Map<String, Map<Integer, Double>>>> byModel = new TreeMap<>();
    Map<String, TreeSet<Integer>> layersOf = new TreeMap<>();
    for (Row r : rows) {
      String key = r.<String>getAs("model") + "\u0000" + r.<String>getAs("pooling");
      String pair =
          r.<String>getAs("corpus")
              + "\u0000"
              + r.<String>getAs("align_id")
              + "\u0000"
              + r.<String>getAs("doc_id");
      byModel
          .computeIfAbsent(key, k -> new TreeMap<>())
          .computeIfAbsent(r.getAs("lang"), k -> new TreeMap<>())
          .computeIfAbsent(pair, k -> new TreeMap<>())
          .put(r.<Integer>getAs("layer"), r.<Double>getAs("cos"));
      layersOf.computeIfAbsent(key, k -> new TreeSet<>()).add(r.<Integer>getAs("layer"));
    }
    List<LanguagePairs> out = new ArrayList<>();
    for (var m : byModel.entrySet()) {
      String[] parts = m.getKey().split("\u0000");
      int[] layers = layersOf.get(m.getKey()).stream().mapToInt(Integer::intValue).toArray();
      LanguagePairs lp = new LanguagePairs(parts[0], parts[1], layers);
      for (var lang : m.getValue().entrySet()) {
        List<double[]> pairs = new ArrayList<>();
        for (Map<Integer, Double> perLayer : lang.getValue().values()) {
          if (perLayer.size() != layers.length) {
            continue;
          }
          double[] v = new double[layers.length];
          for (int i = 0; i < layers.length; i++) {
            v[i] = perLayer.get(layers[i]);
          }
          pairs.add(v);
        }
        if (!pairs.isEmpty()) {
          lp.cosines.put(lang.getKey(), pairs.toArray(double[][]::new));
        }
      }
      out.add(lp);
    }
    return out;
  }

  /**
   * Indices into {@link #layers} that a preset selects: its layers among those present, else the
   * deepest.
   */
  int[] presetIndices(dev.lingualens.common.metrics.ranker.LayerPreset preset) {
    int depth = layers[layers.length - 1];
    TreeSet<Integer> wanted = new TreeSet<>();
    for (int l : preset.layers(depth)) {
      wanted.add(l);
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      if (wanted.contains(layers[i])) {
        idx.add(i);
      }
    }
    if (idx.isEmpty()) {
      idx.add(layers.length - 1);
    }
    return idx.stream().mapToInt(Integer::intValue).toArray();
  }
}
