package dev.lingualens.jobs.tokens;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.lingualens.common.metrics.IdCounts;
import dev.lingualens.common.metrics.TokenMetrics;
import dev.lingualens.common.metrics.TokenTotals;
import dev.lingualens.common.metrics.UnigramEntropy;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.schema.TokenTables;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.SparkSchemas;
import dev.lingualens.jobs.TableRow;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.PartitioningAwareFileIndex;
import scala.collection.JavaConverters;

/**
 * {@code lingualens token-stats}: every configured tokenizer over {@code documents} in one pass →
 * {@code token_stats_docs} (per document) and {@code token_stats} (per tokenizer, corpus, language,
 * script), including the tokenization premium against the reference language on aligned units.
 */
public final class TokenStatsJob extends BaseJob<TokenStatsSettings, TokenStatsJob.Result> {
  public record Result(String runId, List<String> tokenizers, long documents, long groups) {}

  public TokenStatsJob() {
    super(
        "token-stats",
        "documents -> token_stats + token_stats_docs (fertility, premium, bytes per token, ...)",
        List.of(CorpusTables.DOCUMENTS),
        List.of(TokenTables.TOKEN_STATS_DOCS, TokenTables.TOKEN_STATS),
        TokenStatsSettings.KEYS,
        TokenStatsSettings::from);
  }

  private static final String[] GROUP = {"tokenizer", "corpus", "lang", "script"};

  @Override
  public Result execute(JobContext ctx, TokenStatsSettings settings) {
    SparkSession spark = ctx.spark();
    List<TokenizerSpec> specs = settings.tokenizers();
    String reference = settings.referenceLang();
    String docsPath = settings.documents();
    int batchSize = settings.batchSize();

    ctx.describe("tokenize with " + specs.stream().map(TokenizerSpec::name).toList());
    Dataset<Row> input = spark.read().parquet(docsPath);
    Dataset<Row> columns = input.selectExpr(CountTokens.INPUT.columns());
    boolean rebalance =
        switch (settings.rebalance()) {
          case "always" -> true;
          case "never" -> false;
          default -> oneFileOutweighsACore(input, spark.sparkContext().defaultParallelism());
        };
    Dataset<Row> docs = rebalance ? balanced(spark, columns, inputSplits(spark, input)) : columns;
    TokenHistograms histograms = new TokenHistograms();
    // Unnamed on purpose: Spark renders named accumulators' values as strings for the UI on every
    // task end.
    spark.sparkContext().register(histograms);
    PhaseTimers timers = PhaseTimers.register(spark.sparkContext());
    // Tokenised and written in one pass: persisting perDoc made Spark fill the cache in one job and
    // write the cache in a second one (8.9 s of a 141 s run, docs/benchmarks.md); the aggregation
    // reads the few numeric columns of the written Parquet instead.
    Dataset<Row> perDoc =
        docs.mapPartitions(
            InputSchema.checked(
                docs,
                new CountTokens(specs, batchSize, settings.pretokenCache(), histograms, timers)),
            Encoders.row(CountTokens.OUTPUT));
    Dataset<Row> writtenDocs;
    try (EvenReadSplits even = EvenReadSplits.open(spark)) {
      writtenDocs = ctx.write(TokenTables.TOKEN_STATS_DOCS, perDoc);
    }
    ctx.describe("aggregate per language");
    List<Row> totals = aggregate(writtenDocs, reference);
    Map<String, IdCounts> histogram = histograms.value();
    Map<String, Integer> vocabSizes = new HashMap<>();
    for (TokenizerSpec s : specs) {
      vocabSizes.put(s.name(), HfTokenizer.load(Paths.get(s.path())).vocabSize());
    }
    List<Row> out = new ArrayList<>(totals.size());
    // Every document row is in exactly one group: their sum is the row count, without a count job.
    long nDocs = 0;
    for (Row r : totals) {
      String key =
          TokenHistograms.key(
              r.getAs("tokenizer"), r.getAs("corpus"), r.getAs("lang"), r.getAs("script"));
      IdCounts ids = histogram.getOrDefault(key, IdCounts.empty());
      TokenTotals t = totals(r, ids.distinct());
      nDocs += t.documents();
      TokenMetrics m = TokenMetrics.of(t);
      int vocabSize = vocabSizes.get(r.<String>getAs("tokenizer"));
      UnigramEntropy h = UnigramEntropy.of(ids, vocabSize, settings.renyiAlpha());
      out.add(
          TableRow.of(TokenTables.TOKEN_STATS)
              .set("tokenizer", r.getAs("tokenizer"))
              .set("corpus", r.getAs("corpus"))
              .set("lang", r.getAs("lang"))
              .set("script", r.getAs("script"))
              .set("documents", t.documents())
              .set("sentences", t.sentences())
              .set("words", t.words())
              .set("chars", t.chars())
              .set("bytes", t.bytes())
              .set("tokens", t.tokens())
              .set("word_tokens", t.wordTokens())
              .set("continued_words", t.continuedWords())
              .set("unk_tokens", t.unkTokens())
              .set("distinct_ids", t.distinctIds())
              .set("fertility", m.fertility())
              .set("continued_word_share", m.continuedWordShare())
              .set("bytes_per_token", m.bytesPerToken())
              .set("chars_per_token", m.charsPerToken())
              .set("tokens_per_sentence", m.tokensPerSentence())
              .set("unk_rate", m.unkRate())
              .set("unk_flag", m.unkRate() > settings.unkFlagRate())
              .set("vocab_size", (long) vocabSize)
              .set("shannon_entropy", h.shannonBits())
              .set("renyi_entropy", h.renyiBits())
              .set("shannon_efficiency", h.shannonEfficiency())
              .set("renyi_efficiency", h.renyiEfficiency())
              .set("renyi_alpha", settings.renyiAlpha())
              .set("reference_lang", reference)
              .set("aligned_units", t.alignedUnits())
              .set("premium_sum", m.premiumOfSums())
              .set("premium_mean", m.premiumMeanOfRatios())
              .set("sentence_units", t.sentenceUnits())
              .set("premium_sentence", m.premiumOfSentences())
              .set("run_id", ctx.runId())
              .build());
    }
    ctx.write(
        TokenTables.TOKEN_STATS,
        spark.createDataFrame(out, SparkSchemas.of(TokenTables.TOKEN_STATS)));
    ctx.count("tokenizers", specs.size());
    ctx.count("rebalanced", rebalance ? 1 : 0);
    ctx.count("document_rows", nDocs);
    ctx.count("groups", out.size());
    timers.millis().forEach(ctx::count);
    return new Result(
        ctx.runId(), specs.stream().map(TokenizerSpec::name).toList(), nDocs, out.size());
  }

