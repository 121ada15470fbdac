package dev.lingualens.jobs.mixture;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.mixture.AttackTarget;
import dev.lingualens.common.mixture.Merge;
import dev.lingualens.common.mixture.PreTokenization;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.schema.MixtureTables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.SparkSchemas;
import dev.lingualens.jobs.TableRow;
import dev.lingualens.jobs.tokens.TokenizerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code lingualens merge-counts} (Step A of methods.md 3.2): per tokenizer, the word-frequency
 * table of every category is counted with Spark across executors under that tokenizer's own
 * pre-tokenisation, then each category's merge replay runs as one task (categories in parallel) →
 * {@code merge_pair_counts}, {@code merge_category_meta} and the attacked merge list {@code
 * merge_steps}.
 */
public final class MergeCountsJob extends BaseJob<MergeCountsSettings, MergeCountsJob.Result> {
  public record Result(
      String runId, List<String> tokenizers, List<String> categories, long pairRows) {}

  public MergeCountsJob() {
    super(
        "merge-counts",
        "documents -> merge_pair_counts + merge_category_meta + merge_steps (BPE merge replay)",
        List.of(CorpusTables.DOCUMENTS),
        List.of(
            MixtureTables.MERGE_PAIR_COUNTS,
            MixtureTables.MERGE_CATEGORY_META,
            MixtureTables.MERGE_STEPS),
        MixtureSettings.KEYS,
        MergeCountsSettings::from);
  }

  private static final StructType WORD = StructType.fromDDL("category string, word string");
  private static final InputSchema WORDS_INPUT =
      InputSchema.of("MergeCountsJob.wordCounts", "category string, text string");

  /** The demo attacks only tokenizers it names (the demo model's own, whose mixture is known). */
  @Override
  public Optional<LinguaConfig> demoConfig(LinguaConfig config) {
    return MixtureSettings.namesTokenizers(config) ? Optional.of(config) : Optional.empty();
  }

