package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.model.LayerRepresentations;
import dev.lingualens.common.model.ModelOptions;
import dev.lingualens.common.model.Pooling;
import dev.lingualens.common.model.TokenBatch;
import dev.lingualens.common.model.TransformerModel;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.jobs.ingest.IngestJob;
import dev.lingualens.jobs.rank.RankJob;
import dev.lingualens.jobs.represent.RepresentJob;
import dev.lingualens.jobs.retrieval.RetrievalJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * represent → rank → retrieval on the golden fixture models (random weights: the numbers mean
 * nothing, the mechanics are what is checked), every expected number recomputed here from the
 * inputs by a separate path: batch = 1 forwards for the vectors, plain loops for cosines, Pearson
 * and P@1.
 */
class RankerJobsTest {
  @TempDir static Path out;
  static SparkSession spark;
  static Path llama;
  static RepresentJob.Result represented;

  static final String[][] DOCS = {
    {"eng", "a1", "the cat sat"},
    {"eng", "a2", "hello world"},
    {"eng", "a3", "a b c d e"},
    {"eng", "a4", "one more line"},
    {"fra", "a1", "le chat"},
    {"fra", "a2", "bonjour le monde"},
    {"fra", "a3", "a b c"},
    {"fra", "a4", "encore"},
    {"deu", "a1", "die katze"},
    {"deu", "a2", "hallo welt"},
    {"deu", "a3", "a b"},
    {"deu", "a4", "noch eine zeile"},
    {"spa", "a1", "el gato"},
    {"spa", "a2", "hola mundo"},
    {"spa", "a3", "a b c d"}
  };

