package dev.lingualens.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.corpus.CorpusFormat;
import dev.lingualens.common.corpus.InputCount;
import dev.lingualens.common.corpus.InputSpec;
import dev.lingualens.common.corpus.QuarantineReason;
import dev.lingualens.common.corpus.Quarantined;
import dev.lingualens.common.corpus.RawRecord;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.JobContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code lingualens ingest}: corpora in → {@code documents} (normalised language, segmented,
 * counted) and {@code quarantine} (every record that could not be used, with the reason). The run
 * record states read = written + quarantined.
 */
public final class IngestJob extends BaseJob<IngestSettings, IngestJob.Result> {
  /** Counts that must reconcile: read = written + quarantined. */
  public record Result(String runId, long read, long written, long quarantined) {}

  public IngestJob() {
    super(
        "ingest",
        "corpora -> documents + quarantine",
        List.of(),
        List.of(CorpusTables.DOCUMENTS, CorpusTables.QUARANTINE),
        IngestSettings.KEYS,
        IngestSettings::from);
  }

  @Override
  public Result execute(JobContext ctx, IngestSettings settings) {
    List<InputSpec> inputs = settings.inputs();
    int maxLineBytes = settings.maxLineBytes();
    NormalizedRows rows =
        new NormalizedRows(settings.langidLanguages(), settings.langidMinConfidence());
    SparkSession spark = ctx.spark();

    ctx.describe("read " + inputs.size() + " input(s)");
    Dataset<Row> normalized = spark.createDataFrame(List.of(), NormalizedRows.SCHEMA);
    List<Row> fileTasks = fileTasks(inputs);
    List<Dataset<Row>> parquetInputs = new ArrayList<>();
    for (InputSpec in : inputs) {
      if (in.format() == CorpusFormat.PARQUET) {
        Dataset<Row> df = spark.read().parquet(in.path());
        parquetInputs.add(df);
        normalized = normalized.unionByName(parquet(df, in, rows, maxLineBytes));
      }
    }
    if (!fileTasks.isEmpty()) {
      JavaRDD<Row> parsed =
          JavaSparkContext.fromSparkContext(spark.sparkContext())
              .parallelize(
                  fileTasks, Math.max(1, Math.min(fileTasks.size(), settings.partitions())))
              .mapPartitions(new ReadFiles(maxLineBytes, rows));
      normalized = normalized.unionByName(spark.createDataFrame(parsed, NormalizedRows.SCHEMA));
    }
    normalized = normalized.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> marked = null;
    try {
      marked =
          markDuplicateIds(normalized.filter(col("status").equalTo(NormalizedRows.OK)))
              .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> ok =
          marked
              .filter(col("_n").equalTo(1))
              .drop("_n", "_first")
              .repartition(settings.partitions());
      Dataset<Row> duplicates =
          marked
              .filter(col("_n").gt(1))
              .selectExpr(
                  "'" + NormalizedRows.QUARANTINE + "' as status",
                  "cast(null as string) as id",
                  "corpus",
                  "cast(null as string) as lang",
                  "cast(null as string) as script",
                  "cast(null as string) as lang_tag",
                  "cast(null as string) as lang_source",
                  "cast(null as double) as lang_confidence",
                  "cast(null as string) as align_id",
                  "cast(null as string) as text",
                  "source",
                  "location",
                  "cast(null as string) as extra_json",
                  "'" + QuarantineReason.DUPLICATE_ID.code() + "' as reason",
                  "format_string('id %s is already the id of %s', id, _first) as detail",
                  "substring(text, 1, 500) as raw");
      Dataset<Row> documents =
          Segmenters.segment(ok, settings.icuScripts())
              .withColumn("n_bytes", expr("cast(octet_length(text) as bigint)"))
              .withColumn("n_chars", expr("cast(char_length(text) as bigint)"))
              .withColumn("n_words", expr("size(words)"));
      Dataset<Row> quarantine =
          normalized
              .filter(col("status").equalTo(NormalizedRows.QUARANTINE))
              .unionByName(duplicates);
      Dataset<Row> writtenDocs =
          ctx.write(CorpusTables.DOCUMENTS, filesPerLanguage(ok, documents, settings.fileBytes()));
      Dataset<Row> writtenQuarantine = ctx.write(CorpusTables.QUARANTINE, quarantine);

      ctx.describe("count the input records");
      long read = inputRecords(spark, fileTasks, maxLineBytes, settings.partitions());
      for (Dataset<Row> df : parquetInputs) {
        read += df.count();
      }
      ctx.describe("reconcile counts");
      long written = writtenDocs.count();
      long quarantined = writtenQuarantine.count();
      ctx.count("read", read);
      ctx.count("written", written);
      ctx.count("quarantined", quarantined);
      if (read != written + quarantined) {
        throw new IllegalStateException(
            "ingest counts do not reconcile: the input holds "
                + read
                + " records but "
                + written
                + " were written and "
                + quarantined
                + " quarantined; records were "
                + (read > written + quarantined ? "lost" : "invented")
                + " (see the quarantine table for an unreadable_file"
                + " that failed half-way; otherwise a reader bug: please report it with the input)");
      }
      return new Result(ctx.runId(), read, written, quarantined);
    } finally {
      if (marked != null) {
        marked.unpersist();
      }
      normalized.unpersist();
    }
  }

