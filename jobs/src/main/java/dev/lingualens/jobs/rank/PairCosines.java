package dev.lingualens.jobs.rank;

import static org.apache.spark.sql.functions.col;

import dev.lingualens.common.metrics.ranker.LanguageRanker;
import dev.lingualens.common.schema.RankerTables;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.TableRow;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * cos_l(k) for every (model, language, aligned pair, layer), computed on the executors next to the
 * vectors: only one double per pair and layer reaches the driver, never the vectors themselves.
 */
final class PairCosines {
  static final StructType OUTPUT =
      StructType.fromDDL(
          "model string, pooling string, lang string, corpus string, align_id string, doc_id string, layer int, cos double");

  /** What {@link #of} reads from the representations table. */
  static final InputSchema INPUT =
      InputSchema.of(
          "PairCosines",
          RankerTables.REPRESENTATIONS,
          "model",
          "pooling",
          "lang",
          "corpus",
          "align_id",
          "doc_id",
          "layer",
          "vector");

  private PairCosines() {}

  /**
   * Each non-reference document joined with the reference-language document of the same (model,
   * corpus, align_id, layer, pooling); when the reference language has several documents for a unit
   * (two orthographies), the one with the smallest id is used, so the pairing is deterministic.
   */
  static Dataset<Row> of(Dataset<Row> representations, String referenceLang) {
    INPUT.check(representations);
    Dataset<Row> reference =
        representations
            .filter(col("lang").equalTo(referenceLang))
            .groupBy("model", "pooling", "corpus", "align_id", "layer")
            .agg(functions.min_by(col("vector"), col("doc_id")).as("ref_vector"));
    Dataset<Row> targets = representations.filter(col("lang").notEqual(referenceLang));
    return targets
        .join(
            reference,
            scala.collection.JavaConverters.asScalaBuffer(
                    List.of("model", "pooling", "corpus", "align_id", "layer"))
                .toList())
        .select(
            "model",
            "pooling",
            "lang",
            "corpus",
            "align_id",
            "doc_id",
            "layer",
            "vector",
            "ref_vector")
        .map((MapFunction<Row, Row>) PairCosines::cosine, Encoders.row(OUTPUT));
  }

  private static Row cosine(Row r) {
    return TableRow.of(OUTPUT)
        .set("model", r.getAs("model"))
        .set("pooling", r.getAs("pooling"))
        .set("lang", r.getAs("lang"))
        .set("corpus", r.getAs("corpus"))
        .set("align_id", r.getAs("align_id"))
        .set("doc_id", r.getAs("doc_id"))
        .set("layer", r.<Integer>getAs("layer"))
        .set(
            "cos",
            LanguageRanker.cosine(
                floats(RowValues.list(r, "ref_vector")), floats(RowValues.list(r, "vector"))))
        .build();
  }

  static float[] floats(List<Float> list) {
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }
}
