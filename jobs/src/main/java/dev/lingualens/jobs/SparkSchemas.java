package dev.lingualens.jobs;

import dev.lingualens.common.schema.Tables;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark side of the table contracts in {@link Tables}: the schema, with each column's
 * description as its field comment (Spark's {@code comment} metadata, which lands in the Parquet
 * footer's schema).
 */
public final class SparkSchemas {
  /** Parsed once per contract: row builders ask for the schema of every row they build. */
  private static final Map<String, StructType> PARSED = new ConcurrentHashMap<>();

  private SparkSchemas() {}

  public static StructType of(Tables.Table table) {
    return PARSED.computeIfAbsent(
        table.name() + "\u0000" + table.ddl(),
        k -> {
          StructType ddl = StructType.fromDDL(table.ddl());
          StructField[] fields = ddl.fields().clone();
          for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].withComment(table.columns().get(i).description());
          }
          return new StructType(fields);
        });
  }

  /**
   * A column's description as field metadata, for a column that is selected rather than created
   * from a schema.
   */
  public static Metadata comment(Tables.Column column) {
    return new MetadataBuilder().putString("comment", column.description()).build();
  }
}