  /**
   * Document ids are unique within a corpus and language (a parallel corpus may give a unit's
   * versions one id, told apart by lang): of the records sharing one, the first in input order
   * (file, then position in it) is written and every later one quarantined as {@code duplicate_id},
   * naming where the id was first used. Adds {@code _n} (1 for the record kept) and {@code _first}
   * (its source and location).
   */
  static Dataset<Row> markDuplicateIds(Dataset<Row> ok) {
    WindowSpec w =
        Window.partitionBy("corpus", "lang", "id")
            .orderBy(col("source"), col("_pos"), col("location"));
    return ok.withColumn("_pos", expr("cast(regexp_extract(location, '([0-9]+)', 1) as bigint)"))
        .withColumn("_n", functions.row_number().over(w))
        .withColumn(
            "_first",
            functions.first(functions.concat_ws(" ", col("source"), col("location"))).over(w))
        .drop("_pos");
  }

  /**
   * Rows grouped so that each (corpus, lang) folder of the partitioned table gets about one file
   * per {@code fileBytes} of text. Written straight from the segmentation tasks, every task would
   * leave a small file in every language folder it touched (8 tasks x 500 languages = 4,000 files
   * for a 50 MB corpus), and every later job would pay for opening them. Grouping by language alone
   * would send a large language to one task; the hashed bucket spreads it over as many tasks as it
   * has files.
   */
  static Dataset<Row> filesPerLanguage(Dataset<Row> ok, Dataset<Row> documents, long fileBytes) {
    Dataset<Row> buckets =
        ok.groupBy("corpus", "lang")
            .agg(
                expr("cast(ceil(sum(octet_length(text)) / " + fileBytes + ") as int)")
                    .as("_buckets"))
            .withColumn("_buckets", expr("greatest(_buckets, 1)"));
    return documents
        .join(functions.broadcast(buckets), new String[] {"corpus", "lang"})
        .withColumn("_bucket", expr("pmod(hash(id), _buckets)"))
        .repartition(col("corpus"), col("lang"), col("_bucket"))
        .drop("_buckets", "_bucket");
  }

  /**
   * The records the input files hold, counted from their bytes by {@link InputCount}, not by the
   * readers: so that {@code read = written + quarantined} fails when a reader loses (or invents) a
   * record.
   */
  private static long inputRecords(
      SparkSession spark, List<Row> fileTasks, int maxLineBytes, int partitions) {
    if (fileTasks.isEmpty()) {
      return 0;
    }
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(fileTasks, Math.max(1, Math.min(fileTasks.size(), partitions)))
        .map(
            t ->
                InputCount.records(
                    Paths.get(t.<String>getAs("file")),
                    CorpusFormat.valueOf(t.getAs("format")),
                    maxLineBytes))
        .fold(0L, Long::sum);
  }

  /**
   * One task per input file, listed on the driver so a missing path fails before any Spark work.
   */
  private static List<Row> fileTasks(List<InputSpec> inputs) {
    List<Row> tasks = new ArrayList<>();
    java.util.Map<Path, String> seen = new java.util.HashMap<>();
    for (InputSpec in : inputs) {
      if (in.format() == CorpusFormat.PARQUET) {
        continue;
      }
      try {
        List<Path> files = in.format().files(Paths.get(in.path()));
        if (files.isEmpty()) {
          throw new ConfigException(
              "Input '"
                  + in.corpus()
                  + "="
                  + in.format().name().toLowerCase()
                  + ":"
                  + in.path()
                  + "' holds no "
                  + in.format().name().toLowerCase()
                  + " files");
        }
        for (Path f : files) {
          String first = seen.putIfAbsent(f.toRealPath(), in.corpus());
          if (first != null) {
            throw new ConfigException(
                "Input file "
                    + f.toAbsolutePath()
                    + " is listed twice in ingest.inputs (corpus '"
                    + first
                    + "' and corpus '"
                    + in.corpus()
                    + "'): its records would be ingested twice");
          }
          tasks.add(ReadFiles.task(in.corpus(), in.format(), f.toAbsolutePath().toString()));
        }
      } catch (IOException e) {
        throw new ConfigException("Input '" + in.corpus() + "': " + e.getMessage(), e);
      }
    }
    return tasks;
  }

