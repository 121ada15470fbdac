package dev.lingualens.common.mixture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inferred training mixtures of off-the-shelf tokenizers that Hayase, Liu, Choi, Oh and Smith
 * report in Table 4 of "Data Mixture Inference: What do BPE Tokenizers Reveal about their Training
 * Data?" (NeurIPS 2024, arXiv 2407.16607 v4), main categories only, in percent of the LP weight
 * (pair units), as transcribed in methods.md 3.8. Languages are keyed by ISO 639-3.
 *
 * <p>"English" is the sum of the paper's four English domains (web, books, academic, Wikipedia).
 * Non-English is the paper's stated figure where its text states one; otherwise 100 − code −
 * English.
 */
public final class PaperTable4 {
  public static final List<String> COLUMNS =
      List.of(
          "GPT-2",
          "GPT-3.5",
          "GPT-4o",
          "Llama",
          "Llama 3*",
          "Mistral",
          "Mistral NeMo",
          "GPT-NeoX",
          "Claude",
          "Gemma");
  public static final List<String> ENGLISH_DOMAINS =
      List.of("web", "books", "academic", "wikipedia");

  /** Rows of Table 4 in {@link #COLUMNS} order. */
  private static final Map<String, double[]> ROWS = new LinkedHashMap<>();

  static {
    row("web", 83.6, 27.3, 20.7, 11.3, 12.7, 30.3, 17.1, 43.7, 12.7, 25.7);
    row("code", 0.7, 62.6, 32.8, 19.2, 30.2, 25.8, 18.3, 15.2, 57.5, 25.9);
    row("books", 15.4, 6.8, 7.4, 23.1, 8.5, 21.5, 9.6, 26.3, 17.4, 12.8);
    row("academic", 0.1, 0.2, 0.0, 8.0, 0.1, 5.3, 3.7, 12.0, 5.1, 4.3);
    row("wikipedia", 0.0, 0.0, 0.0, 6.7, 0.0, 0.5, 4.6, 0.0, 3.7, 3.0);
    row("fra", 0.0, 0.3, 2.9, 5.3, 1.8, 2.3, 6.3, 0.2, 0.0, 3.0);
    row("deu", 0.0, 0.4, 1.8, 5.1, 2.2, 2.1, 3.2, 0.1, 0.1, 2.8);
    row("arb", 0.0, 0.0, 1.6, 0.0, 1.6, 0.0, 4.8, 0.0, 0.0, 0.3);
    row("jpn", 0.1, 0.0, 0.4, 0.3, 4.1, 0.2, 1.9, 0.2, 0.0, 1.6);
    row("spa", 0.0, 0.6, 2.8, 2.7, 2.0, 1.7, 3.7, 0.1, 0.0, 3.9);
    row("rus", 0.0, 0.1, 2.8, 2.6, 3.4, 1.2, 2.6, 0.2, 0.1, 1.4);
    row("tur", 0.0, 0.0, 0.6, 0.0, 3.2, 0.1, 0.4, 0.0, 0.0, 0.6);
    row("ces", 0.0, 0.0, 0.3, 0.6, 2.7, 0.4, 0.5, 0.0, 0.0, 0.3);
    row("ukr", 0.0, 0.0, 0.3, 1.3, 2.7, 0.6, 0.6, 0.0, 0.0, 0.2);
    row("ita", 0.0, 0.3, 0.5, 2.6, 1.0, 1.5, 1.7, 0.1, 0.3, 1.6);
    row("kor", 0.0, 0.0, 0.7, 0.1, 2.6, 0.1, 2.5, 0.0, 0.1, 0.2);
    row("por", 0.0, 0.3, 2.3, 1.1, 1.4, 0.5, 1.5, 0.3, 0.5, 1.5);
    row("pes", 0.0, 0.0, 0.4, 0.0, 2.2, 0.0, 1.2, 0.0, 0.0, 0.3);
    row("nld", 0.0, 0.1, 2.0, 1.2, 0.9, 0.6, 0.6, 0.1, 0.1, 0.6);
    row("vie", 0.0, 0.0, 0.5, 0.1, 1.8, 0.0, 0.6, 0.0, 0.0, 0.4);
    row("hin", 0.0, 0.0, 1.4, 0.0, 1.7, 0.0, 1.0, 0.0, 0.0, 0.1);
    row("cmn", 0.0, 0.0, 0.8, 0.0, 0.3, 0.0, 0.2, 0.0, 0.1, 0.1);
  }

  /**
   * Non-English totals the paper's text states (the rest of its ~111 languages are not in the rows
   * above).
   */
  private static final Map<String, Double> STATED_NON_ENGLISH =
      Map.of(
          "GPT-3.5",
          3.2,
          "GPT-4o",
          39.0,
          "Llama 3*",
          48.5,
          "Mistral NeMo",
          46.6,
          "GPT-NeoX",
          2.7,
          "Claude",
          3.7,
          "Gemma",
          28.4);

  /**
   * Which paper column a tokenizer of ours (named after its fetched folder) corresponds to. Our
   * Gemma is Gemma 3 and the paper's is Gemma 1; our mistral7b is Mistral 7B v0.1, as in the paper.
   */
  private static final Map<String, String> OURS_TO_PAPER =
      Map.of(
          "gpt2",
          "GPT-2",
          "gpt35turbo",
          "GPT-3.5",
          "gpt4o",
          "GPT-4o",
          "llama",
          "Llama",
          "llama3",
          "Llama 3*",
          "mistral7b",
          "Mistral",
          "mistral_nemo",
          "Mistral NeMo",
          "gpt_neox",
          "GPT-NeoX",
          "claude",
          "Claude",
          "gemma3",
          "Gemma");

  private PaperTable4() {}

  private static void row(String category, double... values) {
    if (values.length != COLUMNS.size()) {
      throw new IllegalStateException("row " + category + " has " + values.length + " values");
    }
    ROWS.put(category, values);
  }

  public static Optional<String> columnFor(String ourTokenizer) {
    return Optional.ofNullable(OURS_TO_PAPER.get(ourTokenizer));
  }

  /** Percent in one cell; a language not among the transcribed rows is absent. */
  public static Optional<Double> percent(String column, String category) {
    int c = COLUMNS.indexOf(column);
    if (c < 0) {
      throw new IllegalArgumentException(
          "no column '" + column + "' in the paper's Table 4; columns: " + COLUMNS);
    }
    double[] row = ROWS.get(category);
    return row == null ? Optional.empty() : Optional.of(row[c]);
  }

  /** ISO 639-3 codes of the transcribed language rows. */
  public static List<String> languages() {
    return ROWS.keySet().stream()
        .filter(k -> !k.equals("code") && !ENGLISH_DOMAINS.contains(k))
        .toList();
  }

  public static double code(String column) {
    return percent(column, "code").orElseThrow();
  }

  public static double english(String column) {
    return ENGLISH_DOMAINS.stream().mapToDouble(d -> percent(column, d).orElseThrow()).sum();
  }

  public static double nonEnglish(String column) {
    Double stated = STATED_NON_ENGLISH.get(column);
    return stated != null ? stated : 100 - code(column) - english(column);
  }

  public static boolean nonEnglishIsStated(String column) {
    return STATED_NON_ENGLISH.containsKey(column);
  }
}