  /**
   * Documents spread evenly over the tasks. Spark reads a Parquet file's row group as one split,
   * and ingest writes one file per language bucket, so the biggest language of a small corpus
   * arrives as one task: in the 50 MB benchmark that task took 139 of the stage's 140 s and left
   * the other core idle for 61 s (docs/benchmarks.md). Hashing by id costs one shuffle of the text,
   * a few percent of tokenising it.
   */
  static Dataset<Row> balanced(SparkSession spark, Dataset<Row> docs, int inputSplits) {
    int partitions = Math.max(inputSplits, 2 * spark.sparkContext().defaultParallelism());
    return docs.repartition(partitions, col("id"));
  }

  /**
   * Whether one input file holds more than half of one core's share of the table's bytes (with more
   * than one core), from the sizes the file listing already holds (no calls to the file system).
   * ingest writes each language in files of about 128 MB of text, one row group each, which Spark
   * reads in one task: a corpus of many such files keeps every core busy as it is read, and the
   * shuffle would move all of its text to add about two fifths to the tokenising's task time
   * (measured on the 50 MB benchmark: 7.9 task-s on 20.3). Half, not all of a share: compressed
   * bytes understate the text of a language that compresses well (measured on the 50 MB benchmark:
   * the English file held 39 % of the bytes and 54 % of the tokenising time, docs/benchmarks.md).
   * Unknown sizes count as outweighing.
   */
  static boolean oneFileOutweighsACore(Dataset<Row> table, int cores) {
    long total = 0;
    long largest = 0;
    boolean listed = false;
    for (LogicalPlan leaf :
        JavaConverters.seqAsJavaList(table.queryExecution().analyzed().collectLeaves())) {
      if (leaf instanceof LogicalRelation r
          && r.relation() instanceof HadoopFsRelation fs
          && fs.location() instanceof PartitioningAwareFileIndex files) {
        listed = true;
        for (FileStatus f : JavaConverters.seqAsJavaList(files.allFiles())) {
          total += f.getLen();
          largest = Math.max(largest, f.getLen());
        }
      }
    }
    return cores > 1 && (!listed || 2.0 * largest * cores > total);
  }

