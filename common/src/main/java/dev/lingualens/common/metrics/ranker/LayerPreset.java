package dev.lingualens.common.metrics.ranker;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which decoder layers (1-based, after dropping the embedding output) a language's score averages.
 * The paper's code stops at the per-layer vector, so the aggregation is a choice (methods.md 1.5):
 * {@code ALL} = every layer, {@code EVERY5} = layers 5, 10, 15, ... (a secondary source's reading),
 * or an explicit list such as {@code layers:2,4,6}. Layers beyond the model's depth are dropped.
 */
public record LayerPreset(String name, int[] requested) {
  public static final LayerPreset ALL = new LayerPreset("ALL", new int[0]);
  public static final LayerPreset EVERY5 = new LayerPreset("EVERY5", new int[0]);

  /** Parses "ALL", "EVERY5" or "layers:a,b,c" (1-based layer numbers). */
  public static LayerPreset parse(String spec) {
    String s = spec.trim();
    String upper = s.toUpperCase(Locale.ROOT);
    if (upper.equals("ALL")) {
      return ALL;
    }
    if (upper.equals("EVERY5")) {
      return EVERY5;
    }
    if (upper.startsWith("LAYERS:")) {
      String[] parts = s.substring(7).split(",");
      int[] layers = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        try {
          layers[i] = Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "layer preset '" + spec + "': '" + parts[i].trim() + "' is not a layer number");
        }
        if (layers[i] < 1) {
          throw new IllegalArgumentException(
              "layer preset '" + spec + "': layers are 1-based, got " + layers[i]);
        }
      }
      return new LayerPreset(
          "layers:" + String.join(",", Arrays.stream(layers).mapToObj(Integer::toString).toList()),
          layers);
    }
    throw new IllegalArgumentException(
        "layer preset '" + spec + "': expected ALL, EVERY5 or layers:<n>,<n>,...");
  }

  public static List<LayerPreset> parseList(List<String> specs) {
    return specs.stream().map(LayerPreset::parse).toList();
  }

  /**
   * The 1-based layers this preset selects in a model of {@code depth} layers (never empty for
   * depth ≥ 1).
   */
  public int[] layers(int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("model depth must be ≥ 1, got " + depth);
    }
    int[] out;
    if (this == ALL || name.equals("ALL")) {
      out = new int[depth];
      Arrays.setAll(out, i -> i + 1);
    } else if (this == EVERY5 || name.equals("EVERY5")) {
      out = new int[depth / 5];
      Arrays.setAll(out, i -> 5 * (i + 1));
    } else {
      out = Arrays.stream(requested).filter(l -> l <= depth).distinct().sorted().toArray();
    }
    if (out.length == 0) {
      // A shallow model (the demo model, MiniLM: 6 layers or fewer) has no layer 5·k or none of the
      // listed ones; the deepest layer is the closest stand-in (the language_rank table lists the
      // layers used).
      out = new int[] {depth};
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerPreset p && p.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
