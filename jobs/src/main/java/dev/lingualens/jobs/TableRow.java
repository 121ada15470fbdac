package dev.lingualens.jobs;

import dev.lingualens.common.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A row built by column name against a schema (a table contract, or the small named schema of an
 * internal dataset): {@code TableRow.of(NeuronTables.ABLATION).set("model", m).set("nll",
 * nll)...build()}. An unknown column, a value of the wrong Java type for the column's Spark type,
 * or a column left unset fails at once, naming the column, so reordering a contract can never shift
 * values silently. Set a column to {@code null} explicitly when it has no value (e.g. {@code
 * run_id}, which {@link JobContext#write} stamps).
 *
 * <p>The row it builds carries its schema, so it can be read back by name too.
 */
public final class TableRow {
  private final String name;
  private final StructType schema;
  private final Object[] values;
  private final boolean[] set;

  private TableRow(String name, StructType schema) {
    this.name = name;
    this.schema = schema;
    this.values = new Object[schema.size()];
    this.set = new boolean[schema.size()];
  }

  /** A row of a table contract. */
  public static TableRow of(Tables.Table table) {
    return new TableRow(table.name(), SparkSchemas.of(table));
  }

  /** A row of an internal dataset's schema (no table contract). */
  public static TableRow of(StructType schema) {
    return new TableRow("row", schema);
  }

  /** Sets a column; fails on a column the schema lacks or a value its type cannot hold. */
  public TableRow set(String column, Object value) {
    int i = index(column);
    StructField f = schema.fields()[i];
    if (value == null) {
      if (!f.nullable()) {
        throw new IllegalArgumentException(name + "." + column + " is not nullable, got null");
      }
    } else if (!fits(f.dataType(), value)) {
      throw new IllegalArgumentException(
          name
              + "."
              + column
              + " is "
              + f.dataType().simpleString()
              + ", got a "
              + value.getClass().getName()
              + " ("
              + abbreviate(value)
              + ")");
    }
    values[i] = value;
    set[i] = true;
    return this;
  }

  /**
   * Copies every column of {@code row} that this schema has, by name (the columns must all exist
   * here).
   */
  public TableRow setAll(Row row) {
    for (StructField f : row.schema().fields()) {
      set(f.name(), row.getAs(f.name()));
    }
    return this;
  }

  /**
   * Sets every column not set so far to null: for rows that fill one group of columns by design.
   */
  public TableRow othersNull() {
    for (int i = 0; i < set.length; i++) {
      if (!set[i]) {
        set(schema.fields()[i].name(), null);
      }
    }
    return this;
  }

  /** The row, in the schema's column order; fails when a column was never set. */
  public Row build() {
    List<String> unset = new ArrayList<>();
    for (int i = 0; i < set.length; i++) {
      if (!set[i]) {
        unset.add(schema.fields()[i].name());
      }
    }
    if (!unset.isEmpty()) {
      throw new IllegalArgumentException(
          name + ": columns never set " + unset + " (set them to null explicitly)");
    }
    return new GenericRowWithSchema(values.clone(), schema);
  }

  public StructType schema() {
    return schema;
  }

  private int index(String column) {
    scala.Option<Object> i = schema.getFieldIndex(column);
    if (i.isEmpty()) {
      throw new IllegalArgumentException(
          name
              + " has no column '"
              + column
              + "' (columns: "
              + String.join(", ", schema.fieldNames())
              + ")");
    }
    return (Integer) i.get();
  }

  /**
   * Whether Spark's external row conversion accepts {@code v} for type {@code t} (the Java types it
   * maps).
   */
  static boolean fits(DataType t, Object v) {
    if (v == null) {
      return true;
    }
    if (t instanceof StringType) {
      return v instanceof String;
    }
    if (t instanceof LongType) {
      return v instanceof Long;
    }
    if (t instanceof IntegerType) {
      return v instanceof Integer;
    }
    if (t instanceof DoubleType) {
      return v instanceof Double;
    }
    if (t instanceof FloatType) {
      return v instanceof Float;
    }
    if (t instanceof BooleanType) {
      return v instanceof Boolean;
    }
    if (t instanceof ShortType) {
      return v instanceof Short;
    }
    if (t instanceof ByteType) {
      return v instanceof Byte;
    }
    if (t instanceof TimestampType) {
      return v instanceof java.sql.Timestamp || v instanceof java.time.Instant;
    }
    if (t instanceof DateType) {
      return v instanceof java.sql.Date || v instanceof java.time.LocalDate;
    }
    if (t instanceof DecimalType) {
      return v instanceof java.math.BigDecimal
          || v instanceof scala.math.BigDecimal
          || v instanceof org.apache.spark.sql.types.Decimal;
    }
    if (t instanceof BinaryType) {
      return v instanceof byte[];
    }
    if (t instanceof ArrayType a) {
      return elementsFit(a.elementType(), v);
    }
    if (t instanceof MapType m) {
      if (v instanceof java.util.Map<?, ?> jm) {
        return jm.entrySet().stream()
            .allMatch(e -> fits(m.keyType(), e.getKey()) && fits(m.valueType(), e.getValue()));
      }
      if (v instanceof scala.collection.Map<?, ?> sm) {
        return elementsFit(m.keyType(), sm.keys()) && elementsFit(m.valueType(), sm.values());
      }
      return false;
    }
    if (t instanceof StructType) {
      return v instanceof Row;
    }
    return true; // types the contracts do not use: left to Spark
  }

  private static boolean elementsFit(DataType element, Object v) {
    if (v instanceof Object[] arr) {
      for (Object e : arr) {
        if (!fits(element, e)) {
          return false;
        }
      }
      return true;
    }
    if (v.getClass().isArray()) { // a primitive array: its component type decides
      Class<?> c = v.getClass().getComponentType();
      return (element instanceof LongType && c == long.class)
          || (element instanceof IntegerType && c == int.class)
          || (element instanceof DoubleType && c == double.class)
          || (element instanceof FloatType && c == float.class)
          || (element instanceof BooleanType && c == boolean.class)
          || (element instanceof ShortType && c == short.class)
          || (element instanceof ByteType && c == byte.class);
    }
    if (v instanceof Iterable<?> it) {
      for (Object e : it) {
        if (!fits(element, e)) {
          return false;
        }
      }
      return true;
    }
    if (v instanceof scala.collection.Iterable<?> it) {
      scala.collection.Iterator<?> i = it.iterator();
      while (i.hasNext()) {
        if (!fits(element, i.next())) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static String abbreviate(Object v) {
    String s =
        v.getClass().isArray()
            ? v.getClass().getComponentType().getSimpleName() + "[]"
            : String.valueOf(v);
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
