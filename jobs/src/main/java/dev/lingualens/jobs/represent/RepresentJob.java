package dev.lingualens.jobs.represent;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.Tables;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.RunRecorder;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code lingualens represent}: aligned documents → {@code representations}, one pooled vector per
 * (model, document, layer). Faithful default for decoders = the last token at every layer 1..L
 * (methods.md 1.4); encoders use their sentence-transformers pooling.
 */
public final class RepresentJob {
  public record Result(String runId, List<String> models, long documents, long rows, long tooLong, long truncated) {}

  private RepresentJob() {}

  public static Result run(SparkSession spark, LinguaConfig config) {
    return RunRecorder.recorded(new JobContext(spark, config, "represent"), RepresentJob::body);
  }

  /** The aligned documents the config selects (also used by the benchmark). */
  public static Dataset<Row> alignedDocuments(JobContext ctx) {
    LinguaConfig config = ctx.config();
    String path = config.get("represent.documents").isBlank()
        ? ctx.tablePath(Tables.DOCUMENTS) : config.get("represent.documents");
    if (!path.contains("://") && !Files.isDirectory(Paths.get(path))) {
      throw new ConfigException("No documents table at " + path + " (run 'lingualens ingest' first, or set represent.documents)");
    }
    Dataset<Row> docs = ctx.spark().read().parquet(path).filter(col("align_id").isNotNull())
        .select("id", "corpus", "lang", "script", "align_id", "text");
    List<String> corpora = config.getList("represent.corpora");
    if (!corpora.isEmpty()) {
      docs = docs.filter(col("corpus").isin(corpora.toArray()));
    }
    List<String> langs = config.getList("represent.langs");
    if (!langs.isEmpty()) {
      docs = docs.filter(col("lang").isin(langs.toArray()));
    }
    return docs;
  }

  private static Result body(JobContext ctx) {
    SparkSession spark = ctx.spark();
    List<Embedding> specs = Embedding.fromConfig(ctx.config());
    Dataset<Row> docs = alignedDocuments(ctx);
    ctx.describe("embed with " + specs.stream().map(s -> s.name() + "(" + s.backend() + "," + s.poolingName() + ","
        + s.layers().length + " layers)").toList());
    // One model at a time over the cluster: each model's rows are computed and persisted before the next model
    // starts, so an executor never needs two models at once and evicts the previous one when both do not fit
    // its resource budget. Persisted also because the writer first asks whether the dataset is empty, and that
    // must not run a model twice.
    List<Dataset<Row>> perModel = new ArrayList<>();
    try {
      for (Embedding spec : specs) {
        Dataset<Row> rows = docs.mapPartitions(new RepresentPartition(spec, ctx.config()),
            Encoders.row(RepresentPartition.OUTPUT)).persist(StorageLevel.MEMORY_AND_DISK());
        perModel.add(rows);
        rows.count();
      }
      Dataset<Row> all = perModel.get(0);
      for (Dataset<Row> rows : perModel.subList(1, perModel.size())) {
        all = all.unionAll(rows);
      }
      ctx.write(Tables.REPRESENTATIONS, all.filter(col(RepresentPartition.SUMMARY_MARK).isNull()));
      // Counters from the partitions' summary rows (task output, so a retried task counts once)
      Row sums = all.filter(col(RepresentPartition.SUMMARY_MARK).isNotNull()).agg(
          coalesce(sum("part_documents"), lit(0L)), coalesce(sum("part_tokens"), lit(0L)),
          coalesce(sum("part_too_long"), lit(0L)), coalesce(sum("part_truncated"), lit(0L)),
          coalesce(sum("part_model_loads"), lit(0L)), coalesce(sum("part_model_evictions"), lit(0L))).first();
      long documents = sums.getLong(0);
      long tooLong = sums.getLong(2);
      long truncated = sums.getLong(3);
      long rows = spark.read().parquet(ctx.tablePath(Tables.REPRESENTATIONS)).count();
      ctx.count("models", specs.size());
      ctx.count("documents_embedded", documents);
      ctx.count("tokens", sums.getLong(1));
      ctx.count("too_long_skipped", tooLong);
      ctx.count("truncated", truncated);
      ctx.count("rows", rows);
      ctx.count("model_loads", sums.getLong(4));
      ctx.count("model_evictions", sums.getLong(5));
      return new Result(ctx.runId(), specs.stream().map(Embedding::name).toList(), documents, rows, tooLong,
          truncated);
    } finally {
      perModel.forEach(Dataset::unpersist);
    }
  }
}
