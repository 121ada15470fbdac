package dev.lingualens.jobs;

import dev.lingualens.common.schema.Tables;
import org.apache.spark.sql.types.StructType;

/** The Spark side of the table contracts in {@link Tables}. */
public final class SparkSchemas {
  private SparkSchemas() {}

  public static StructType of(Tables.Table table) {
    return StructType.fromDDL(table.ddl());
  }
}
