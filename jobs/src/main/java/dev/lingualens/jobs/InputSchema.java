package dev.lingualens.jobs;

import dev.lingualens.common.schema.Tables;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns an executor function reads from its input rows, checked on the driver before any task
 * runs (the habit of Spark ML's {@code transformSchema}): a missing column, or one of another type,
 * fails at once with the column's and the function's name instead of deep inside a task on an
 * executor.
 *
 * <pre>{@code docs.mapPartitions(InputSchema.checked(docs, new CountTokens(...)), encoder)}</pre>
 */
public final class InputSchema implements Serializable {
  /** An executor function that says what it reads. */
  public interface Reader {
    InputSchema inputSchema();
  }

  private final String function;
  private final StructType required;

  private InputSchema(String function, StructType required) {
    this.function = function;
    this.required = required;
  }

  /** Columns as Spark DDL, e.g. {@code "id string, words array<string>"}. */
  public static InputSchema of(String function, String ddl) {
    return new InputSchema(function, StructType.fromDDL(ddl));
  }

  /** Columns of a table contract, with the contract's types. */
  public static InputSchema of(String function, Tables.Table table, String... columns) {
    StructType contract = SparkSchemas.of(table);
    StructType s = new StructType();
    for (String c : columns) {
      if (contract.getFieldIndex(c).isEmpty()) {
        throw new IllegalArgumentException(table.name() + " has no column '" + c + "'");
      }
      s = s.add(contract.apply(c));
    }
    return new InputSchema(function, s);
  }

  /** Checks {@code input} against what {@code function} reads and hands the function back. */
  public static <F extends Reader> F checked(Dataset<Row> input, F function) {
    function.inputSchema().check(input.schema());
    return function;
  }

  public String function() {
    return function;
  }

  /** The columns the function reads, for selecting exactly them. */
  public String[] columns() {
    return required().fieldNames();
  }

  public StructType required() {
    return required;
  }

  public <T> Dataset<T> check(Dataset<T> input) {
    check(input.schema());
    return input;
  }

  /**
   * Fails with an {@link IllegalArgumentException} naming the first missing (or mistyped) column.
   */
  public void check(StructType input) {
    for (StructField need : required.fields()) {
      if (input.getFieldIndex(need.name()).isEmpty()) {
        throw new IllegalArgumentException(
            function
                + " reads input column '"
                + need.name()
                + "' ("
                + need.dataType().simpleString()
                + "), which its input does not have (input columns: "
                + String.join(", ", Arrays.asList(input.fieldNames()))
                + ")");
      }
      DataType have = input.apply(need.name()).dataType();
      if (!sameType(need.dataType(), have)) {
        throw new IllegalArgumentException(
            function
                + " reads input column '"
                + need.name()
                + "' as "
                + need.dataType().simpleString()
                + ", but its input has it as "
                + have.simpleString());
      }
    }
  }

  /** Type equality that ignores nullability and field metadata. */
  static boolean sameType(DataType a, DataType b) {
    if (a instanceof ArrayType x && b instanceof ArrayType y) {
      return sameType(x.elementType(), y.elementType());
    }
    if (a instanceof MapType x && b instanceof MapType y) {
      return sameType(x.keyType(), y.keyType()) && sameType(x.valueType(), y.valueType());
    }
    if (a instanceof StructType x && b instanceof StructType y) {
      List<StructField> fx = Arrays.asList(x.fields());
      List<StructField> fy = Arrays.asList(y.fields());
      if (fx.size() != fy.size()) {
        return false;
      }
      for (int i = 0; i < fx.size(); i++) {
        if (!fx.get(i).name().equals(fy.get(i).name())
            || !sameType(fx.get(i).dataType(), fy.get(i).dataType())) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
