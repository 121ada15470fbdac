package dev.lingualens.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** What the resume tests compare: published shards, shard counters and tables row by row. */
public final class ResumeChecks {
  private ResumeChecks() {}

  /** Shard files published in a store's {@code shards/} folder. */
  public static long published(Path shards) throws Exception {
    if (!Files.isDirectory(shards)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(shards)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".shard")).count();
    }
  }

  /** {@code shards} and {@code shards_skipped} of the run's latest succeeded record. */
  public static Map<String, Long> shardCounters(SparkSession spark, Path out, String runId)
      throws Exception {
    Row r =
        spark
            .read()
            .parquet(out.resolve("runs").toString())
            .filter(
                functions
                    .col("run_id")
                    .equalTo(runId)
                    .and(functions.col("status").equalTo("succeeded")))
            .orderBy(functions.col("ended_at").desc())
            .first();
    JsonNode c = new ObjectMapper().readTree(r.<String>getAs("counters_json"));
    return Map.of(
        "shards", c.get("shards").asLong(), "shards_skipped", c.get("shards_skipped").asLong());
  }

  /** Every table's rows as sorted JSON, without run_id (which differs by design). */
  public static Map<String, List<String>> tables(SparkSession spark, Path out, List<String> names) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (String name : names) {
      List<String> rows =
          spark
              .read()
              .parquet(out.resolve(name).toString())
              .drop("run_id")
              .select(functions.to_json(functions.struct("*")).as("j"))
              .orderBy("j")
              .as(Encoders.STRING())
              .collectAsList();
      all.put(name, rows);
    }
    return all;
  }
}
