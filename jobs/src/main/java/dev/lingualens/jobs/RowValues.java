package dev.lingualens.jobs;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Reading a row by column name where {@link Row#getAs(String)} alone does not give the Java value:
 * arrays and maps as Java collections, and numbers with a default for null. Plain values: {@code
 * row.getAs("col")}.
 */
public final class RowValues {
  private RowValues() {}

  /**
   * An array column as a Java list (null stays null); also accepts a Java array or list stored in
   * the row.
   */
  @SuppressWarnings("unchecked")
  public static <T> List<T> list(Row row, String column) {
    Object v = row.getAs(column);
    if (v == null) {
      return null;
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return (List<T>) scala.collection.JavaConverters.seqAsJavaList(seq);
    }
    if (v instanceof List<?> l) {
      return (List<T>) l;
    }
    if (v instanceof Object[] arr) {
      return (List<T>) java.util.Arrays.asList(arr);
    }
    throw new IllegalArgumentException(
        "column '" + column + "' holds a " + v.getClass().getName() + ", not an array");
  }

  /** A map column as a Java map (null stays null). */
  @SuppressWarnings("unchecked")
  public static <K, V> Map<K, V> map(Row row, String column) {
    Object v = row.getAs(column);
    if (v == null) {
      return null;
    }
    if (v instanceof scala.collection.Map<?, ?> m) {
      return (Map<K, V>) scala.collection.JavaConverters.mapAsJavaMap(m);
    }
    return (Map<K, V>) v;
  }

  public static boolean isNull(Row row, String column) {
    return row.getAs(column) == null;
  }

  public static long longOr(Row row, String column, long ifNull) {
    Long v = row.getAs(column);
    return v == null ? ifNull : v;
  }

  public static double doubleOr(Row row, String column, double ifNull) {
    Double v = row.getAs(column);
    return v == null ? ifNull : v;
  }
}
