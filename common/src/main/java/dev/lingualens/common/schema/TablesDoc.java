package dev.lingualens.common.schema;

import dev.lingualens.common.schema.Tables.Column;
import dev.lingualens.common.schema.Tables.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code docs/tables.md} from the contracts: per table its partition columns and a column,
 * type and description table. The file is generated; a test fails when it drifts ({@code
 * -Dlingualens.regenerate-docs=true} rewrites it).
 */
public final class TablesDoc {
  private TablesDoc() {}

  /** The contracts per feature, in the order the document lists them. */
  static Map<String, List<Table>> byFeature() {
    Map<String, List<Table>> m = new LinkedHashMap<>();
    m.put("Corpus (CorpusTables)", List.of(CorpusTables.DOCUMENTS, CorpusTables.QUARANTINE));
    m.put(
        "Tokenizer statistics (TokenTables)",
        List.of(TokenTables.TOKEN_STATS_DOCS, TokenTables.TOKEN_STATS));
    m.put(
        "Language-specific neurons (NeuronTables)",
        List.of(
            NeuronTables.NEURON_COUNTS,
            NeuronTables.NEURON_SCORES,
            NeuronTables.LAPE_THRESHOLDS,
            NeuronTables.LANGUAGE_NEURONS,
            NeuronTables.ABLATION));
    m.put(
        "Data mixture (MixtureTables)",
        List.of(
            MixtureTables.MERGE_STEPS,
            MixtureTables.MERGE_PAIR_COUNTS,
            MixtureTables.MERGE_CATEGORY_META,
            MixtureTables.MIXTURE,
            MixtureTables.MIXTURE_SOLVER_TRACE,
            MixtureTables.MIXTURE_CONTROLLED,
            MixtureTables.MIXTURE_CONTROLLED_SUMMARY));
    m.put(
        "Language Ranker, representations and retrieval (RankerTables)",
        List.of(
            RankerTables.REPRESENTATIONS,
            RankerTables.LANGUAGE_LAYER_SIMILARITY,
            RankerTables.LANGUAGE_RANK,
            RankerTables.RANK_CORRELATION,
            RankerTables.RANK_AGREEMENT,
            RankerTables.BITEXT_RETRIEVAL));
    m.put(
        "Latent language, logit lens (LatentTables)",
        List.of(
            LatentTables.LATENT_LANGUAGE,
            LatentTables.LATENT_LAYERS,
            LatentTables.LATENT_LANGUAGE_SUMMARY,
            LatentTables.LATENT_LANGUAGE_TOP));
    m.put("Runs (RunTables)", List.of(RunTables.RUNS));
    return m;
  }

  public static String render() {
    StringBuilder b = new StringBuilder();
    b.append("# Tables\n\n")
        .append(
            "<!-- Generated from common/src/main/java/dev/lingualens/common/schema by TablesDoc; do not edit.\n")
        .append(
            "     Regenerate: mvn -o -pl common test -Dtest=TablesDocTest -Dlingualens.regenerate-docs=true -->\n\n")
        .append(
            "Every table lingualens writes, as Parquet under `output.dir/<table>`, schema version ")
        .append(Tables.VERSION)
        .append(". Each job overwrites its tables for its run; `runs` is appended. ")
        .append(
            "The descriptions below are also the field comments in each table's Parquet schema.\n");
    for (Map.Entry<String, List<Table>> f : byFeature().entrySet()) {
      b.append("\n## ").append(f.getKey()).append("\n");
      for (Table t : f.getValue()) {
        b.append("\n### `").append(t.name()).append("`\n\n");
        b.append(
            t.partitionBy().isEmpty()
                ? "Not partitioned."
                : "Partitioned by "
                    + String.join(", ", t.partitionBy().stream().map(p -> "`" + p + "`").toList())
                    + ".");
        b.append("\n\n| column | type | description |\n|---|---|---|\n");
        for (Column c : t.columns()) {
          b.append("| `")
              .append(c.name())
              .append("` | `")
              .append(c.type())
              .append("` | ")
              .append(c.description().replace("|", "\\|"))
              .append(" |\n");
        }
      }
    }
    return b.toString();
  }
}
