package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.model.ForwardRequest;
import dev.lingualens.common.model.HookPoints;
import dev.lingualens.common.model.HostTensor;
import dev.lingualens.common.model.LayerRepresentations;
import dev.lingualens.common.model.ModelOptions;
import dev.lingualens.common.model.Pooling;
import dev.lingualens.common.model.TokenBatch;
import dev.lingualens.common.model.TransformerModel;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.jobs.ingest.IngestJob;
import dev.lingualens.jobs.lape.AblationJob;
import dev.lingualens.jobs.lape.LapeJob;
import dev.lingualens.jobs.lape.NeuronCountJob;
import dev.lingualens.jobs.represent.RepresentJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixture models of the families on the Llama block with a {@code DecoderVariant} (Gemma, Gemma
 * 2, Gemma 3, Phi-3, OLMo 2, Cohere), of BLOOM and of XGLM (each forward matches the PyTorch
 * reference hook by hook) through {@code represent}, {@code neurons}, {@code lape} and {@code
 * ablate}: each vector is a one-sentence forward's; each neuron count is recounted here from
 * captured {@code mlp.hook_pre} values (tanh-GELU, erf-GELU and SiLU are positive exactly where
 * their input is) over the windows cut by hand; LAPE's probabilities, entropies, thresholds,
 * selection and masks are recomputed here from those counts; and each ablation NLL is recomputed
 * from the logits of a direct forward with the same neurons zeroed, log-softmax taken here. The
 * 8-token windows are longer than the gemma2, gemma3_text and phi3 sliding windows (4); XGLM's
 * second window reads position rows 2..9 like its first, as a sequence alone does.
 */
class GemmaFamiliesJobsTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static LinguaConfig config;

  /** 16 in-vocabulary words per language: one document each, two windows of 8 tokens. */
  static final Map<String, String> DOCS =
      Map.of(
          "eng", "the quick brown fox jumps over a lazy dog sat on mat today hello world again",
          "fra", "cat bird fish tree house car road river city sun moon star sky rain snow wind");

  static final int WINDOW = 8;

  /**
   * Rates that select a tenth of the tiny fixtures' 64–192 neurons (production's 1 % would select
   * none) with the median as both thresholds, so every family gets non-empty masks to ablate.
   */
  static final double TOP_RATE = 0.1;

  static final double BAR = 0.5;

  static Path fixture(String family) {
    return Repo.root().resolve("common/src/test/resources/fixtures/models/" + family);
  }

  static final List<String> FAMILIES =
      List.of("gemma", "gemma2", "gemma3_text", "phi3", "olmo2", "cohere", "bloom", "xglm");

  /** One ingest and one represent run for all families (represent takes several models). */
  @BeforeAll
  static void ingestAndRepresent() throws Exception {
    spark = SparkTestSession.get();
    StringBuilder jsonl = new StringBuilder();
    DOCS.forEach(
        (lang, text) ->
            jsonl.append(
                "{\"text\":\"%s\",\"lang\":\"%s\",\"align_id\":\"u1\"}\n".formatted(text, lang)));
    Path corpus = dir.resolve("docs.jsonl");
    Files.writeString(corpus, jsonl);
    config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir",
                    dir.resolve("tables").toString(),
                    "ingest.inputs",
                    "tiny=jsonl:" + corpus,
                    "represent.models",
                    String.join(",", FAMILIES.stream().map(f -> f + "=" + fixture(f)).toList()),
                    "neurons.window",
                    String.valueOf(WINDOW),
                    "neurons.heldout",
                    "hash:0"));
    new IngestJob().run(spark, config);
    new RepresentJob().run(spark, config);
  }

  /** neurons, lape and ablate overwrite their tables, so each family is checked before the next. */
  @ParameterizedTest
  @ValueSource(
      strings = {"gemma", "gemma2", "gemma3_text", "phi3", "olmo2", "cohere", "bloom", "xglm"})
  void everyJobRunsOnTheFamily(String family) throws Exception {
    Path model = fixture(family);
    Path tables = dir.resolve("tables");
    LinguaConfig withModel =
        config.with(
            Map.of(
                "model.path", model.toString(),
                "model.name", family,
                "lape.top-rate", String.valueOf(TOP_RATE),
                "lape.filter-rate", String.valueOf(BAR),
                "lape.activation-bar-ratio", String.valueOf(BAR)));
    new NeuronCountJob().run(spark, withModel);
    new LapeJob().run(spark, withModel);
    // ablate evaluates held-out windows: hold out the one document per language that neurons
    // counted, so its windows are the two cut by hand above
    new AblationJob().run(spark, withModel.with(Map.of("neurons.heldout", "regex:u1")));

    HfTokenizer tokenizer = HfTokenizer.load(model);
    try (TransformerModel m = TransformerModel.load(model, ModelOptions.cpu())) {
      int layers = m.config().layers();
      List<Row> vectors =
          spark
              .read()
              .parquet(tables.resolve("representations").toString())
              .filter("model = '" + family + "'")
              .collectAsList();
      assertThat(vectors).hasSize(DOCS.size() * layers);
      for (Row r : vectors) {
        String lang = r.getAs("lang");
        int layer = r.getAs("layer");
        long[] ids = longs(tokenizer.encode(List.of(DOCS.get(lang)), true)[0]);
        float[] single =
            LayerRepresentations.forward(
                m, TokenBatch.of(List.of(ids), 0), new int[] {layer}, Pooling.LAST)[0][0];
        List<Float> fromTable = r.getList(r.fieldIndex("vector"));
        for (int d = 0; d < single.length; d++) {
          assertThat(fromTable.get(d))
              .as(lang + " layer " + layer)
              .isCloseTo(single[d], within(1e-5f));
        }
      }

      List<Row> counts = read(spark, tables, "neuron_counts");
      assertThat(counts).hasSize(DOCS.size() * layers);
      for (Row r : counts) {
        String lang = r.getAs("lang");
        int layer = r.getAs("layer");
        long[] stream = longs(tokenizer.encode(List.of(DOCS.get(lang)), false)[0]);
        assertThat(stream).hasSize(2 * WINDOW);
        long[] expected = new long[m.config().intermediateSize()];
        for (int w = 0; w < 2; w++) {
          long[] window = Arrays.copyOfRange(stream, w * WINDOW, (w + 1) * WINDOW);
          HostTensor pre =
              m.forward(
                      TokenBatch.of(List.of(window), 0),
                      ForwardRequest.capture(HookPoints.mlpPre(layer)))
                  .get(HookPoints.mlpPre(layer));
          for (int i = 0; i < pre.data().length; i++) {
            if (pre.data()[i] > 0) {
              expected[i % expected.length]++;
            }
          }
        }
        assertThat(r.<Long>getAs("n_tokens")).isEqualTo(2L * WINDOW);
        List<Long> got = r.getList(r.fieldIndex("counts"));
        assertThat(got).as(lang + " layer " + layer).containsExactly(box(expected));
        assertThat(Arrays.stream(expected).sum()).as("some neurons fire").isPositive();
      }
      Map<String, Map<Integer, int[]>> masks = checkLape(tables, family, layers, m);
      checkAblation(tables, m, tokenizer, masks);
    }
  }

  /**
   * LAPE from the (already recounted) neuron_counts by hand: p = count / tokens, the entropy of p
   * normalised over the two languages, tau and tau_bar the ranked pooled probabilities, the
   * selection the m lowest entropies among the neurons above tau, each mask the selected neurons
   * above tau_bar in that language. Returns the masks as language → layer → neurons.
   */
  private static Map<String, Map<Integer, int[]>> checkLape(
      Path tables, String family, int layers, TransformerModel m) {
    int neurons = m.config().intermediateSize();
    List<String> langs = DOCS.keySet().stream().sorted().toList();
    double[][][] p = new double[layers][neurons][langs.size()];
    for (Row r : read(spark, tables, "neuron_counts")) {
      List<Long> c = RowValues.list(r, "counts");
      int k = langs.indexOf(r.<String>getAs("lang"));
      for (int j = 0; j < neurons; j++) {
        p[r.<Integer>getAs("layer")][j][k] = (double) c.get(j) / r.<Long>getAs("n_tokens");
      }
    }
    double[] pooled =
        Arrays.stream(p).flatMap(Arrays::stream).flatMapToDouble(Arrays::stream).sorted().toArray();
    // Python's round (half to even) of rate × N, 1-based, as the LAPE code ranks with kthvalue
    double tau = pooled[(int) Math.rint(BAR * pooled.length) - 1];
    Row t = read(spark, tables, "lape_thresholds").get(0);
    assertThat(t.<Double>getAs("tau")).isEqualTo(tau);
    assertThat(t.<Double>getAs("tau_bar")).isEqualTo(tau);
    long selectCount = Math.round(TOP_RATE * layers * neurons);
    assertThat(t.<Long>getAs("m")).isEqualTo(selectCount);

    double[][] entropy = new double[layers][neurons];
    boolean[][] passes = new boolean[layers][neurons];
    for (int l = 0; l < layers; l++) {
      for (int j = 0; j < neurons; j++) {
        double sum = Arrays.stream(p[l][j]).sum();
        for (double v : p[l][j]) {
          entropy[l][j] -= v > 0 ? (v / sum) * Math.log(v / sum) : 0;
        }
        passes[l][j] = Arrays.stream(p[l][j]).anyMatch(v -> v > tau);
      }
    }
    List<Row> scores = read(spark, tables, "neuron_scores");
    assertThat(scores).hasSize(layers * neurons);
    List<String> expected = new ArrayList<>();
    double highestSelected = Double.NEGATIVE_INFINITY;
    double lowestUnselected = Double.POSITIVE_INFINITY;
    int selected = 0;
    for (Row r : scores) {
      int l = r.getAs("layer");
      int j = r.getAs("neuron");
      Map<String, Double> probs = RowValues.map(r, "probabilities");
      for (int k = 0; k < langs.size(); k++) {
        assertThat(probs.get(langs.get(k))).isEqualTo(p[l][j][k]);
      }
      assertThat(r.<Double>getAs("entropy")).isCloseTo(entropy[l][j], within(1e-12));
      assertThat(r.<Boolean>getAs("passes_filter")).isEqualTo(passes[l][j]);
      double effective = passes[l][j] ? entropy[l][j] : Double.POSITIVE_INFINITY;
      if (r.<Boolean>getAs("selected")) {
        selected++;
        assertThat(passes[l][j]).as("selected neurons pass the filter").isTrue();
        highestSelected = Math.max(highestSelected, effective);
      } else {
        lowestUnselected = Math.min(lowestUnselected, effective);
      }
      if (r.<Boolean>getAs("selected")) {
        for (int k = 0; k < langs.size(); k++) {
          if (p[l][j][k] > tau) {
            expected.add(langs.get(k) + " " + l + " " + j);
          }
        }
      }
    }
    assertThat(selected).isEqualTo(selectCount);
    assertThat(highestSelected)
        .as("no unselected neuron has a lower entropy")
        .isLessThanOrEqualTo(lowestUnselected);

    Map<String, Map<Integer, List<Integer>>> masks = new TreeMap<>();
    List<String> got = new ArrayList<>();
    for (Row r : read(spark, tables, "language_neurons")) {
      assertThat(r.<String>getAs("model")).isEqualTo(family);
      got.add(
          r.<String>getAs("lang")
              + " "
              + r.<Integer>getAs("layer")
              + " "
              + r.<Integer>getAs("neuron"));
      masks
          .computeIfAbsent(r.getAs("lang"), k -> new TreeMap<>())
          .computeIfAbsent(r.getAs("layer"), k -> new ArrayList<>())
          .add(r.getAs("neuron"));
    }
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(got).as("something to ablate").isNotEmpty();
    Map<String, Map<Integer, int[]>> out = new TreeMap<>();
    masks.forEach(
        (lang, byLayer) -> {
          Map<Integer, int[]> m2 = new TreeMap<>();
          byLayer.forEach((l, n) -> m2.put(l, n.stream().mapToInt(Integer::intValue).toArray()));
          out.put(lang, m2);
        });
    return out;
  }

  /**
   * Each ablation row against a direct forward of the two held-out windows with the language's
   * neurons zeroed at every layer's mlp.hook_post: the mean over the 14 predicted positions of −log
   * softmax(logits)[next id], in double here from the fp32 logits.
   */
  private static void checkAblation(
      Path tables,
      TransformerModel m,
      HfTokenizer tokenizer,
      Map<String, Map<Integer, int[]>> masks) {
    List<Row> rows = read(spark, tables, "ablation");
    assertThat(rows).hasSize((masks.size() + 1) * DOCS.size());
    Map<String, Double> nll = new HashMap<>();
    for (Row r : rows) {
      nll.put(r.<String>getAs("masked_lang") + ">" + r.<String>getAs("eval_lang"), r.getAs("nll"));
    }
    for (Row r : rows) {
      String masked = r.getAs("masked_lang");
      String eval = r.getAs("eval_lang");
      Map<Integer, int[]> mask = masked.equals("none") ? Map.of() : masks.get(masked);
      double expected = directNll(m, tokenizer, eval, mask);
      assertThat(r.<Long>getAs("n_tokens")).isEqualTo(2L * (WINDOW - 1));
      assertThat(r.<Double>getAs("nll")).as(masked + ">" + eval).isCloseTo(expected, within(1e-5));
      assertThat(r.<Double>getAs("delta_nll"))
          .isCloseTo(expected - nll.get("none>" + eval), within(1e-5));
    }
    boolean moved = false;
    for (String lang : masks.keySet()) {
      for (String eval : DOCS.keySet()) {
        moved |= Math.abs(nll.get(lang + ">" + eval) - nll.get("none>" + eval)) > 1e-4;
      }
    }
    assertThat(moved).as("zeroing the masks changes some loss").isTrue();
  }

  private static double directNll(
      TransformerModel m, HfTokenizer tokenizer, String lang, Map<Integer, int[]> mask) {
    long[] stream = longs(tokenizer.encode(List.of(DOCS.get(lang)), false)[0]);
    double sum = 0;
    for (int w = 0; w < 2; w++) {
      long[] window = Arrays.copyOfRange(stream, w * WINDOW, (w + 1) * WINDOW);
      ForwardRequest req = ForwardRequest.capture(HookPoints.LOGITS);
      mask.forEach(req::zeroNeurons);
      HostTensor logits = m.forward(TokenBatch.of(List.of(window), 0), req).get(HookPoints.LOGITS);
      int vocab = (int) logits.shape()[2];
      for (int t = 0; t + 1 < WINDOW; t++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
          max = Math.max(max, logits.get(0, t, v));
        }
        double z = 0;
        for (int v = 0; v < vocab; v++) {
          z += Math.exp(logits.get(0, t, v) - max);
        }
        sum -= logits.get(0, t, window[t + 1]) - max - Math.log(z);
      }
    }
    return sum / (2 * (WINDOW - 1));
  }

  private static List<Row> read(SparkSession spark, Path tables, String table) {
    return spark.read().parquet(tables.resolve(table).toString()).collectAsList();
  }

  private static long[] longs(int[] ids) {
    return Arrays.stream(ids).asLongStream().toArray();
  }

  private static Long[] box(long[] values) {
    return Arrays.stream(values).boxed().toArray(Long[]::new);
  }
}
