package dev.lingualens.jobs.mixture;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Documents labelled by the configured category column → (category, id, text, n_bytes), capped at
 * {@code mixture.sample-bytes} per category. Documents are taken in hashed-id order, so the sample
 * is a fixed pseudo-random subset that does not depend on partitioning.
 */
final class CategoryDocuments {
  private CategoryDocuments() {}

  static Dataset<Row> read(SparkSession spark, MixtureSettings s) {
    Dataset<Row> docs = spark.read().parquet(s.documents());
    Column category;
    try {
      // A column name or any Spark SQL expression over the documents columns, e.g. to label a code
      // corpus:
      // CASE WHEN corpus = 'code' THEN 'code' ELSE lang END
      category = expr(s.categoryColumn()).cast("string");
      docs.select(category).schema();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "mixture.category-column '"
              + s.categoryColumn()
              + "' is neither a column of "
              + "the documents table "
              + s.documents()
              + " (columns: "
              + String.join(", ", docs.columns())
              + ") nor a valid expression over them: "
              + e.getMessage().split("\n")[0],
          e);
    }
    Dataset<Row> labelled =
        docs.select(category.as("category"), col("id"), col("text"), col("n_bytes"))
            .filter(col("category").isNotNull().and(col("text").isNotNull()));
    if (!s.allCategories()) {
      labelled = labelled.filter(col("category").isin(s.categories().toArray()));
    }
    WindowSpec order = Window.partitionBy("category").orderBy(xxhash64(col("id")), col("id"));
    // A document is kept when it starts below the cap, so a category never ends up empty.
    return labelled
        .withColumn("before", sum("n_bytes").over(order).minus(col("n_bytes")))
        .filter(col("before").lt(s.sampleBytes()))
        .drop("before");
  }
}
