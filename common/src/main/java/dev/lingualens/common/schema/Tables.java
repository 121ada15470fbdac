package dev.lingualens.common.schema;

import java.util.List;

/**
 * The shape of a table contract (name, partition columns and columns as Spark DDL, parsed by the
 * jobs module, so this package stays Spark-free) and the list of every contract lingualens writes;
 * the contracts themselves are grouped per feature ({@link CorpusTables}, {@link TokenTables},
 * ...). Readers in Zeppelin or DuckDB rely on these names; change them only with a version bump.
 */
public final class Tables {
  public static final int VERSION = 1;

  /**
   * A table: its folder name under the output dir, partition columns, and column DDL with
   * descriptions.
   */
  public record Table(String name, List<String> partitionBy, List<Column> columns) {
    public String ddl() {
      return String.join(
          ", ", columns.stream().map(c -> "`" + c.name() + "` " + c.type()).toList());
    }
  }

  public record Column(String name, String type, String description) {}

  /**
   * Every contract, in the order of docs/tables.md. The contracts live per feature in {@link
   * CorpusTables}, {@link TokenTables}, {@link NeuronTables}, {@link MixtureTables}, {@link
   * RankerTables}, {@link LatentTables} and {@link RunTables}.
   */
  public static final List<Table> ALL =
      List.of(
          CorpusTables.DOCUMENTS,
          CorpusTables.QUARANTINE,
          TokenTables.TOKEN_STATS_DOCS,
          TokenTables.TOKEN_STATS,
          NeuronTables.NEURON_COUNTS,
          NeuronTables.NEURON_SCORES,
          NeuronTables.LAPE_THRESHOLDS,
          NeuronTables.LANGUAGE_NEURONS,
          NeuronTables.ABLATION,
          MixtureTables.MERGE_STEPS,
          MixtureTables.MERGE_PAIR_COUNTS,
          MixtureTables.MERGE_CATEGORY_META,
          MixtureTables.MIXTURE,
          MixtureTables.MIXTURE_SOLVER_TRACE,
          MixtureTables.MIXTURE_CONTROLLED,
          MixtureTables.MIXTURE_CONTROLLED_SUMMARY,
          RankerTables.REPRESENTATIONS,
          RankerTables.LANGUAGE_LAYER_SIMILARITY,
          RankerTables.LANGUAGE_RANK,
          RankerTables.RANK_CORRELATION,
          RankerTables.RANK_AGREEMENT,
          RankerTables.BITEXT_RETRIEVAL,
          LatentTables.LATENT_LANGUAGE,
          LatentTables.LATENT_LAYERS,
          LatentTables.LATENT_LANGUAGE_SUMMARY,
          LatentTables.LATENT_LANGUAGE_TOP,
          RunTables.RUNS);

  private Tables() {}
}
