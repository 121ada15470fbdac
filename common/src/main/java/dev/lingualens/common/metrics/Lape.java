package dev.lingualens.common.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Language Activation Probability Entropy (Tang et al., ACL 2024), exactly as methods.md 2.3–2.4
 * and the authors' code: per-language activation probabilities, entropy over languages, the
 * activation threshold pooled over all languages, bottom {@code topRate} of neurons by entropy over
 * the whole model (round half to even, ties by flat index), and assignment to every language above
 * the threshold.
 */
public final class Lape {
  /** The selection parameters; production values 0.01 / 0.95 / 0.95. */
  public record Rates(double topRate, double filterRate, double activationBarRatio) {
    public static final Rates DEFAULT = new Rates(0.01, 0.95, 0.95);
  }

  /** Everything the method derives, for the tables. */
  public record Result(
      List<String> languages,
      int layers,
      int neurons,
      double[][][] probability,
      double[][] entropy,
      boolean[][] passesFilter,
      long pooledCount,
      long k,
      double tau,
      double tauBar,
      long m,
      int[] selectedFlat,
      Map<String, List<List<Integer>>> masks) {

    /** Union of all languages' masks, as flat indices layer·I + neuron. */
    public int unionSize() {
      java.util.Set<Integer> all = new java.util.HashSet<>();
      masks
          .values()
          .forEach(
              perLayer -> {
                for (int l = 0; l < perLayer.size(); l++) {
                  for (int n : perLayer.get(l)) {
                    all.add(l * neurons + n);
                  }
                }
              });
      return all.size();
    }
  }

  private Lape() {}

  /**
   * @param languages language order (fixes the output order only)
   * @param overZero per language: [layer][neuron] counts of positions with activation &gt; 0
   * @param tokens per language: the number of positions counted
   */
  public static Result compute(
      List<String> languages, List<long[][]> overZero, long[] tokens, Rates rates) {
    int nl = languages.size();
    if (nl < 2 || overZero.size() != nl || tokens.length != nl) {
      throw new IllegalArgumentException(
          "LAPE needs counts for at least two languages, one table per language; got "
              + nl
              + " languages, "
              + overZero.size()
              + " count tables, "
              + tokens.length
              + " token counts");
    }
    int layers = overZero.get(0).length;
    int neurons = overZero.get(0)[0].length;
    double[][][] p = new double[layers][neurons][nl];
    double[] pooled = new double[layers * neurons * nl];
    int idx = 0;
    for (int l = 0; l < layers; l++) {
      for (int j = 0; j < neurons; j++) {
        for (int k = 0; k < nl; k++) {
          if (tokens[k] <= 0) {
            throw new IllegalArgumentException(
                "language " + languages.get(k) + " has no counted tokens");
          }
          p[l][j][k] = (double) overZero.get(k)[l][j] / tokens[k];
          pooled[idx++] = p[l][j][k];
        }
      }
    }
    double[][] entropy = new double[layers][neurons];
    for (int l = 0; l < layers; l++) {
      for (int j = 0; j < neurons; j++) {
        entropy[l][j] = entropy(p[l][j]);
      }
    }
    double[] sorted = pooled.clone();
    Arrays.sort(sorted);
    long k = roundHalfEven(rates.filterRate() * pooled.length);
    double tau = kthSmallest(sorted, k);
    double tauBar = kthSmallest(sorted, roundHalfEven(rates.activationBarRatio() * pooled.length));
    boolean[][] passes = new boolean[layers][neurons];
    List<int[]> candidates = new ArrayList<>(); // {flat index}, ordered by (H, flat)
    for (int l = 0; l < layers; l++) {
      for (int j = 0; j < neurons; j++) {
        boolean any = false;
        for (int kk = 0; kk < nl; kk++) {
          any |= p[l][j][kk] > tau;
        }
        passes[l][j] = any;
        candidates.add(new int[] {l * neurons + j});
      }
    }
    long m = roundHalfEven(rates.topRate() * layers * neurons);
    candidates.sort(
        (a, b) -> {
          double ha = effectiveEntropy(a[0], neurons, entropy, passes);
          double hb = effectiveEntropy(b[0], neurons, entropy, passes);
          int c = Double.compare(ha, hb);
          return c != 0 ? c : Integer.compare(a[0], b[0]);
        });
    int[] selected = new int[(int) Math.min(m, candidates.size())];
    for (int i = 0; i < selected.length; i++) {
      selected[i] = candidates.get(i)[0];
    }
    Map<String, List<List<Integer>>> masks = new TreeMap<>();
    for (int kk = 0; kk < nl; kk++) {
      List<List<Integer>> perLayer = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        perLayer.add(new ArrayList<>());
      }
      for (int flat : selected) {
        int l = flat / neurons;
        int j = flat % neurons;
        if (p[l][j][kk] > tauBar) {
          perLayer.get(l).add(j);
        }
      }
      perLayer.forEach(list -> list.sort(Integer::compare));
      masks.put(languages.get(kk), perLayer);
    }
    return new Result(
        List.copyOf(languages),
        layers,
        neurons,
        p,
        entropy,
        passes,
        pooled.length,
        k,
        tau,
        tauBar,
        m,
        selected,
        masks);
  }

  /** Entropy in nats of the L1-normalised distribution (0/0 → 0, 0·ln 0 = 0). */
  static double entropy(double[] probs) {
    double sum = 0;
    for (double v : probs) {
      sum += v;
    }
    if (sum == 0) {
      return 0;
    }
    double h = 0;
    for (double v : probs) {
      double q = v / sum;
      if (q > 0) {
        h -= q * Math.log(q);
      }
    }
    return h;
  }

  private static double effectiveEntropy(
      int flat, int neurons, double[][] entropy, boolean[][] passes) {
    int l = flat / neurons;
    int j = flat % neurons;
    return passes[l][j] ? entropy[l][j] : Double.POSITIVE_INFINITY;
  }

  /** Python's round(): half to even (Math.round would round 2.5 up). */
  static long roundHalfEven(double x) {
    return (long) Math.rint(x);
  }

  /** 1-based k-th smallest, as torch.kthvalue; k clipped into [1, n]. */
  static double kthSmallest(double[] sorted, long k) {
    int i = (int) Math.max(1, Math.min(sorted.length, k)) - 1;
    return sorted[i];
  }
}
