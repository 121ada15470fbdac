package dev.lingualens.jobs.represent;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.schema.RankerTables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.demo.DemoModels;
import dev.lingualens.jobs.shards.Fingerprint;
import dev.lingualens.jobs.shards.ShardPartitioner;
import dev.lingualens.jobs.shards.ShardStore;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

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
    long documents = docs.count();
    int buckets = (int) Math.max(1, (documents + settings.shardDocs() - 1) / settings.shardDocs());
    List<String> plan = new ArrayList<>();
    for (int m = 0; m < specs.size(); m++) {
      for (int b = 0; b < buckets; b++) {
        plan.add((m * buckets + b) + "\t" + specs.get(m).name() + "\t" + b);
      }
    }
    ShardStore store = ShardStore.open(ctx, name(), fingerprint(settings), plan);
    List<Integer> pending = store.pending();
    ctx.count("shards", plan.size());
    ctx.count("shards_skipped", plan.size() - pending.size());
    Dataset<Row> keyed =
        docs.withColumn(
            SHARD,
            pmod(xxhash64(col("corpus"), col("lang"), col("id")), lit((long) buckets)).cast("int"));
    // One model at a time over the cluster: an executor never needs two models at once and evicts
    // the previous one when both do not fit its resource budget.
    for (int m = 0; m < specs.size(); m++) {
      int first = m * buckets;
      List<Integer> todo =
          pending.stream().filter(id -> id >= first && id < first + buckets).toList();
      if (!todo.isEmpty()) {
        embed(
            keyed,
            first,
            todo,
            store,
            InputSchema.checked(keyed, new RepresentPartition(specs.get(m), settings.chunkDocs())));
      }
    }
    // Read twice (the table, then the counters)
    Dataset<Row> all =
        store.rows(spark, RepresentPartition.OUTPUT).persist(StorageLevel.MEMORY_AND_DISK());
    try {
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
      long embedded = sums.getAs("documents");
      long tooLong = sums.getAs("too_long");
      long truncated = sums.getAs("truncated");
      long rows = written.count();
      ctx.count("models", specs.size());
      ctx.count("documents_embedded", embedded);
      ctx.count("tokens", sums.<Long>getAs("tokens"));
      ctx.count("too_long_skipped", tooLong);
      ctx.count("truncated", truncated);
      ctx.count("rows", rows);
      ctx.count("model_loads", sums.<Long>getAs("model_loads"));
      ctx.count("model_evictions", sums.<Long>getAs("model_evictions"));
      return new Result(
          ctx.runId(),
          specs.stream().map(Embedding::name).toList(),
          embedded,
          rows,
          tooLong,
          truncated);
    } finally {
      all.unpersist();
    }
  }

  private static final String SHARD = "_shard";

  /**
   * One task per pending shard of one model: its documents, in (corpus, lang, id) order, go through
   * the model, and the task publishes the shard's rows itself, so an interrupted run keeps every
   * finished shard.
   */
  private static void embed(
      Dataset<Row> keyed, int first, List<Integer> todo, ShardStore store, RepresentPartition fn) {
    Set<Integer> wanted = new HashSet<>(todo);
    keyed
        .javaRDD()
        .mapToPair(r -> new Tuple2<>(first + r.<Integer>getAs(SHARD), r))
        .filter(t -> wanted.contains(t._1()))
        .partitionBy(new ShardPartitioner(todo))
        .foreachPartition(
            it -> {
              List<Row> docs = new ArrayList<>();
              it.forEachRemaining(t -> docs.add(t._2()));
              docs.sort(
                  Comparator.comparing((Row r) -> r.<String>getAs("corpus"))
                      .thenComparing(r -> r.<String>getAs("lang"))
                      .thenComparing(r -> r.<String>getAs("id")));
              List<Row> out = new ArrayList<>();
              fn.call(docs.iterator()).forEachRemaining(out::add);
              store.save(todo.get(TaskContext.getPartitionId()), RepresentPartition.OUTPUT, out);
            });
  }

  /**
   * What the shards' vectors depend on: each model (folder, the name its rows carry, backend,
   * pooling, layers, input limit, device, dtype), the documents table and the selection. Not
   * batching.
   */
  static Fingerprint fingerprint(RepresentSettings settings) {
    Fingerprint f = Fingerprint.of("represent");
    for (Embedding e : settings.models()) {
      f.setting("model", e.name())
          .modelFolder(e.model().folder())
          .setting("backend", e.backend())
          .setting("pooling", e.poolingName())
          .setting("layers", Arrays.toString(e.layers()))
          .setting("max-tokens", e.maxTokens())
          .setting("device", e.model().device())
          .setting("dtype", e.model().dtype());
    }
    String docs = settings.documents();
    if (docs.contains("://")) {
      f.setting("documents", docs); // a remote table is named, not listed
    } else {
      f.table(Paths.get(docs));
    }
    return f.setting("corpora", settings.corpora())
        .setting("langs", settings.langs())
        .setting("shard-docs", settings.shardDocs());
  }

  private static org.apache.spark.sql.Column total(String column, String as) {
    return coalesce(sum(column), lit(0L)).as(as);
  }
}