  /**
   * A Parquet input: {@code text} required, string or binary (decoded strictly: invalid UTF-8 is
   * quarantined, never replaced by U+FFFD; a text over {@code ingest.max-line-bytes} is quarantined
   * as line_too_long, like a line of the line formats); {@code lang}, {@code id}, {@code align_id}
   * optional; other columns kept as JSON. A {@code text} column of another type is one config
   * error: casting numbers or structs to strings would invent documents.
   */
  private static Dataset<Row> parquet(
      Dataset<Row> df, InputSpec in, NormalizedRows rows, int maxBytes) {
    List<String> columns = Arrays.asList(df.columns());
    if (!columns.contains("text")) {
      throw new ConfigException(
          "Parquet input '" + in.path() + "' has no 'text' column (columns: " + columns + ")");
    }
    DataType textType = df.schema().apply("text").dataType();
    if (!(textType instanceof StringType) && !(textType instanceof BinaryType)) {
      throw new ConfigException(
          "Parquet input '"
              + in.corpus()
              + "=parquet:"
              + in.path()
              + "' has a 'text' column of type "
              + textType.simpleString()
              + "; expected string or binary (UTF-8 text)");
    }
    Set<String> known = Set.of("text", "lang", "id", "align_id");
    String[] extras = columns.stream().filter(c -> !known.contains(c)).toArray(String[]::new);
    String extraExpr =
        extras.length == 0
            ? "cast(null as string)"
            : "to_json(struct("
                + String.join(", ", Arrays.stream(extras).map(c -> "`" + c + "`").toList())
                + "))";
    Dataset<Row> shaped =
        df.selectExpr(
            "cast(text as binary) as text_bytes",
            columns.contains("lang")
                ? "cast(lang as string) as lang"
                : "cast(null as string) as lang",
            columns.contains("id") ? "cast(id as string) as id" : "cast(null as string) as id",
            columns.contains("align_id")
                ? "cast(align_id as string) as align_id"
                : "cast(null as string) as align_id",
            extraExpr + " as extra_json",
            "input_file_name() as source",
            "monotonically_increasing_id() as row_id");
    String corpus = in.corpus();
    return shaped.mapPartitions(
        (MapPartitionsFunction<Row, Row>)
            it ->
                new java.util.Iterator<Row>() {
                  @Override
                  public boolean hasNext() {
                    return it.hasNext();
                  }

                  @Override
                  public Row next() {
                    Row r = it.next();
                    String source = r.getAs("source");
                    String location = "row_id " + r.<Long>getAs("row_id");
                    byte[] bytes = r.getAs("text_bytes");
                    String text = null;
                    if (bytes != null && bytes.length > maxBytes) {
                      // the limit lines have in the line formats: one 50 MB text would hold a
                      // segmentation task for minutes
                      return NormalizedRows.quarantined(
                          Quarantined.of(
                              corpus,
                              source,
                              location,
                              QuarantineReason.LINE_TOO_LONG,
                              "'text' is "
                                  + bytes.length
                                  + " bytes > limit "
                                  + maxBytes
                                  + " (ingest.max-line-bytes)",
                              new String(
                                  bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8)));
                    }
                    if (bytes != null) {
                      try {
                        text =
                            StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)
                                .decode(ByteBuffer.wrap(bytes))
                                .toString();
                      } catch (CharacterCodingException e) {
                        return NormalizedRows.quarantined(
                            Quarantined.of(
                                corpus,
                                source,
                                location,
                                QuarantineReason.INVALID_UTF8,
                                "'text' is not valid UTF-8",
                                new String(
                                    bytes,
                                    0,
                                    Math.min(bytes.length, 200),
                                    StandardCharsets.UTF_8)));
                      }
                    }
                    String id =
                        r.getAs("id") == null
                            ? source + "#" + r.<Long>getAs("row_id")
                            : r.getAs("id");
                    return rows.normalize(
                        new RawRecord(
                            corpus,
                            source,
                            location,
                            id,
                            r.getAs("align_id"),
                            r.getAs("lang"),
                            text,
                            r.getAs("extra_json")));
                  }
                },
        Encoders.row(NormalizedRows.SCHEMA));
  }
}
