package dev.lingualens.jobs.represent;

import dev.lingualens.common.schema.Tables;
import static org.apache.spark.sql.functions.col;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.schema.RankerTables;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.Job;
import dev.lingualens.jobs.demo.DemoModels;
import java.util.List;
import java.util.Optional;
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
public final class RepresentJob implements Job<RepresentSettings, RepresentJob.Result> {
  public record Result(String runId, List<String> models, long documents, long rows, long tooLong, long truncated) {}

  @Override
  public String name() {
    return "represent";
  }

  @Override
  public String summary() {
    return "documents (aligned) -> representations (pooled hidden states per model and layer)";
  }

  @Override
  public List<Tables.Table> inputs() {
    return List.of(CorpusTables.DOCUMENTS);
  }

  @Override
  public List<Tables.Table> outputs() {
    return List.of(RankerTables.REPRESENTATIONS);
  }

  @Override
  public List<Key<?>> keys() {
    return RepresentSettings.KEYS;
  }

  @Override
  public RepresentSettings settings(LinguaConfig config) {
    return RepresentSettings.from(config);
  }

  @Override
  public boolean usesModel() {
    return true;
  }

  @Override
  public Optional<LinguaConfig> demoConfig(LinguaConfig config) {
    return DemoModels.withRankerModels(config);
  }

  /** The aligned documents the settings select (also used by the benchmark). */
  public static Dataset<Row> alignedDocuments(JobContext ctx, RepresentSettings settings) {
    Dataset<Row> docs = ctx.spark().read().parquet(settings.documents()).filter(col("align_id").isNotNull())
        .select("id", "corpus", "lang", "script", "align_id", "text");
    List<String> corpora = settings.corpora();
    if (!corpora.isEmpty()) {
      docs = docs.filter(col("corpus").isin(corpora.toArray()));
    }
    List<String> langs = settings.langs();
    if (!langs.isEmpty()) {
      docs = docs.filter(col("lang").isin(langs.toArray()));
    }
    return docs;
  }

  @Override
  public Result execute(JobContext ctx, RepresentSettings settings) {
    SparkSession spark = ctx.spark();
    List<ModelSpec> specs = settings.models();
    Dataset<Row> docs = alignedDocuments(ctx, settings);
    RepresentPartition.Counters counters = new RepresentPartition.Counters(
        spark.sparkContext().longAccumulator("represent.documents"),
        spark.sparkContext().longAccumulator("represent.too_long"),
        spark.sparkContext().longAccumulator("represent.truncated"),
        spark.sparkContext().longAccumulator("represent.tokens"));
    Dataset<Row> all = null;
    for (ModelSpec spec : specs) {
      Dataset<Row> rows = docs.mapPartitions(InputSchema.checked(docs, new RepresentPartition(spec, settings, counters)),
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
