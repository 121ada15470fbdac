package dev.lingualens.common.metrics.ranker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Scores against a reference share table (methods.md 1.6), and rankings of two models against each
 * other. The reference language itself (English) is excluded: its score is 1 by construction.
 */
public final class RankCorrelation {
  /**
   * Correlations on the languages the reference lists ({@code listed}); {@code spearmanAll} also
   * counts the scored languages the reference does not list, tied below every listed one.
   */
  public record VsReference(
      Correlation pearson,
      Correlation pearsonLog10,
      Correlation spearman,
      Correlation kendall,
      Correlation spearmanAll,
      List<String> listed,
      List<String> absent) {}

  private RankCorrelation() {}

  public static VsReference against(
      Map<String, Double> scores, ReferenceShares reference, String referenceLang) {
    List<String> listed = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    for (String lang : new TreeSet<>(scores.keySet())) {
      if (lang.equals(referenceLang)) {
        continue;
      }
      (reference.percent().containsKey(lang) ? listed : absent).add(lang);
    }
    double[] s = new double[listed.size()];
    double[] share = new double[listed.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = scores.get(listed.get(i));
      share[i] = reference.percent().get(listed.get(i));
    }
    double floor =
        reference.percent().values().stream().mapToDouble(Double::doubleValue).min().orElse(1) / 2;
    double[] sAll = new double[listed.size() + absent.size()];
    double[] shareAll = new double[sAll.length];
    for (int i = 0; i < sAll.length; i++) {
      boolean isListed = i < listed.size();
      String lang = isListed ? listed.get(i) : absent.get(i - listed.size());
      sAll[i] = scores.get(lang);
      // Any value below the smallest listed share gives the same ranks: absent languages tie at the
      // bottom.
      shareAll[i] = isListed ? share[i] : floor;
    }
    return new VsReference(
        Correlations.pearson(s, share),
        Correlations.pearsonLog10(s, share),
        Correlations.spearman(s, share),
        Correlations.kendallTauB(s, share),
        Correlations.spearman(sAll, shareAll),
        listed,
        absent);
  }

  /** Spearman and Kendall τ-b between two models' scores on the languages both scored. */
  public record Agreement(int n, Correlation spearman, Correlation kendall) {}

  public static Agreement between(Map<String, Double> a, Map<String, Double> b) {
    List<String> common = new ArrayList<>(new TreeSet<>(a.keySet()));
    common.retainAll(b.keySet());
    double[] x = common.stream().mapToDouble(a::get).toArray();
    double[] y = common.stream().mapToDouble(b::get).toArray();
    return new Agreement(
        common.size(), Correlations.spearman(x, y), Correlations.kendallTauB(x, y));
  }
}
