package dev.lingualens.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import com.johnsnowlabs.nlp.DocumentAssembler;
import com.johnsnowlabs.nlp.annotators.Tokenizer;
import dev.lingualens.common.text.IcuSegmenter;
import dev.lingualens.common.text.Segmentation;
import dev.lingualens.common.text.WordFilter;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.TableRow;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sentence and word segmentation of documents: sentences by ICU4J's break iterator for every
 * script; words by Spark NLP's rule-based tokenizer for scripts that separate words with spaces, by
 * ICU4J's dictionary-based breaks for those that do not (Spark NLP leaves a Chinese or Thai text as
 * one token). Adds n_sentences, words and segmenter (which of the two found the words).
 */
final class Segmenters {
  /**
   * Longest text Spark NLP segments. Its pragmatic sentence detector is superlinear in the length
   * of a text (measured: 256 KiB 15 s, 512 KiB 63 s, 1 MiB 413 s, so a 50 MB single-line document
   * ran for hours); ICU's break iterators are linear (1 MiB in 1 s) and give longer texts their
   * sentences and words, with {@code segmenter = icu4j} on the row.
   */
  static final int SPARK_NLP_MAX_CHARS = 100_000;

  /** Texts of at least this many chars are logged when their segmentation starts and ends. */
  static final int LOG_CHARS = 4 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(Segmenters.class);

  /** What the ICU segmenter reads; every other input column is passed through. */
  private static final InputSchema INPUT =
      InputSchema.of("Segmenters.withIcu", "text string, lang string");

  private Segmenters() {}

  static Dataset<Row> segment(Dataset<Row> docs, List<String> icuScripts) {
    Object[] scripts = icuScripts.toArray();
    Column toIcu = col("script").isin(scripts).or(length(col("text")).gt(SPARK_NLP_MAX_CHARS));
    Dataset<Row> icu = docs.filter(toIcu);
    Dataset<Row> spaced = docs.filter(not(toIcu));
    return withSparkNlp(spaced).unionByName(withIcu(icu));
  }

  /**
   * Spark NLP's tokenizer over the whole document for the words, ICU's sentence breaks for the
   * sentence count. Spark NLP's pragmatic sentence detector, which the tokenizer used to run
   * behind, took about three quarters of ingest's time (30 of 40 executor stack samples on 52 MB,
   * docs/benchmarks.md); how its counts and ICU's differ on the benchmark corpus is in
   * docs/running.md.
   */
  static Dataset<Row> withSparkNlp(Dataset<Row> docs) {
    DocumentAssembler assembler = new DocumentAssembler();
    assembler.setInputCol("text");
    assembler.setOutputCol("ll_document");
    Tokenizer tokens = new Tokenizer();
    tokens.setInputCols(new String[] {"ll_document"});
    tokens.setOutputCol("ll_token");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, tokens});
    Dataset<Row> annotated = pipeline.fit(docs).transform(docs);
    return withIcuSentences(
        annotated
            .withColumn(
                "words",
                expr(
                    "filter(ll_token.result, w -> w rlike '"
                        + WordFilter.WORD_REGEX.replace("\\", "\\\\")
                        + "')"))
            .withColumn("segmenter", lit("spark-nlp"))
            .drop("ll_document", "ll_token"));
  }

  /** Adds n_sentences, counted by ICU's sentence break iterator of the row's language. */
  static Dataset<Row> withIcuSentences(Dataset<Row> docs) {
    StructType out = docs.schema().add("n_sentences", DataTypes.IntegerType);
    return withSegmenter(
        docs,
        out,
        (segmenter, r) ->
            TableRow.of(out)
                .setAll(r)
                .set("n_sentences", segmenter.sentences(r.getAs("text"), r.getAs("lang")))
                .build());
  }

  static Dataset<Row> withIcu(Dataset<Row> docs) {
    StructType out =
        docs.schema()
            .add("n_sentences", DataTypes.IntegerType)
            .add("words", DataTypes.createArrayType(DataTypes.StringType))
            .add("segmenter", DataTypes.StringType);
    return withSegmenter(
        docs,
        out,
        (segmenter, r) -> {
          String text = r.getAs("text");
          long t0 = System.nanoTime();
          if (text.length() >= LOG_CHARS) {
            LOG.info("segmenting a long record: {}", describe(r, text));
          }
          Segmentation s = segmenter.segment(text, r.getAs("lang"));
          if (text.length() >= LOG_CHARS) {
            LOG.info(
                "segmented {} words in {} s: {}",
                s.words().size(),
                String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9),
                describe(r, text));
          }
          return TableRow.of(out)
              .setAll(r)
              .set("n_sentences", s.sentences())
              .set("words", s.words().toArray(new String[0]))
              .set("segmenter", s.segmenter())
              .build();
        });
  }

  /** A row's new columns from one ICU segmenter per partition. */
  private interface SegmentRow extends java.io.Serializable {
    Row apply(IcuSegmenter segmenter, Row row);
  }

  private static Dataset<Row> withSegmenter(Dataset<Row> docs, StructType out, SegmentRow f) {
    INPUT.check(docs.schema());
    return docs.mapPartitions(
        (MapPartitionsFunction<Row, Row>)
            rows -> {
              IcuSegmenter segmenter = new IcuSegmenter();
              return new Iterator<>() {
                @Override
                public boolean hasNext() {
                  return rows.hasNext();
                }

                @Override
                public Row next() {
                  return f.apply(segmenter, rows.next());
                }
              };
            },
        Encoders.row(out));
  }

  private static String describe(Row r, String text) {
    List<String> names = List.of(r.schema().fieldNames());
    String id = names.contains("id") ? r.getAs("id") : "?";
    String corpus = names.contains("corpus") ? r.getAs("corpus") : "?";
    return corpus
        + "/"
        + id
        + " ("
        + r.getAs("lang")
        + ", "
        + text.length() / (1 << 20)
        + " M chars)";
  }
}