  /**
   * The splits Spark reads a file table in when its files are larger than {@code
   * spark.sql.files.maxPartitionBytes} (bytes / maxPartitionBytes, rounded up), from the size the
   * file listing already holds. Asking the dataset for its partitions ({@code rdd()}) planned and
   * compiled the whole read once more on the driver. Give it the table as read: a projection scales
   * the size estimate down by column count, while Spark splits whole files.
   */
  static int inputSplits(SparkSession spark, Dataset<Row> table) {
    BigInteger bytes = table.queryExecution().optimizedPlan().stats().sizeInBytes().bigInteger();
    BigInteger split = BigInteger.valueOf(spark.sessionState().conf().filesMaxPartitionBytes());
    BigInteger splits = bytes.add(split).subtract(BigInteger.ONE).divide(split);
    return splits.min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
  }

  /**
   * Sums per group, with the aligned comparison: each aligned unit's tokens against the reference
   * language's tokens for the same align_id (averaged when the reference has several versions of a
   * unit, e.g. two orthographies), and the same over the units that are a single sentence on both
   * sides (a reference version of several sentences does not count). One grouping over the
   * documents left-joined with the reference's units, and sorted here: the result has a row per
   * group, and every further join, exchange or sort was another Spark job on the driver's path
   * (eight small jobs before, 2.1 s of a cold run, docs/benchmarks.md).
   */
  static List<Row> aggregate(Dataset<Row> perDoc, String reference) {
    Dataset<Row> ref =
        perDoc
            .filter(col("lang").equalTo(reference).and(col("align_id").isNotNull()))
            .groupBy("tokenizer", "corpus", "align_id")
            .agg(
                avg("n_tokens").as("ref_tokens"),
                avg(when(col("n_sentences").equalTo(1), col("n_tokens"))).as("ref_sentence_tokens"))
            .filter(col("ref_tokens").gt(0));
    // A document without an align_id, or whose unit the reference lacks, has no ref_tokens.
    Column aligned = col("ref_tokens").isNotNull();
    Column sentencePair =
        aligned.and(col("n_sentences").equalTo(1)).and(col("ref_sentence_tokens").gt(0));
    List<Row> rows =
        perDoc
            .join(ref, seq("tokenizer", "corpus", "align_id"), "left")
            .groupBy(GROUP[0], GROUP[1], GROUP[2], GROUP[3])
            .agg(
                count(lit(1)).as("documents"),
                sum("n_sentences").as("sentences"),
                sum("n_words").as("words"),
                sum("n_chars").as("chars"),
                sum("n_bytes").as("bytes"),
                sum("n_tokens").as("tokens"),
                sum("word_tokens").as("word_tokens"),
                sum("continued_words").as("continued_words"),
                sum("n_unk").as("unk_tokens"),
                count(when(aligned, lit(1))).as("aligned_units"),
                sum(when(aligned, col("n_tokens"))).as("aligned_tokens"),
                sum("ref_tokens").as("reference_tokens"),
                sum(col("n_tokens").divide(col("ref_tokens"))).as("sum_of_ratios"),
                count(when(sentencePair, lit(1))).as("sentence_units"),
                sum(when(sentencePair, col("n_tokens"))).as("sentence_tokens"),
                sum(when(sentencePair, col("ref_sentence_tokens"))).as("sentence_reference_tokens"))
            .collectAsList();
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(BY_GROUP);
    return sorted;
  }

  /** The groups in the order Spark sorts strings: nulls first, then by UTF-8 bytes, unsigned. */
  private static final Comparator<Row> BY_GROUP =
      (x, y) -> {
        for (String c : GROUP) {
          int d =
              Comparator.nullsFirst(TokenStatsJob::compareUtf8)
                  .compare(x.<String>getAs(c), y.<String>getAs(c));
          if (d != 0) {
            return d;
          }
        }
        return 0;
      };

  private static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static TokenTotals totals(Row r, long distinctIds) {
    return new TokenTotals(
        r.<Long>getAs("documents"),
        r.<Long>getAs("sentences"),
        r.<Long>getAs("words"),
        r.<Long>getAs("chars"),
        r.<Long>getAs("bytes"),
        r.<Long>getAs("tokens"),
        r.<Long>getAs("word_tokens"),
        r.<Long>getAs("continued_words"),
        r.<Long>getAs("unk_tokens"),
        distinctIds,
        RowValues.longOr(r, "aligned_units", 0L),
        RowValues.longOr(r, "aligned_tokens", 0L),
        RowValues.doubleOr(r, "reference_tokens", 0.0),
        RowValues.doubleOr(r, "sum_of_ratios", 0.0),
        RowValues.longOr(r, "sentence_units", 0L),
        RowValues.longOr(r, "sentence_tokens", 0L),
        RowValues.doubleOr(r, "sentence_reference_tokens", 0.0));
  }

  private static scala.collection.immutable.Seq<String> seq(String... columns) {
    return scala.collection.JavaConverters.asScalaBuffer(List.of(columns)).toList();
  }
}
