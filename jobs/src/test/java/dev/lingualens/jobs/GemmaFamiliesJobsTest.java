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
import dev.lingualens.jobs.lape.NeuronCountJob;
import dev.lingualens.jobs.represent.RepresentJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixture models of the families on the Llama block with a {@code DecoderVariant} (Gemma, Gemma
 * 2, Gemma 3, Phi-3, OLMo 2, Cohere), of BLOOM and of XGLM (each forward matches the PyTorch
 * reference hook by hook) through {@code represent} and {@code neurons}: each vector is a
 * one-sentence forward's, and each neuron count is recounted here from captured {@code
 * mlp.hook_pre} values (tanh-GELU, erf-GELU and SiLU are positive exactly where their input is)
 * over the windows cut by hand. The 8-token windows are longer than the gemma2, gemma3_text and
 * phi3 sliding windows (4); XGLM's second window reads position rows 2..9 like its first, as a
 * sequence alone does.
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

  /** neurons overwrites its table, so each family's run is checked before the next one. */
  @ParameterizedTest
  @ValueSource(
      strings = {"gemma", "gemma2", "gemma3_text", "phi3", "olmo2", "cohere", "bloom", "xglm"})
  void representAndNeuronsRunOnTheFamily(String family) throws Exception {
    Path model = fixture(family);
    Path tables = dir.resolve("tables");
    new NeuronCountJob()
        .run(spark, config.with(Map.of("model.path", model.toString(), "model.name", family)));

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
    }
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
