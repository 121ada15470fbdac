package dev.lingualens.jobs.report;

import dev.lingualens.common.corpus.LanguageCodes;
import dev.lingualens.common.report.GroupedBarChart;
import dev.lingualens.common.report.Report;
import dev.lingualens.common.report.Section;
import dev.lingualens.common.report.Table;
import dev.lingualens.common.schema.Tables;
import dev.lingualens.common.schema.TokenTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * Tokenizer fairness on the aligned corpus with the most languages: premium against the reference
 * language (Petrov et al. 2023) and fertility (Rust et al. 2021), one bar per tokenizer per
 * language.
 */
final class TokenSection implements ReportJob.ReportSection {
  @Override
  public List<Tables.Table> requires() {
    return List.of(TokenTables.TOKEN_STATS);
  }

  @Override
  public void addTo(Report report, ReportJob.TableReader tables) {
    List<Row> rows =
        tables
            .sql(
                "SELECT * FROM token_stats WHERE corpus = (SELECT corpus FROM token_stats "
                    + "WHERE aligned_units > 0 GROUP BY corpus ORDER BY count(DISTINCT lang) DESC, corpus LIMIT 1) "
                    + "ORDER BY lang, script, tokenizer",
                TokenTables.TOKEN_STATS)
            .collectAsList();
    if (rows.isEmpty()) {
      return;
    }
    String corpus = rows.get(0).getAs("corpus");
    String reference = rows.get(0).getAs("reference_lang");
    TreeSet<String> tokenizers = new TreeSet<>();
    Map<String, Map<String, Row>> byLang = new LinkedHashMap<>();
    for (Row r : rows) {
      tokenizers.add(r.getAs("tokenizer"));
      byLang.computeIfAbsent(label(r), k -> new LinkedHashMap<>()).put(r.getAs("tokenizer"), r);
    }
    List<String> langs = new ArrayList<>(byLang.keySet());
    langs.sort(
        (a, b) ->
            Double.compare(
                meanOf(byLang.get(a), "premium_sum"), meanOf(byLang.get(b), "premium_sum")));

    Section premium =
        new Section("premium", "Tokenization premium vs " + LanguageCodes.name(reference));
    premium.addParagraph(
        "Tokens needed for the same content (corpus '"
            + corpus
            + "', aligned units) relative to "
            + LanguageCodes.name(reference)
            + ": premium = Σ tokens / Σ "
            + reference
            + " tokens over the aligned units "
            + "(Petrov et al., NeurIPS 2023). 1.0 is parity; languages sorted by the mean premium over tokenizers.");
    premium.addChart(
        chart("Premium vs " + reference + " (log scale)", langs, tokenizers, byLang, "premium_sum")
            .referenceLine(1.0, "parity")
            .logScale(true)
            .yLabel("premium (×)"));
    report.addSection(premium);

    Section fertility = new Section("fertility", "Fertility and continued words");
    fertility.addParagraph(
        "Fertility = tokens per word, each word tokenised on its own without special tokens; "
            + "continued-word share = words split into two or more tokens (Rust et al., ACL 2021). Words come from "
            + "the ingest segmenter (Spark NLP, or ICU4J for scripts written without spaces).");
    fertility.addChart(
        chart("Fertility (tokens per word)", langs, tokenizers, byLang, "fertility")
            .referenceLine(1.0, "one token per word")
            .yLabel("tokens / word"));
    report.addSection(fertility);

    Section efficiency = new Section("efficiency", "Unigram efficiency and sentences");
    double alpha = rows.get(0).<Double>getAs("renyi_alpha");
    efficiency.addParagraph(
        "Rényi efficiency = H_α(p) / log2 |V| of the language's unigram token distribution p, α = "
            + alpha
            + " (Zouhar et al., ACL 2023; higher = the language spreads its text more evenly over the"
            + " vocabulary); Shannon efficiency is the same with α = 1. Tokens per sentence use ingest's"
            + " sentence segmentation; the sentence premium compares only aligned units that are one"
            + " sentence on both sides, the unit Petrov et al. use. A language marked UNK in the table has"
            + " more unknown tokens than tokenstats.unk-flag-rate: its premium and fertility count them"
            + " as ordinary tokens and do not compare with the others.");
    efficiency.addChart(
        chart("Rényi efficiency (α = " + alpha + ")", langs, tokenizers, byLang, "renyi_efficiency")
            .yLabel("H_α / log2 |V|"));
    report.addSection(efficiency);

    Section table = new Section("token-stats", "Token statistics per tokenizer and language");
    Table t =
        new Table(
            List.of(
                "tokenizer",
                "lang",
                "script",
                "docs",
                "words",
                "tokens",
                "fertility",
                "continued",
                "bytes/token",
                "chars/token",
                "unk rate",
                "UNK flag",
                "distinct ids",
                "tokens/sentence",
                "Rényi eff.",
                "Shannon eff.",
                "premium (sum)",
                "premium (mean)",
                "premium (sentences)"));
    for (Row r : rows) {
      t.addRow(
          List.<Object>of(
              r.getAs("tokenizer"),
              r.getAs("lang"),
              r.getAs("script"),
              r.getAs("documents"),
              r.getAs("words"),
              r.getAs("tokens"),
              r.getAs("fertility"),
              r.getAs("continued_word_share"),
              r.getAs("bytes_per_token"),
              r.getAs("chars_per_token"),
              r.getAs("unk_rate"),
              r.<Boolean>getAs("unk_flag") ? "UNK" : "",
              r.getAs("distinct_ids"),
              r.getAs("tokens_per_sentence"),
              r.getAs("renyi_efficiency"),
              r.getAs("shannon_efficiency"),
              r.getAs("premium_sum"),
              r.getAs("premium_mean"),
              r.getAs("premium_sentence")));
    }
    table.addTable(t);
    table.addNote("Full table: token_stats (per document: token_stats_docs).");
    report.addSection(table);
  }

  private static GroupedBarChart chart(
      String title,
      List<String> langs,
      TreeSet<String> tokenizers,
      Map<String, Map<String, Row>> byLang,
      String column) {
    GroupedBarChart c = new GroupedBarChart(title, langs);
    for (String tok : tokenizers) {
      List<Double> values = new ArrayList<>();
      for (String l : langs) {
        Row r = byLang.get(l).get(tok);
        values.add(r == null || r.getAs(column) == null ? Double.NaN : r.<Double>getAs(column));
      }
      c.addSeries(tok, values);
    }
    return c;
  }

  private static String label(Row r) {
    return r.getAs("lang") + "-" + r.getAs("script");
  }

  private static double meanOf(Map<String, Row> perTokenizer, String column) {
    return perTokenizer.values().stream()
        .filter(r -> r.getAs(column) != null)
        .mapToDouble(r -> r.<Double>getAs(column))
        .filter(d -> !Double.isNaN(d))
        .average()
        .orElse(Double.NaN);
  }
}
