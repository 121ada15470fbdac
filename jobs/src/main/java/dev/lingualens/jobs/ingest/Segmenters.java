package dev.lingualens.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import com.johnsnowlabs.nlp.DocumentAssembler;
import com.johnsnowlabs.nlp.annotators.Tokenizer;
import com.johnsnowlabs.nlp.annotators.sbd.pragmatic.SentenceDetector;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Sentence and word segmentation of documents: Spark NLP's rule-based annotators for scripts that
 * separate words with spaces, ICU4J's dictionary-based breaks for those that do not (Spark NLP
 * leaves a Chinese or Thai text as one token). Adds n_sentences, words and segmenter.
 */
final class Segmenters {
  /** Sentence terminators of non-Latin scripts that Spark NLP's pragmatic rules do not know. */
  private static final String[] EXTRA_SENTENCE_BOUNDS = {
    "।", "॥", "؟", "۔", "։", "።", "၊", "။", "។", "჻", "܀", "׃"
  };

  /** What the ICU segmenter reads; every other input column is passed through. */
  private static final InputSchema INPUT =
      InputSchema.of("Segmenters.withIcu", "text string, lang string");

  private Segmenters() {}

  static Dataset<Row> segment(Dataset<Row> docs, List<String> icuScripts) {
    Object[] scripts = icuScripts.toArray();
    Dataset<Row> icu = docs.filter(col("script").isin(scripts));
    Dataset<Row> spaced = docs.filter(not(col("script").isin(scripts)));
    return withSparkNlp(spaced).unionByName(withIcu(icu));
  }

  static Dataset<Row> withSparkNlp(Dataset<Row> docs) {
    DocumentAssembler assembler = new DocumentAssembler();
    assembler.setInputCol("text");
    assembler.setOutputCol("ll_document");
    SentenceDetector sentences = new SentenceDetector();
    sentences.setInputCols(new String[] {"ll_document"});
    sentences.setOutputCol("ll_sentence");
    sentences.setCustomBounds(EXTRA_SENTENCE_BOUNDS);
    sentences.setUseCustomBoundsOnly(false);
    Tokenizer tokens = new Tokenizer();
    tokens.setInputCols(new String[] {"ll_sentence"});
    tokens.setOutputCol("ll_token");
    Pipeline pipeline =
        new Pipeline().setStages(new PipelineStage[] {assembler, sentences, tokens});
    Dataset<Row> annotated = pipeline.fit(docs).transform(docs);
    return annotated
        .withColumn("n_sentences", expr("size(ll_sentence)"))
        .withColumn(
            "words",
            expr(
                "filter(ll_token.result, w -> w rlike '"
                    + WordFilter.WORD_REGEX.replace("\\", "\\\\")
                    + "')"))
        .withColumn("segmenter", lit("spark-nlp"))
        .drop("ll_document", "ll_sentence", "ll_token");
  }

  static Dataset<Row> withIcu(Dataset<Row> docs) {
    StructType in = docs.schema();
    StructType out =
        in.add("n_sentences", DataTypes.IntegerType)
            .add("words", DataTypes.createArrayType(DataTypes.StringType))
            .add("segmenter", DataTypes.StringType);
    INPUT.check(in);
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
                  Row r = rows.next();
                  Segmentation s = segmenter.segment(r.getAs("text"), r.getAs("lang"));
                  return TableRow.of(out)
                      .setAll(r)
                      .set("n_sentences", s.sentences())
                      .set("words", s.words().toArray(new String[0]))
                      .set("segmenter", s.segmenter())
                      .build();
                }
              };
            },
        Encoders.row(out));
  }
}