  @Override
  public Result execute(JobContext ctx, MergeCountsSettings settings) {
    SparkSession spark = ctx.spark();
    MixtureSettings s = settings.mixture();
    List<TokenizerSpec> specs = settings.tokenizers();
    ctx.describe("sample categories by " + s.categoryColumn());
    Dataset<Row> docs = CategoryDocuments.read(spark, s).persist(StorageLevel.MEMORY_AND_DISK());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Dataset<Row>> outputs = new ArrayList<>();
    List<Row> stepRows = new ArrayList<>();
    try {
      Map<String, Long> bytes = new HashMap<>();
      Map<String, Long> documents = new HashMap<>();
      for (Row r :
          docs.groupBy("category")
              .agg(sum("n_bytes").as("b"), count(lit(1)).as("d"))
              .collectAsList()) {
        bytes.put(r.getAs("category"), r.<Long>getAs("b"));
        documents.put(r.getAs("category"), r.<Long>getAs("d"));
      }
      if (bytes.isEmpty()) {
        throw new IllegalArgumentException(
            "no documents with a '"
                + s.categoryColumn()
                + "' in "
                + s.documents()
                + (s.allCategories() ? "" : " among mixture.categories=" + s.categories()));
      }
      List<String> categories = bytes.keySet().stream().sorted().toList();
      Broadcast<Map<String, Long>> bytesB = jsc.broadcast(bytes);
      for (TokenizerSpec spec : specs) {
        AttackTargetSource source =
            new AttackTargetSource(
                spec.name(),
                spec.path(),
                s.offset(spec.name()),
                s.maxMerges(),
                s.dropRedundant(),
                s.whitespace());
        AttackTarget target = source.get();
        ctx.count(spec.name() + ".merges_in_file", target.cleaning().input());
        ctx.count(spec.name() + ".merges_after_cleaning", target.cleaning().output());
        ctx.count(spec.name() + ".merges_attacked", target.steps());
        int step = 1;
        for (Merge m : target.attacked()) {
          stepRows.add(
              TableRow.of(MixtureTables.MERGE_STEPS)
                  .set("tokenizer", spec.name())
                  .set("step", step++)
                  .set("left", m.left())
                  .set("right", m.right())
                  .set("run_id", ctx.runId())
                  .build());
        }
        ctx.describe(
            "count words + replay "
                + target.steps()
                + " merges of "
                + spec.name()
                + " over "
                + categories.size()
                + " categories");
        Broadcast<AttackTargetSource> targetB = jsc.broadcast(source);
        Dataset<Row> words = wordCounts(docs, targetB);
        Dataset<Row> replayed =
            words
                .repartition(categories.size(), col("category"))
                .groupByKey((MapFunction<Row, String>) r -> r.getAs("category"), Encoders.STRING())
                .flatMapGroups(
                    InputSchema.checked(words, new ReplayCategory(targetB, bytesB)),
                    Encoders.row(ReplayCategory.OUTPUT))
                .withColumn("tokenizer", lit(spec.name()))
                .withColumn("merges_attacked", lit(target.steps()))
                .withColumn("merge_offset", lit(target.offset()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        outputs.add(replayed);
      }
      Dataset<Row> all = outputs.stream().reduce(Dataset::unionByName).orElseThrow();
      Dataset<Row> pairs =
          ctx.write(MixtureTables.MERGE_PAIR_COUNTS, all.filter(col("kind").equalTo("pair")));
      List<Row> meta = new ArrayList<>();
      for (Row r : all.filter(col("kind").equalTo("meta")).collectAsList()) {
        String category = r.getAs("category");
        meta.add(
            TableRow.of(MixtureTables.MERGE_CATEGORY_META)
                .set("tokenizer", r.getAs("tokenizer"))
                .set("category", category)
                .set("category_column", s.categoryColumn())
                .set("bytes", bytes.get(category))
                .set("pairs", r.getAs("pairs"))
                .set("words", r.getAs("words"))
                .set("distinct_words", r.getAs("distinct_words"))
                .set("documents", documents.get(category))
                .set("merges_attacked", r.getAs("merges_attacked"))
                .set("merge_offset", r.getAs("merge_offset"))
                .set("merges_applied", r.getAs("applied"))
                .set("empty_steps", r.getAs("empty"))
                .set("run_id", ctx.runId())
                .build());
      }
      ctx.write(
          MixtureTables.MERGE_CATEGORY_META,
          spark.createDataFrame(meta, SparkSchemas.of(MixtureTables.MERGE_CATEGORY_META)));
      ctx.write(
          MixtureTables.MERGE_STEPS,
          spark.createDataFrame(stepRows, SparkSchemas.of(MixtureTables.MERGE_STEPS)));
      long pairRows = pairs.count();
      ctx.count("categories", categories.size());
      ctx.count("documents", documents.values().stream().mapToLong(Long::longValue).sum());
      ctx.count("bytes", bytes.values().stream().mapToLong(Long::longValue).sum());
      ctx.count("pair_rows", pairRows);
      return new Result(
          ctx.runId(), specs.stream().map(TokenizerSpec::name).toList(), categories, pairRows);
    } finally {
      outputs.forEach(Dataset::unpersist);
      docs.unpersist();
    }
  }

  /** (category, word, n): pretokens counted across executors, under the tokenizer's own rules. */
  static Dataset<Row> wordCounts(Dataset<Row> docs, Broadcast<AttackTargetSource> target) {
    return WORDS_INPUT
        .check(docs.select("category", "text"))
        .flatMap(
            (FlatMapFunction<Row, Row>)
                r -> {
                  PreTokenization pre = target.value().get().preTokenization();
                  String category = r.getAs("category");
                  List<Row> out = new ArrayList<>();
                  for (String w : pre.words(r.getAs("text"))) {
                    out.add(TableRow.of(WORD).set("category", category).set("word", w).build());
                  }
                  return out.iterator();
                },
            Encoders.row(WORD))
        .groupBy("category", "word")
        .count();
  }
}
