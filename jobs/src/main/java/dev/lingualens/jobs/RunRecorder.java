package dev.lingualens.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.schema.RunTables;
import dev.lingualens.common.schema.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Appends one row per job run to the {@code runs} table: config, versions, counters, timings,
 * outcome.
 */
public final class RunRecorder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunRecorder.class);

  private RunRecorder() {}

  /**
   * Runs a job's body and appends its run record: succeeded, or failed with the error. Every
   * failure is recorded, also the checked {@code SparkException} that Spark actions throw without
   * declaring it and errors such as {@link OutOfMemoryError}. What is rethrown is {@link
   * JobFailure#readable}: the real error behind Spark's task-failure wrapper, in one line (the full
   * trace is logged at debug level). A failure to write the record of a failed run is attached to
   * the job's error rather than hiding it.
   */
  public static <R> R recorded(JobContext ctx, Function<JobContext, R> body) {
    R result;
    try {
      result = body.apply(ctx);
    } catch (Exception | Error e) {
      Throwable root = JobFailure.unwrap(e);
      LOG.debug("{} run {} failed", ctx.job(), ctx.runId(), e);
      try {
        record(ctx, "failed", JobFailure.oneLine(root));
      } catch (RuntimeException | Error recordFailure) {
        e.addSuppressed(recordFailure);
      }
      if (e instanceof Error err && root == e) {
        throw err;
      }
      throw JobFailure.readable(ctx.job(), ctx.runId(), e);
    }
    record(ctx, "succeeded", null);
    return result;
  }

  public static void record(JobContext ctx, String status, String error) {
    Row row =
        TableRow.of(RunTables.RUNS)
            .set("run_id", ctx.runId())
            .set("job", ctx.job())
            .set("status", status)
            .set("started_at", Timestamp.from(ctx.startedAt()))
            .set("ended_at", Timestamp.from(Instant.now()))
            .set("config_json", json(ctx.config().asMap()))
            .set("versions_json", json(versions(ctx)))
            .set("counters_json", json(ctx.counters()))
            .set("error", error)
            .build();
    ctx.spark()
        .createDataFrame(List.of(row), SparkSchemas.of(RunTables.RUNS))
        .coalesce(1)
        .write()
        .mode(SaveMode.Append)
        .partitionBy("job")
        .parquet(ctx.tablePath(RunTables.RUNS));
  }

  static Map<String, String> versions(JobContext ctx) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("lingualens", String.valueOf(RunRecorder.class.getPackage().getImplementationVersion()));
    v.put("tables", String.valueOf(Tables.VERSION));
    v.put("spark", ctx.spark().version());
    v.put("java", System.getProperty("java.version"));
    v.put("djl", packageVersion("ai.djl.huggingface.tokenizers.HuggingFaceTokenizer"));
    v.put("spark-nlp", packageVersion("com.johnsnowlabs.nlp.SparkNLP"));
    return v;
  }

  private static String packageVersion(String className) {
    try {
      Package p = Class.forName(className).getPackage();
      String ver = p.getImplementationVersion();
      return ver != null ? ver : "unknown";
    } catch (ClassNotFoundException e) {
      return "absent";
    }
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
