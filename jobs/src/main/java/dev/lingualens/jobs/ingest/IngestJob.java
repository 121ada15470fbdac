package dev.lingualens.jobs.ingest;

import dev.lingualens.common.schema.Tables;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.corpus.CorpusFormat;
import dev.lingualens.common.corpus.InputSpec;
import dev.lingualens.common.corpus.RawRecord;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.BaseJob;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code lingualens ingest}: corpora in → {@code documents} (normalised language, segmented, counted)
 * and {@code quarantine} (every record that could not be used, with the reason). The run record
 * states read = written + quarantined.
 */
public final class IngestJob extends BaseJob<IngestSettings, IngestJob.Result> {
  /** Counts that must reconcile: read = written + quarantined. */
  public record Result(String runId, long read, long written, long quarantined) {}

  public IngestJob() {
    super("ingest", "corpora -> documents + quarantine",
        List.of(),
        List.of(CorpusTables.DOCUMENTS, CorpusTables.QUARANTINE),
        IngestSettings.KEYS, IngestSettings::from);
  }

  @Override
  public Result execute(JobContext ctx, IngestSettings settings) {
    List<InputSpec> inputs = settings.inputs();
    int maxLineBytes = settings.maxLineBytes();
    NormalizedRows rows = new NormalizedRows(settings.langidLanguages(), settings.langidMinConfidence());
    SparkSession spark = ctx.spark();

    ctx.describe("read " + inputs.size() + " input(s)");
    Dataset<Row> normalized = spark.createDataFrame(List.of(), NormalizedRows.SCHEMA);
    List<Row> fileTasks = fileTasks(inputs);
    if (!fileTasks.isEmpty()) {
      JavaRDD<Row> parsed = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(fileTasks, Math.max(1, Math.min(fileTasks.size(), settings.partitions())))
          .mapPartitions(new ReadFiles(maxLineBytes, rows));
      normalized = normalized.unionByName(spark.createDataFrame(parsed, NormalizedRows.SCHEMA));
    }
    for (InputSpec in : inputs) {
      if (in.format() == CorpusFormat.PARQUET) {
        normalized = normalized.unionByName(parquet(spark, in, rows));
      }
    }
    normalized = normalized.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> ok = normalized.filter(col("status").equalTo(NormalizedRows.OK))
          .repartition(settings.partitions());
      Dataset<Row> documents = Segmenters.segment(ok, settings.icuScripts())
          .withColumn("n_bytes", expr("cast(octet_length(text) as bigint)"))
          .withColumn("n_chars", expr("cast(char_length(text) as bigint)"))
          .withColumn("n_words", expr("size(words)"));
      Dataset<Row> quarantine = normalized.filter(col("status").equalTo(NormalizedRows.QUARANTINE));
      ctx.write(CorpusTables.DOCUMENTS, filesPerLanguage(ok, documents, settings.fileBytes()));
      ctx.write(CorpusTables.QUARANTINE, quarantine);

      ctx.describe("reconcile counts");
      long read = normalized.count();
      long written = ctx.spark().read().parquet(ctx.tablePath(CorpusTables.DOCUMENTS)).count();
      long quarantined = ctx.spark().read().parquet(ctx.tablePath(CorpusTables.QUARANTINE)).count();
      ctx.count("read", read);
      ctx.count("written", written);
      ctx.count("quarantined", quarantined);
      if (read != written + quarantined) {
        throw new IllegalStateException("ingest counts do not reconcile: read " + read + " != written " + written
            + " + quarantined " + quarantined);
      }
      return new Result(ctx.runId(), read, written, quarantined);
    } finally {
      normalized.unpersist();
    }
  }

  /**
   * Rows grouped so that each (corpus, lang) folder of the partitioned table gets about one file per
   * {@code fileBytes} of text. Written straight from the segmentation tasks, every task would leave a small
   * file in every language folder it touched (8 tasks x 500 languages = 4,000 files for a 50 MB corpus),
   * and every later job would pay for opening them. Grouping by language alone would send a large
   * language to one task; the hashed bucket spreads it over as many tasks as it has files.
   */
  static Dataset<Row> filesPerLanguage(Dataset<Row> ok, Dataset<Row> documents, long fileBytes) {
    Dataset<Row> buckets = ok.groupBy("corpus", "lang")
        .agg(expr("cast(ceil(sum(octet_length(text)) / " + fileBytes + ") as int)").as("_buckets"))
        .withColumn("_buckets", expr("greatest(_buckets, 1)"));
    return documents.join(functions.broadcast(buckets), new String[] {"corpus", "lang"})
        .withColumn("_bucket", expr("pmod(hash(id), _buckets)"))
        .repartition(col("corpus"), col("lang"), col("_bucket"))
        .drop("_buckets", "_bucket");
  }

  /** One task per input file, listed on the driver so a missing path fails before any Spark work. */
  private static List<Row> fileTasks(List<InputSpec> inputs) {
    List<Row> tasks = new ArrayList<>();
    for (InputSpec in : inputs) {
      if (in.format() == CorpusFormat.PARQUET) {
        continue;
      }
      try {
        List<Path> files = in.format().files(Paths.get(in.path()));
        if (files.isEmpty()) {
          throw new ConfigException("Input '" + in.corpus() + "=" + in.format().name().toLowerCase() + ":" + in.path()
              + "' holds no " + in.format().name().toLowerCase() + " files");
        }
        for (Path f : files) {
          tasks.add(ReadFiles.task(in.corpus(), in.format(), f.toAbsolutePath().toString()));
        }
      } catch (IOException e) {
        throw new ConfigException("Input '" + in.corpus() + "': " + e.getMessage(), e);
      }
    }
    return tasks;
  }

  /** A Parquet input: {@code text} required; {@code lang}, {@code id}, {@code align_id} optional; other columns kept as JSON. */
  private static Dataset<Row> parquet(SparkSession spark, InputSpec in, NormalizedRows rows) {
    Dataset<Row> df = spark.read().parquet(in.path());
    List<String> columns = Arrays.asList(df.columns());
    if (!columns.contains("text")) {
      throw new ConfigException("Parquet input '" + in.path() + "' has no 'text' column (columns: " + columns + ")");
    }
    Set<String> known = Set.of("text", "lang", "id", "align_id");
    String[] extras = columns.stream().filter(c -> !known.contains(c)).toArray(String[]::new);
    String extraExpr = extras.length == 0 ? "cast(null as string)"
        : "to_json(struct(" + String.join(", ", Arrays.stream(extras).map(c -> "`" + c + "`").toList()) + "))";
    Dataset<Row> shaped = df.selectExpr(
        "cast(text as string) as text",
        columns.contains("lang") ? "cast(lang as string) as lang" : "cast(null as string) as lang",
        columns.contains("id") ? "cast(id as string) as id" : "cast(null as string) as id",
        columns.contains("align_id") ? "cast(align_id as string) as align_id" : "cast(null as string) as align_id",
        extraExpr + " as extra_json",
        "input_file_name() as source",
        "monotonically_increasing_id() as row_id");
    String corpus = in.corpus();
    return shaped.mapPartitions((MapPartitionsFunction<Row, Row>) it -> new java.util.Iterator<Row>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Row next() {
        Row r = it.next();
        String location = "row_id " + r.<Long>getAs("row_id");
        String id = r.getAs("id") == null ? r.<String>getAs("source") + "#" + r.<Long>getAs("row_id") : r.getAs("id");
        return rows.normalize(new RawRecord(corpus, r.getAs("source"), location, id, r.getAs("align_id"),
            r.getAs("lang"), r.getAs("text"), r.getAs("extra_json")));
      }
    }, Encoders.row(NormalizedRows.SCHEMA));
  }
}
