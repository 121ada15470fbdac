package dev.lingualens.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.jobs.SparkTestSession;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A text longer than Spark NLP segments in linear time goes to ICU, which counts its sentences and
 * words like any other, and says so in the row's {@code segmenter}.
 */
class SegmentersTest {
  @Test
  void aVeryLongLatinTextIsSegmentedByIcuWithEveryWord() {
    SparkSession spark = SparkTestSession.get();
    String sentence = "The cat sat on the mat today. "; // 7 words, 1 sentence
    int repeats = Segmenters.SPARK_NLP_MAX_CHARS / sentence.length() + 10;
    StructType schema = StructType.fromDDL("id string, text string, lang string, script string");
    List<Row> docs =
        List.of(
            RowFactory.create("short", sentence.repeat(3), "eng", "Latn"),
            RowFactory.create("long", sentence.repeat(repeats), "eng", "Latn"));
    Map<String, Row> out =
        Segmenters.segment(spark.createDataFrame(docs, schema), List.of("Hani"))
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.<String>getAs("id"), r -> r));
    assertThat(out.get("short").<String>getAs("segmenter")).isEqualTo("spark-nlp");
    assertThat(out.get("short").<Integer>getAs("n_sentences")).isEqualTo(3);
    Row longDoc = out.get("long");
    assertThat(longDoc.<String>getAs("segmenter")).isEqualTo("icu4j");
    assertThat(longDoc.<Integer>getAs("n_sentences")).isEqualTo(repeats);
    assertThat(longDoc.getList(longDoc.fieldIndex("words"))).hasSize(7 * repeats);
  }
}
