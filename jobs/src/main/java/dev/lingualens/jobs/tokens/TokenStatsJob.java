package dev.lingualens.jobs.tokens;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.metrics.TokenMetrics;
import dev.lingualens.common.metrics.TokenTotals;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.schema.TokenTables;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.RunRecorder;
import dev.lingualens.jobs.SparkSchemas;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code lingualens token-stats}: every configured tokenizer over {@code documents} in one pass →
 * {@code token_stats_docs} (per document) and {@code token_stats} (per tokenizer, corpus, language,
 * script), including the tokenization premium against the reference language on aligned units.
 */
public final class TokenStatsJob {
  public record Result(String runId, List<String> tokenizers, long documents, long groups) {}

  private static final String[] GROUP = {"tokenizer", "corpus", "lang", "script"};

  private TokenStatsJob() {}

  public static Result run(SparkSession spark, LinguaConfig config) {
    return RunRecorder.recorded(new JobContext(spark, config, "token-stats"), TokenStatsJob::body);
  }

  private static Result body(JobContext ctx) {
    LinguaConfig config = ctx.config();
    SparkSession spark = ctx.spark();
    List<TokenizerSpec> specs = TokenizerSpec.fromConfig(config);
    String reference = config.get("tokenstats.reference-lang");
    String docsPath = config.get("tokenstats.documents").isBlank()
        ? ctx.tablePath(CorpusTables.DOCUMENTS) : config.get("tokenstats.documents");
    if (!Files.isDirectory(Paths.get(docsPath)) && !docsPath.contains("://")) {
      throw new ConfigException("No documents table at " + docsPath + " (run 'lingualens ingest' first, or set tokenstats.documents)");
    }
    int batchSize = config.getInt("tokenstats.batch-size", 1);

    ctx.describe("tokenize with " + specs.stream().map(TokenizerSpec::name).toList());
    Dataset<Row> docs = spark.read().parquet(docsPath)
        .select("id", "corpus", "lang", "script", "align_id", "text", "words", "n_bytes", "n_chars");
    VocabularyUsage usage = new VocabularyUsage();
    // Unnamed on purpose: Spark renders named accumulators' values as strings for the UI on every task end.
    spark.sparkContext().register(usage);
    Dataset<Row> perDoc = docs.mapPartitions(new CountTokens(specs, batchSize, usage), Encoders.row(CountTokens.OUTPUT))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ctx.write(TokenTables.TOKEN_STATS_DOCS, perDoc);
      ctx.describe("aggregate per language");
      List<Row> totals = aggregate(perDoc, reference).collectAsList();
      Map<String, BitSet> used = usage.value();
      List<Row> out = new ArrayList<>(totals.size());
      for (Row r : totals) {
        String key = VocabularyUsage.key(r.getString(0), r.getString(1), r.getString(2), r.getString(3));
        BitSet bits = used.get(key);
        TokenTotals t = totals(r, bits == null ? 0 : bits.cardinality());
        TokenMetrics m = TokenMetrics.of(t);
        out.add(RowFactory.create(r.getString(0), r.getString(1), r.getString(2), r.getString(3), t.documents(),
            t.words(), t.chars(), t.bytes(), t.tokens(), t.wordTokens(), t.continuedWords(), t.unkTokens(),
            t.distinctIds(), m.fertility(), m.continuedWordShare(), m.bytesPerToken(), m.charsPerToken(), m.unkRate(),
            reference, t.alignedUnits(), m.premiumOfSums(), m.premiumMeanOfRatios(), ctx.runId()));
      }
      ctx.write(TokenTables.TOKEN_STATS, spark.createDataFrame(out, SparkSchemas.of(TokenTables.TOKEN_STATS)));
      long nDocs = spark.read().parquet(ctx.tablePath(TokenTables.TOKEN_STATS_DOCS)).count();
      ctx.count("tokenizers", specs.size());
      ctx.count("document_rows", nDocs);
      ctx.count("groups", out.size());
      return new Result(ctx.runId(), specs.stream().map(TokenizerSpec::name).toList(), nDocs, out.size());
    } finally {
      perDoc.unpersist();
    }
  }

  /**
   * Sums per group, joined with the aligned comparison: each aligned unit's tokens against the
   * reference language's tokens for the same align_id (averaged when the reference has several
   * versions of a unit, e.g. two orthographies).
   */
  static Dataset<Row> aggregate(Dataset<Row> perDoc, String reference) {
    Dataset<Row> sums = perDoc.groupBy(GROUP[0], GROUP[1], GROUP[2], GROUP[3]).agg(
        count(lit(1)).as("documents"), sum("n_words").as("words"), sum("n_chars").as("chars"),
        sum("n_bytes").as("bytes"), sum("n_tokens").as("tokens"), sum("word_tokens").as("word_tokens"),
        sum("continued_words").as("continued_words"), sum("n_unk").as("unk_tokens"));
    Dataset<Row> ref = perDoc.filter(col("lang").equalTo(reference).and(col("align_id").isNotNull()))
        .groupBy("tokenizer", "corpus", "align_id").agg(avg("n_tokens").as("ref_tokens"))
        .filter(col("ref_tokens").gt(0));
    Dataset<Row> aligned = perDoc.filter(col("align_id").isNotNull())
        .join(ref, seq("tokenizer", "corpus", "align_id"))
        .groupBy(GROUP[0], GROUP[1], GROUP[2], GROUP[3]).agg(
            count(lit(1)).as("aligned_units"), sum("n_tokens").as("aligned_tokens"),
            sum("ref_tokens").as("reference_tokens"),
            sum(col("n_tokens").divide(col("ref_tokens"))).as("sum_of_ratios"));
    return sums.join(aligned, seq(GROUP), "left")
        .select("tokenizer", "corpus", "lang", "script", "documents", "words", "chars", "bytes", "tokens",
            "word_tokens", "continued_words", "unk_tokens", "aligned_units", "aligned_tokens", "reference_tokens",
            "sum_of_ratios")
        .orderBy(GROUP[0], GROUP[1], GROUP[2], GROUP[3]);
  }

  private static TokenTotals totals(Row r, long distinctIds) {
    return new TokenTotals(r.getLong(4), r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8), r.getLong(9),
        r.getLong(10), r.getLong(11), distinctIds, longOr0(r, 12), longOr0(r, 13),
        r.isNullAt(14) ? 0.0 : r.getDouble(14), r.isNullAt(15) ? 0.0 : r.getDouble(15));
  }

  private static long longOr0(Row r, int i) {
    return r.isNullAt(i) ? 0L : r.getLong(i);
  }

  private static scala.collection.immutable.Seq<String> seq(String... columns) {
    return scala.collection.JavaConverters.asScalaBuffer(List.of(columns)).toList();
  }
}
