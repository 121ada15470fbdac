import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Row-by-row comparison of two output folders (e.g. the demo's tables before and after a refactoring):
 * every table folder of the first is read from both, run_id dropped, and compared as multisets of rows
 * (exceptAll both ways). The runs table and the report are skipped: they hold timestamps and run ids.
 *
 *   java -cp "$(cat jobs/target/classpath.txt):jobs/target/classes" scripts/dev/compare-tables/CompareTables.java \
 *       A B [--ignore=source,solve_seconds,wall_seconds] [--digits=9]
 *
 * --ignore drops columns that cannot be equal (input paths of two checkouts, timings); --digits rounds
 * double columns (Spark's sums of doubles depend on the order rows arrive in, at about 1e-15).
 *
 * Exits 1 when a table differs or is missing from B.
 */
public final class CompareTables {
  public static void main(String[] args) throws IOException {
    Path a = Path.of(args[0]);
    Path b = Path.of(args[1]);
    List<String> ignore = new ArrayList<>(List.of("run_id"));
    int digits = -1;
    for (String arg : Arrays.asList(args).subList(2, args.length)) {
      if (arg.startsWith("--ignore=")) {
        ignore.addAll(Arrays.asList(arg.substring(9).split(",")));
      } else if (arg.startsWith("--digits=")) {
        digits = Integer.parseInt(arg.substring(9));
      }
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("compare-tables")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    List<String> differing = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(a)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        String table = dir.getFileName().toString();
        if (table.startsWith("_") || table.equals("runs") || table.equals("report")) {
          continue;
        }
        if (!Files.isDirectory(b.resolve(table))) {
          differing.add(table + " (missing)");
          continue;
        }
        Dataset<Row> left = normalized(spark.read().parquet(dir.toString()), ignore, digits);
        Dataset<Row> right = normalized(spark.read().parquet(b.resolve(table).toString()), ignore, digits);
        String[] cols = left.columns();
        Arrays.sort(cols);
        if (!Arrays.equals(cols, sorted(right.columns()))) {
          differing.add(table + " (columns " + Arrays.toString(cols) + " vs " + Arrays.toString(sorted(right.columns()))
              + ")");
          continue;
        }
        // as JSON text: exceptAll cannot compare map columns
        String json = "to_json(struct(" + String.join(", ", Arrays.stream(cols).map(c -> "`" + c + "`").toList())
            + ")) AS row";
        left = left.selectExpr(json);
        right = right.selectExpr(json);
        long onlyLeft = left.exceptAll(right).count();
        long onlyRight = right.exceptAll(left).count();
        System.out.printf("%-28s rows %8d / %8d   only in A %d, only in B %d%n", table, left.count(), right.count(),
            onlyLeft, onlyRight);
        if (onlyLeft + onlyRight > 0) {
          differing.add(table);
        }
      }
    }
    spark.stop();
    System.out.println(differing.isEmpty() ? "EQUAL" : "DIFFERENT: " + differing);
    System.exit(differing.isEmpty() ? 0 : 1);
  }

  private static Dataset<Row> normalized(Dataset<Row> df, List<String> ignore, int digits) {
    df = df.drop(ignore.toArray(String[]::new));
    if (digits >= 0) {
      for (org.apache.spark.sql.types.StructField f : df.schema().fields()) {
        if (f.dataType() instanceof org.apache.spark.sql.types.DoubleType) {
          df = df.withColumn(f.name(), org.apache.spark.sql.functions.round(df.col(f.name()), digits));
        }
      }
    }
    return df;
  }

  private static String[] sorted(String[] cols) {
    String[] c = cols.clone();
    Arrays.sort(c);
    return c;
  }
}
