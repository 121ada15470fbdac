package dev.lingualens.jobs.lape;

import static org.apache.spark.sql.functions.col;

import dev.lingualens.common.model.SpecialTokens;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.TableRow;
import dev.lingualens.jobs.model.ModelHandle;
import java.io.Serializable;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Turns each language's documents into fixed-length windows of the model's token ids (methods.md
 * 2.2): documents in id order, tokenised without special tokens, joined into one stream (with the
 * model's EOS between documents unless configured off), cut into windows of W tokens; the
 * incomplete tail is dropped so every counted position is real text, and the train side is capped
 * per language.
 */
final class NeuronWindows implements Serializable {
  static final StructType SCHEMA =
      StructType.fromDDL("lang string, split string, window int, ids array<int>");

  /** A tokenised document, between reading and cutting (an RDD on the executors, never written). */
  private static final StructType TOKENIZED =
      StructType.fromDDL("lang string, split string, id string, ids array<int>");

  private static final InputSchema INPUT =
      InputSchema.of(
          "NeuronWindows.tokenize", "lang string, id string, " + "align_id string, text string");
  static final String TRAIN = "train";
  static final String HELDOUT = "heldout";

  record Settings(int window, boolean eosSeparator, long maxTrainTokens, HeldOutRule heldOut)
      implements Serializable {}

  private NeuronWindows() {}

  static Dataset<Row> build(
      SparkSession spark, Dataset<Row> documents, ModelHandle model, Settings s) {
    long separator = s.eosSeparator() ? SpecialTokens.of(model.folder()).eos() : -1;
    String tokenizerPath = model.folder().resolve("tokenizer.json").toString();
    JavaRDD<Row> tokenized =
        INPUT
            .check(documents.select(col("lang"), col("id"), col("align_id"), col("text")))
            .javaRDD()
            .mapPartitions(rows -> tokenize(rows, tokenizerPath, s.heldOut()));
    JavaRDD<Row> windows =
        tokenized
            .mapToPair(
                r ->
                    new Tuple2<>(
                        r.<String>getAs("lang") + "\u0000" + r.<String>getAs("split"),
                        new Tuple2<>(r.<String>getAs("id"), r.<int[]>getAs("ids"))))
            .groupByKey()
            .flatMap(group -> cut(group._1(), group._2(), s, separator));
    return spark.createDataFrame(windows, SCHEMA);
  }

  private static Iterator<Row> tokenize(
      Iterator<Row> rows, String tokenizerPath, HeldOutRule rule) {
    try (ExecutorResources.Lease<HfTokenizer> lease = HfTokenizer.lease(Paths.get(tokenizerPath))) {
      return tokenizeWith(rows, lease.get(), rule);
    }
  }

  private static Iterator<Row> tokenizeWith(
      Iterator<Row> rows, HfTokenizer tokenizer, HeldOutRule rule) {
    List<Row> out = new ArrayList<>();
    List<Row> batch = new ArrayList<>();
    while (rows.hasNext()) {
      batch.add(rows.next());
      if (batch.size() == 256 || !rows.hasNext()) {
        int[][] ids = tokenizer.encode(batch.stream().map(r -> r.<String>getAs("text")).toList());
        for (int i = 0; i < batch.size(); i++) {
          Row r = batch.get(i);
          String split = rule.heldOut(r.getAs("align_id"), r.getAs("id")) ? HELDOUT : TRAIN;
          out.add(
              TableRow.of(TOKENIZED)
                  .set("lang", r.getAs("lang"))
                  .set("split", split)
                  .set("id", r.getAs("id"))
                  .set("ids", ids[i])
                  .build());
        }
        batch.clear();
      }
    }
    return out.iterator();
  }

  private static Iterator<Row> cut(
      String key, Iterable<Tuple2<String, int[]>> docs, Settings s, long separator) {
    String lang = key.substring(0, key.indexOf('\u0000'));
    String split = key.substring(key.indexOf('\u0000') + 1);
    List<Tuple2<String, int[]>> sorted = new ArrayList<>();
    docs.forEach(sorted::add);
    sorted.sort(Comparator.comparing(Tuple2::_1));
    long total = 0;
    for (Tuple2<String, int[]> d : sorted) {
      total += d._2().length + (separator >= 0 ? 1 : 0);
    }
    long cap =
        split.equals(TRAIN) && s.maxTrainTokens() > 0 ? Math.min(total, s.maxTrainTokens()) : total;
    int nWindows = (int) (cap / s.window());
    int[] stream = new int[nWindows * s.window()];
    int pos = 0;
    outer:
    for (Tuple2<String, int[]> d : sorted) {
      for (int id : d._2()) {
        if (pos == stream.length) {
          break outer;
        }
        stream[pos++] = id;
      }
      if (separator >= 0) {
        if (pos == stream.length) {
          break;
        }
        stream[pos++] = (int) separator;
      }
    }
    List<Row> out = new ArrayList<>(nWindows);
    for (int w = 0; w < nWindows; w++) {
      int[] ids = java.util.Arrays.copyOfRange(stream, w * s.window(), (w + 1) * s.window());
      out.add(
          TableRow.of(SCHEMA)
              .set("lang", lang)
              .set("split", split)
              .set("window", w)
              .set("ids", ids)
              .build());
    }
    return out.iterator();
  }

  static Dataset<Row> of(Dataset<Row> windows, String split) {
    return windows.filter(col("split").equalTo(split));
  }

  static org.apache.spark.sql.Encoder<Row> encoder() {
    return Encoders.row(SCHEMA);
  }
}