  @BeforeAll
  static void run() throws IOException {
    spark = SparkTestSession.get();
    llama = Repo.root().resolve("common/src/test/resources/fixtures/models/llama");
    Path bert = Repo.root().resolve("common/src/test/resources/fixtures/models/bert");
    StringBuilder jsonl = new StringBuilder();
    for (String[] d : DOCS) {
      jsonl
          .append("{\"text\":\"")
          .append(d[2])
          .append("\",\"lang\":\"")
          .append(d[0])
          .append("\",\"align_id\":\"")
          .append(d[1])
          .append("\"}\n");
    }
    Path corpus = out.resolve("tiny.jsonl");
    Files.writeString(corpus, jsonl);
    Path ref = out.resolve("toy.properties");
    Files.writeString(
        ref, "name = toy\nshare.eng = 90\nshare.fra = 0.2\nshare.deu = 0.1\nshare.spa = 0.05\n");
    LinguaConfig config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir",
                    out.resolve("tables").toString(),
                    "ingest.inputs",
                    "tiny=jsonl:" + corpus,
                    "ingest.partitions",
                    "2",
                    "represent.models",
                    "llama=" + llama + ",bert=" + bert,
                    "model.batch-tokens",
                    "16",
                    "rank.references",
                    ref.toString(),
                    "rank.layer-presets",
                    "ALL,EVERY5,layers:1",
                    "rank.bootstrap-resamples",
                    "200"));
    new IngestJob().run(spark, config);
    represented = new RepresentJob().run(spark, config);
    new RankJob().run(spark, config);
    new RetrievalJob().run(spark, config);
  }

  static List<Row> table(String name, String where) {
    return spark
        .read()
        .parquet(out.resolve("tables/" + name).toString())
        .filter(where)
        .collectAsList();
  }

  static float[] vector(String model, String lang, String align, int layer) {
    List<Row> rows =
        table(
            "representations",
            "model = '"
                + model
                + "' AND lang = '"
                + lang
                + "' AND align_id = '"
                + align
                + "' AND layer = "
                + layer);
    assertThat(rows).hasSize(1);
    List<Float> v = rows.get(0).getList(rows.get(0).fieldIndex("vector"));
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i);
    }
    return out;
  }

  @Test
  void representationsMatchSingleSentenceForwards() {
    // 15 documents; llama: 2 layers, bert: its layers from config
    assertThat(represented.documents()).isEqualTo(30);
    assertThat(table("representations", "model = 'llama'")).hasSize(15 * 2);
    assertThat(table("representations", "model = 'llama' AND pooling = 'last'")).hasSize(30);
    assertThat(table("representations", "model = 'bert' AND pooling = 'mean'")).isNotEmpty();
    int[] ids = HfTokenizer.load(llama).encode(List.of("bonjour le monde"), true)[0];
    long[] seq = java.util.Arrays.stream(ids).asLongStream().toArray();
    try (TransformerModel model = TransformerModel.load(llama, ModelOptions.cpu())) {
      float[][][] single =
          LayerRepresentations.forward(
              model, TokenBatch.of(List.of(seq), 0), new int[] {1, 2}, Pooling.LAST);
      for (int layer = 1; layer <= 2; layer++) {
        float[] fromTable = vector("llama", "fra", "a2", layer);
        for (int d = 0; d < fromTable.length; d++) {
          assertThat(fromTable[d]).isCloseTo(single[0][layer - 1][d], within(1e-5f));
        }
      }
    }
  }

  @Test
  void layerSimilarityIsTheMeanCosineOverAlignedPairs() {
    double sum = 0;
    for (String a : List.of("a1", "a2", "a3", "a4")) {
      sum += cos(vector("llama", "eng", a, 2), vector("llama", "deu", a, 2));
    }
    List<Row> rows =
        table("language_layer_similarity", "model = 'llama' AND lang = 'deu' AND layer = 2");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).<Long>getAs("n_pairs")).isEqualTo(4L);
    assertThat(rows.get(0).<Double>getAs("mean_cos")).isCloseTo(sum / 4, within(1e-9));
    // spa has only 3 aligned units
    assertThat(
            table("language_layer_similarity", "model = 'llama' AND lang = 'spa' AND layer = 1")
                .get(0)
                .<Long>getAs("n_pairs"))
        .isEqualTo(3L);
    // English is the reference, never ranked against itself
    assertThat(table("language_layer_similarity", "lang = 'eng'")).isEmpty();
  }

  @Test
  void ranksFollowScoresAndPresetsPickTheirLayers() {
    Map<String, Double> layer1 = new HashMap<>();
    Map<String, Double> layer2 = new HashMap<>();
    for (Row r : table("language_layer_similarity", "model = 'llama'")) {
      (r.<Integer>getAs("layer") == 1 ? layer1 : layer2).put(r.getAs("lang"), r.getAs("mean_cos"));
    }
    List<Row> all = table("language_rank", "model = 'llama' AND layer_preset = 'ALL'");
    assertThat(all).hasSize(3);
    for (Row r : all) {
      String lang = r.getAs("lang");
      assertThat(r.<Double>getAs("score"))
          .isCloseTo((layer1.get(lang) + layer2.get(lang)) / 2, within(1e-9));
      assertThat(r.<Double>getAs("ci_low")).isLessThanOrEqualTo(r.getAs("score"));
      assertThat(r.<Double>getAs("ci_high")).isGreaterThanOrEqualTo(r.getAs("score"));
      assertThat(r.<String>getAs("layers")).isEqualTo("1,2");
    }
    // EVERY5 in a 2-layer model falls back to the deepest layer
    for (Row r : table("language_rank", "model = 'llama' AND layer_preset = 'EVERY5'")) {
      assertThat(r.<Double>getAs("score"))
          .isCloseTo(layer2.get(r.<String>getAs("lang")), within(1e-9));
      assertThat(r.<String>getAs("layers")).isEqualTo("2");
    }
    List<Row> one = table("language_rank", "model = 'llama' AND layer_preset = 'layers:1'");
    one.sort(java.util.Comparator.comparingInt(r -> r.<Integer>getAs("rank")));
    for (int i = 1; i < one.size(); i++) {
      assertThat(one.get(i - 1).<Double>getAs("score"))
          .isGreaterThanOrEqualTo(one.get(i).getAs("score"));
    }
  }

  @Test
  void correlationAgainstTheReferenceTable() {
    Map<String, Double> share = Map.of("fra", 0.2, "deu", 0.1, "spa", 0.05);
    double[] x = new double[3];
    double[] y = new double[3];
    int i = 0;
    for (Row r : table("language_rank", "model = 'llama' AND layer_preset = 'ALL'")) {
      x[i] = r.getAs("score");
      y[i] = share.get(r.<String>getAs("lang"));
      assertThat(r.<Double>getAs("reference_share_pct")).isEqualTo(y[i]);
      i++;
    }
    List<Row> c =
        table("rank_correlation", "model = 'llama' AND layer_preset = 'ALL' AND reference = 'toy'");
    assertThat(c).hasSize(1);
    assertThat(c.get(0).<Integer>getAs("n")).isEqualTo(3);
    assertThat(c.get(0).<Double>getAs("pearson_r")).isCloseTo(pearson(x, y), within(1e-9));
    List<Row> agreement = table("rank_agreement", "layer_preset = 'ALL'");
    assertThat(agreement).hasSize(1);
    assertThat(agreement.get(0).<Integer>getAs("n")).isEqualTo(3);
  }

  @Test
  void retrievalRecomputedByBruteForce() {
    // eng→fra at llama layer 2: 4 aligned units
    List<Row> rows =
        table("bitext_retrieval", "model = 'llama' AND layer = 2 AND src = 'eng' AND tgt = 'fra'");
    assertThat(rows).hasSize(1);
    String[] units = {"a1", "a2", "a3", "a4"};
    int hits = 0;
    for (int i = 0; i < units.length; i++) {
      float[] e = vector("llama", "eng", units[i], 2);
      int best = 0;
      double bestCos = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < units.length; j++) {
        double c = cos(e, vector("llama", "fra", units[j], 2));
        if (c > bestCos) {
          bestCos = c;
          best = j;
        }
      }
      hits += best == i ? 1 : 0;
    }
    assertThat(rows.get(0).<Integer>getAs("n")).isEqualTo(4);
    assertThat(rows.get(0).<Double>getAs("p1_src2tgt")).isEqualTo(hits / 4.0);
    // every language paired with English, every layer, both models (llama 2 layers + bert's)
    assertThat(table("bitext_retrieval", "model = 'llama'")).hasSize(3 * 2);
    assertThat(
            table("bitext_retrieval", "model = 'llama' AND tgt = 'spa'").get(0).<Integer>getAs("n"))
        .isEqualTo(3);
  }

  static double cos(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * (double) b[i];
      na += a[i] * (double) a[i];
      nb += b[i] * (double) b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  static double pearson(double[] x, double[] y) {
    double mx = java.util.Arrays.stream(x).average().orElseThrow();
    double my = java.util.Arrays.stream(y).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
