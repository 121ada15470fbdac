package dev.lingualens.jobs.represent;

import static org.apache.spark.sql.functions.col;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.schema.RankerTables;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.RunRecorder;
import java.nio.file.Files;
import java.nio.file.Paths;
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
        ? ctx.tablePath(CorpusTables.DOCUMENTS) : config.get("represent.documents");
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
    List<ModelSpec> specs = ModelSpec.fromConfig(ctx.config());
    Dataset<Row> docs = alignedDocuments(ctx);
    RepresentPartition.Counters counters = new RepresentPartition.Counters(
        spark.sparkContext().longAccumulator("represent.documents"),
        spark.sparkContext().longAccumulator("represent.too_long"),
        spark.sparkContext().longAccumulator("represent.truncated"),
        spark.sparkContext().longAccumulator("represent.tokens"));
    Dataset<Row> all = null;
    for (ModelSpec spec : specs) {
      Dataset<Row> rows = docs.mapPartitions(InputSchema.checked(docs, new RepresentPartition(spec, ctx.config(), counters)),
          Encoders.row(RepresentPartition.OUTPUT));
      all = all == null ? rows : all.unionAll(rows);
    }
    ctx.describe("embed with " + specs.stream().map(s -> s.name() + "(" + s.backend() + "," + s.poolingName() + ","
        + s.layers().length + " layers)").toList());
    // Persisted: the writer first asks whether the dataset is empty, and that must not run a model twice.
    all = all.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ctx.write(RankerTables.REPRESENTATIONS, all);
    } finally {
      all.unpersist();
    }
    long rows = spark.read().parquet(ctx.tablePath(RankerTables.REPRESENTATIONS)).count();
    ctx.count("models", specs.size());
    ctx.count("documents_embedded", counters.documents().value());
    ctx.count("tokens", counters.tokens().value());
    ctx.count("too_long_skipped", counters.tooLong().value());
    ctx.count("truncated", counters.truncated().value());
    ctx.count("rows", rows);
    return new Result(ctx.runId(), specs.stream().map(ModelSpec::name).toList(), counters.documents().value(), rows,
        counters.tooLong().value(), counters.truncated().value());
  }
}
