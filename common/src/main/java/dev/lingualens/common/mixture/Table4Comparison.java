package dev.lingualens.common.mixture;

import dev.lingualens.common.metrics.ranker.Correlations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Our inferred mixtures of off-the-shelf tokenizers next to the paper's Table 4 ({@link
 * PaperTable4}). Our categories are not the paper's (other text, other sizes, fewer languages), so
 * the digits are not expected to match; what can be compared is how tokenizers are ordered on the
 * paper's main groups (code, English, non-English) and how languages are ordered within one
 * tokenizer.
 *
 * <p>Category names are read by convention: {@code code} or {@code code_*} is code; {@code eng} or
 * {@code eng_*} is English (one category per domain); any other category is non-English, and its
 * language is the ISO 639-3 code before the first underscore ({@code cmn_Hans} is Chinese).
 */
public final class Table4Comparison {
  /**
   * Orderings the paper shows by fewer points than this are not tested: its own error bars are
   * about that wide.
   */
  public static final double MIN_PAPER_GAP = 5.0;

  public enum Group {
    CODE("code"),
    ENGLISH("English"),
    NON_ENGLISH("non-English");

    public final String label;

    Group(String label) {
      this.label = label;
    }
  }

  /** One tokenizer's grouped shares, percent: ours and the paper's. */
  public record Grouped(
      String tokenizer, String paperColumn, Map<Group, Double> ours, Map<Group, Double> paper) {}

  /** "Paper: a > b on this group" and whether our shares order the two tokenizers the same way. */
  public record Ordering(
      Group group,
      String higher,
      String lower,
      double paperHigher,
      double paperLower,
      double oursHigher,
      double oursLower) {
    public boolean agrees() {
      return oursHigher > oursLower;
    }
  }

  /**
   * Spearman ρ between our and the paper's shares over the languages both have, for one tokenizer.
   */
  public record LanguageAgreement(
      String tokenizer, int languages, double spearman, double pValue, List<String> compared) {}

  private final Map<String, Map<String, Double>> ours;

  /**
   * @param sharesByTokenizer per tokenizer of ours, LP weight per category as a fraction (pair
   *     units, the {@code share_pairs} column of the mixture table); tokenizers without a paper
   *     column are ignored
   */
  public Table4Comparison(Map<String, Map<String, Double>> sharesByTokenizer) {
    this.ours = new TreeMap<>();
    sharesByTokenizer.forEach(
        (t, m) -> {
          if (PaperTable4.columnFor(t).isPresent()) {
            ours.put(t, m);
          }
        });
  }

  public boolean isEmpty() {
    return ours.isEmpty();
  }

  public static Group group(String category) {
    String c = category.toLowerCase(Locale.ROOT);
    if (c.equals("code") || c.startsWith("code_")) {
      return Group.CODE;
    }
    return c.equals("eng") || c.startsWith("eng_") ? Group.ENGLISH : Group.NON_ENGLISH;
  }

  /**
   * The ISO 639-3 language of a non-English category, with the macrolanguage codes Table 4's rows
   * use.
   */
  public static Optional<String> language(String category) {
    if (group(category) != Group.NON_ENGLISH) {
      return Optional.empty();
    }
    String code = category.toLowerCase(Locale.ROOT).split("_", 2)[0];
    return Optional.of(
        switch (code) {
          case "ara", "ary" -> "arb";
          case "fas" -> "pes";
          case "zho" -> "cmn";
          default -> code;
        });
  }

  public List<Grouped> grouped() {
    List<Grouped> out = new ArrayList<>();
    ours.forEach(
        (tokenizer, shares) -> {
          String column = PaperTable4.columnFor(tokenizer).orElseThrow();
          Map<Group, Double> mine = new LinkedHashMap<>();
          for (Group g : Group.values()) {
            mine.put(g, 0.0);
          }
          shares.forEach(
              (category, share) -> mine.merge(group(category), 100 * share, Double::sum));
          Map<Group, Double> paper = new LinkedHashMap<>();
          paper.put(Group.CODE, PaperTable4.code(column));
          paper.put(Group.ENGLISH, PaperTable4.english(column));
          paper.put(Group.NON_ENGLISH, PaperTable4.nonEnglish(column));
          out.add(new Grouped(tokenizer, column, mine, paper));
        });
    return out;
  }

  /**
   * Every pair of tokenizers the paper separates by at least {@link #MIN_PAPER_GAP} points on a
   * group.
   */
  public List<Ordering> orderings() {
    List<Grouped> g = grouped();
    List<Ordering> out = new ArrayList<>();
    for (Group group : Group.values()) {
      for (int i = 0; i < g.size(); i++) {
        for (int j = i + 1; j < g.size(); j++) {
          Grouped a = g.get(i);
          Grouped b = g.get(j);
          double pa = a.paper().get(group);
          double pb = b.paper().get(group);
          if (Math.abs(pa - pb) < MIN_PAPER_GAP) {
            continue;
          }
          Grouped hi = pa > pb ? a : b;
          Grouped lo = pa > pb ? b : a;
          out.add(
              new Ordering(
                  group,
                  hi.tokenizer(),
                  lo.tokenizer(),
                  hi.paper().get(group),
                  lo.paper().get(group),
                  hi.ours().get(group),
                  lo.ours().get(group)));
        }
      }
    }
    return out;
  }

  /**
   * Per tokenizer, Spearman ρ of language shares over the Table 4 languages among our categories
   * (several categories of one language, e.g. two Chinese scripts, are summed). Needs three
   * languages at least.
   */
  public List<LanguageAgreement> languageAgreement() {
    List<LanguageAgreement> out = new ArrayList<>();
    ours.forEach(
        (tokenizer, shares) -> {
          String column = PaperTable4.columnFor(tokenizer).orElseThrow();
          Map<String, Double> byLanguage = new TreeMap<>();
          shares.forEach(
              (category, share) ->
                  language(category).ifPresent(l -> byLanguage.merge(l, share, Double::sum)));
          List<String> compared =
              byLanguage.keySet().stream()
                  .filter(l -> PaperTable4.percent(column, l).isPresent())
                  .toList();
          if (compared.size() < 3) {
            return;
          }
          double[] x = compared.stream().mapToDouble(byLanguage::get).toArray();
          double[] y =
              compared.stream()
                  .mapToDouble(l -> PaperTable4.percent(column, l).orElseThrow())
                  .toArray();
          var rho = Correlations.spearman(x, y);
          out.add(
              new LanguageAgreement(
                  tokenizer, compared.size(), rho.coefficient(), rho.pValue(), compared));
        });
    return out;
  }
}
