import com.johnsnowlabs.nlp.DocumentAssembler;
import com.johnsnowlabs.nlp.annotators.Tokenizer;
import com.johnsnowlabs.nlp.annotators.sbd.pragmatic.SentenceDetector;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How ingest's segmentation of spaced scripts agrees with the one before 2026-12-04 (Spark NLP's
 * pragmatic sentence detector, the tokenizer run on its sentences), and how long each takes in one
 * JVM. Reads a documents table written by the old ingest (its n_sentences and words are the old
 * ones), re-segments its 'spark-nlp' rows with today's Segmenters, and compares per document; with
 * --time it also times the old pipeline (rebuilt here) against today's on the same cached rows,
 * alternating, twice.
 *
 *   java -cp "$(cat bench/target/classpath.txt)" \
 *       scripts/dev/segmentation-agreement/SegmentationAgreement.java DOCUMENTS_DIR [--time]
 */
public final class SegmentationAgreement {

  public static void main(String[] args) throws Exception {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    Dataset<Row> stored = spark.read().parquet(args[0]).filter("segmenter = 'spark-nlp'");
    Dataset<Row> in = stored.select("id", "corpus", "text", "lang", "script").repartition(8).cache();
    in.count();
    Method segment = segmenters("withSparkNlp");
    Map<String, Row> old = new HashMap<>();
    for (Row r : stored.select("id", "corpus", "n_sentences", "words").collectAsList()) {
      old.put(r.getAs("corpus") + "/" + r.getAs("id"), r);
    }
    long docs = 0, sameWords = 0, sameSentences = 0, near = 0;
    long oldWords = 0, newWords = 0, oldSentences = 0, newSentences = 0;
    Map<String, long[]> perCorpus = new java.util.TreeMap<>();
    for (Row r :
        apply(segment, in).select("id", "corpus", "n_sentences", "words").collectAsList()) {
      Row o = old.get(r.getAs("corpus") + "/" + r.getAs("id"));
      List<Object> ow = o.getList(o.fieldIndex("words"));
      List<Object> nw = r.getList(r.fieldIndex("words"));
      long os = ((Number) o.getAs("n_sentences")).longValue();
      long ns = ((Number) r.getAs("n_sentences")).longValue();
      docs++;
      oldWords += ow.size();
      newWords += nw.size();
      oldSentences += os;
      newSentences += ns;
      sameWords += ow.equals(nw) ? 1 : 0;
      sameSentences += os == ns ? 1 : 0;
      near += Math.abs(os - ns) <= Math.max(1, os / 10) ? 1 : 0;
      long[] c = perCorpus.computeIfAbsent(r.getAs("corpus"), k -> new long[4]);
      c[0]++;
      c[1] += os;
      c[2] += ns;
      c[3] += os == ns ? 1 : 0;
    }
    System.out.printf(
        "%d documents: sentences %d -> %d (%.3f x), equal %.1f %%, within max(1, 10 %%) %.1f %%;"
            + " words identical %.1f %% of documents, %d -> %d (%+.3f %%)%n",
        docs, oldSentences, newSentences, newSentences / (double) oldSentences,
        100.0 * sameSentences / docs, 100.0 * near / docs, 100.0 * sameWords / docs,
        oldWords, newWords, 100.0 * (newWords - oldWords) / oldWords);
    perCorpus.forEach(
        (k, c) ->
            System.out.printf(
                "  %s: %d documents, sentences %d -> %d, equal %.1f %%%n",
                k, c[0], c[1], c[2], 100.0 * c[3] / c[0]));
    if (args.length > 1 && args[1].equals("--time")) {
      for (int round = 1; round <= 2; round++) {
        long t0 = System.nanoTime();
        oldPipeline(in).selectExpr("sum(size(ll_sentence))", "sum(size(ll_token))").first();
        long t1 = System.nanoTime();
        apply(segment, in).selectExpr("sum(n_sentences)", "sum(size(words))").first();
        long t2 = System.nanoTime();
        System.out.printf(
            "round %d: old %.1f s, new %.1f s, new/old %.3f%n",
            round, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t1) / (double) (t1 - t0));
      }
    }
    spark.stop();
  }

  /** Segmenters is package-private in the jobs module: reached by reflection from this tool. */
  private static Method segmenters(String name) throws Exception {
    Method m =
        Class.forName("dev.lingualens.jobs.ingest.Segmenters")
            .getDeclaredMethod(name, Dataset.class);
    m.setAccessible(true);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Dataset<Row> apply(Method m, Dataset<Row> docs) throws Exception {
    return (Dataset<Row>) m.invoke(null, docs);
  }

  /** Ingest's Spark NLP pipeline before 2026-12-04, custom bounds included. */
  static Dataset<Row> oldPipeline(Dataset<Row> docs) {
    DocumentAssembler assembler = new DocumentAssembler();
    assembler.setInputCol("text");
    assembler.setOutputCol("ll_document");
    SentenceDetector sentences = new SentenceDetector();
    sentences.setInputCols(new String[] {"ll_document"});
    sentences.setOutputCol("ll_sentence");
    sentences.setCustomBounds(
        new String[] {"।", "॥", "؟", "۔", "։", "።", "၊", "။", "។", "჻", "܀", "׃"});
    sentences.setUseCustomBoundsOnly(false);
    Tokenizer tokens = new Tokenizer();
    tokens.setInputCols(new String[] {"ll_sentence"});
    tokens.setOutputCol("ll_token");
    return new Pipeline()
        .setStages(new PipelineStage[] {assembler, sentences, tokens})
        .fit(docs)
        .transform(docs);
  }
}
