package dev.lingualens.jobs.represent;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.schema.RankerTables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.demo.DemoModels;
import java.util.ArrayList;
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
public final class RepresentJob extends BaseJob<RepresentSettings, RepresentJob.Result> {
  public record Result(
      String runId, List<String> models, long documents, long rows, long tooLong, long truncated) {}

  public RepresentJob() {
    super(
        "represent",
        "documents (aligned) -> representations (pooled hidden states per model and layer)",
        List.of(CorpusTables.DOCUMENTS),
        List.of(RankerTables.REPRESENTATIONS),
        RepresentSettings.KEYS,
        RepresentSettings::from);
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
    Dataset<Row> docs =
        ctx.spark()
            .read()
            .parquet(settings.documents())
            .filter(col("align_id").isNotNull())
            .selectExpr(RepresentPartition.INPUT.columns());
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
    List<Embedding> specs = settings.models();
    Dataset<Row> docs = alignedDocuments(ctx, settings);
    ctx.describe(
        "embed with "
            + specs.stream()
                .map(
                    s ->
                        s.name()
                            + "("
                            + s.backend()
                            + ","
                            + s.poolingName()
                            + ","
                            + s.layers().length
                            + " layers)")
                .toList());
    // One model at a time over the cluster: each model's rows are computed and persisted before the
    // next model
    // starts, so an executor never needs two models at once and evicts the previous one when both
    // do not fit
    // its resource budget. Persisted also because the rows are read twice (the table, then the
    // counters).
    List<Dataset<Row>> perModel = new ArrayList<>();
    try {
      for (Embedding spec : specs) {
        Dataset<Row> rows =
            docs.mapPartitions(
                    InputSchema.checked(docs, new RepresentPartition(spec, settings.chunkDocs())),
                    Encoders.row(RepresentPartition.OUTPUT))
                .persist(StorageLevel.MEMORY_AND_DISK());
        perModel.add(rows);
        rows.count();
      }
      Dataset<Row> all = perModel.get(0);
      for (Dataset<Row> rows : perModel.subList(1, perModel.size())) {
        all = all.unionAll(rows);
      }
      Dataset<Row> written =
          ctx.write(
              RankerTables.REPRESENTATIONS,
              all.filter(col(RepresentPartition.SUMMARY_MARK).isNull()));
      // Counters from the partitions' summary rows (task output, so a retried task counts once)
      Row sums =
          all.filter(col(RepresentPartition.SUMMARY_MARK).isNotNull())
              .agg(
                  total("part_documents", "documents"),
                  total("part_tokens", "tokens"),
                  total("part_too_long", "too_long"),
                  total("part_truncated", "truncated"),
                  total("part_model_loads", "model_loads"),
                  total("part_model_evictions", "model_evictions"))
              .first();
      long documents = sums.getAs("documents");
      long tooLong = sums.getAs("too_long");
      long truncated = sums.getAs("truncated");
      long rows = written.count();
      ctx.count("models", specs.size());
      ctx.count("documents_embedded", documents);
      ctx.count("tokens", sums.<Long>getAs("tokens"));
      ctx.count("too_long_skipped", tooLong);
      ctx.count("truncated", truncated);
      ctx.count("rows", rows);
      ctx.count("model_loads", sums.<Long>getAs("model_loads"));
      ctx.count("model_evictions", sums.<Long>getAs("model_evictions"));
      return new Result(
          ctx.runId(),
          specs.stream().map(Embedding::name).toList(),
          documents,
          rows,
          tooLong,
          truncated);
    } finally {
      perModel.forEach(Dataset::unpersist);
    }
  }

  private static org.apache.spark.sql.Column total(String column, String as) {
    return coalesce(sum(column), lit(0L)).as(as);
  }
}
