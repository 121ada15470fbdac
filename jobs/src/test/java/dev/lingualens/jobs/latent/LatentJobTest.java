package dev.lingualens.jobs.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.lens.AnswerTokens;
import dev.lingualens.common.model.ForwardRequest;
import dev.lingualens.common.model.HookPoints;
import dev.lingualens.common.model.HostTensor;
import dev.lingualens.common.model.ModelOptions;
import dev.lingualens.common.model.TokenBatch;
import dev.lingualens.common.model.TransformerModel;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.jobs.Repo;
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.SparkTestSession;
import dev.lingualens.jobs.report.ReportJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code latent} on the demo model with CLDR words. The last lens layer is the model's own
 * next-token distribution, so every rule's last-layer value is recomputed here from plain forward
 * passes (logits and teacher-forced log-probabilities of prompt + answer), not from the lens; the
 * summary is recomputed from the item rows.
 */
class LatentJobTest {
  @TempDir static Path out;
  static SparkSession spark;
  static Path model;
  static LinguaConfig config;
  static LatentJob.Result result;

  @BeforeAll
  static void run() {
    spark = SparkTestSession.get();
    model = Repo.root().resolve("sample-data/models/demo-llama");
    config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir", out.resolve("tables").toString(),
                    "model.path", model.toString(),
                    "latent.langs", "eng,fra,deu,spa",
                    "latent.max-items", "5",
                    "latent.shots", "2",
                    "latent.rules", "prefix,first-token,multi-token",
                    "latent.disjoint", "false",
                    "latent.bootstrap-resamples", "50",
                    "model.batch-tokens", "200"));
    result = new LatentJob().run(spark, config);
    try {
      report = java.nio.file.Files.readString(new ReportJob().run(spark, config));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String report;

  @Test
  void theReportDrawsTheCurvesAndNamesTheLatentLanguage() {
    assertThat(report).contains("Latent language (logit lens)");
    // one chart per model, task and target: 2 tasks x 4 targets (translation: fra→eng, fra→deu,
    // fra→spa, deu→fra)
    assertThat(report.split("series-band", -1).length - 1).isGreaterThanOrEqualTo(8);
    assertThat(report).contains("the strongest non-target language in the middle layers is");
    for (Row t : table("latent_language_top")) {
      assertThat(report).contains(t.<String>getAs("src") + "→" + t.<String>getAs("tgt"));
    }
  }

  static List<Row> table(String name) {
    return spark.read().parquet(out.resolve("tables/" + name).toString()).collectAsList();
  }

  @Test
  void theLastLensLayerAgreesWithPlainForwardPasses() throws Exception {
    LatentSettings s = LatentSettings.from(config);
    List<Row> plan = PromptPlan.rows(s, LatentJob.lexicon(s), Map.of());
    Map<String, Double> lens = new HashMap<>();
    int lastLayer = 4; // demo-llama has 4 blocks: lens layers 0..4
    for (Row r : table("latent_language")) {
      if (r.<Integer>getAs("layer") == lastLayer) {
        lens.put(
            String.join(
                "|",
                r.getAs("task"),
                r.getAs("tgt"),
                r.getAs("item"),
                r.getAs("rule"),
                r.getAs("lang")),
            r.getAs("prob"));
      }
    }
    HfTokenizer tokenizer = HfTokenizer.load(model);
    AnswerTokens answers = AnswerTokens.load(model.resolve("tokenizer.json"));
    int checked = 0;
    try (TransformerModel m = TransformerModel.load(model, ModelOptions.cpu())) {
      for (Row p : plan) {
        String prompt = p.getAs("prompt");
        int[] promptIds = tokenizer.encode(List.of(prompt), true)[0];
        List<String> langs = RowValues.list(p, "langs");
        List<String> words = RowValues.list(p, "words");
        float[] next = nextTokenProbabilities(m, promptIds);
        for (int i = 0; i < langs.size(); i++) {
          String key =
              String.join(
                  "|", p.getAs("task"), p.getAs("tgt"), p.getAs("item"), "%s", langs.get(i));
          double prefixMass = 0;
          for (int id : answers.prefixSet(words.get(i))) {
            prefixMass += next[id];
          }
          assertThat(lens.get(key.formatted("prefix"))).isCloseTo(prefixMass, within(1e-5));
          int[] all = tokenizer.encode(List.of(prompt + words.get(i)), true)[0];
          int[] cont = java.util.Arrays.copyOfRange(all, promptIds.length, all.length);
          assertThat(lens.get(key.formatted("first-token"))).isCloseTo(next[cont[0]], within(1e-5));
          assertThat(lens.get(key.formatted("multi-token")))
              .isCloseTo(Math.exp(continuationLogprob(m, all, promptIds.length)), within(1e-5));
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(20);
    assertThat(result.measured()).isEqualTo(plan.size());
  }

  @Test
  void theSummaryIsTheMeanOverItems() {
    Map<String, List<Double>> byGroup = new HashMap<>();
    for (Row r : table("latent_language")) {
      byGroup
          .computeIfAbsent(
              String.join(
                  "|",
                  r.getAs("task"),
                  r.getAs("tgt"),
                  r.getAs("rule"),
                  String.valueOf(r.<Integer>getAs("layer")),
                  r.getAs("lang")),
              k -> new ArrayList<>())
          .add(r.getAs("prob"));
    }
    List<Row> summary = table("latent_language_summary");
    assertThat(summary).hasSize(byGroup.size());
    for (Row r : summary) {
      List<Double> v =
          byGroup.get(
              String.join(
                  "|",
                  r.getAs("task"),
                  r.getAs("tgt"),
                  r.getAs("rule"),
                  String.valueOf(r.<Integer>getAs("layer")),
                  r.getAs("lang")));
      double mean = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      assertThat(r.<Double>getAs("mean")).isCloseTo(mean, within(1e-12));
      assertThat(r.<Long>getAs("n")).isEqualTo(v.size());
      assertThat(r.<Double>getAs("ci_low")).isLessThanOrEqualTo(mean + 1e-12);
      assertThat(r.<Double>getAs("ci_high")).isGreaterThanOrEqualTo(mean - 1e-12);
    }
  }

  @Test
  void theTopTableNamesTheStrongestOtherLanguageOfTheMiddleBand() {
    List<Row> summary = table("latent_language_summary");
    List<Row> top = table("latent_language_top");
    assertThat(top).isNotEmpty();
    for (Row t : top) {
      // 4 blocks: lens layers 0..4, band [ceil(0.33·4), floor(0.67·4)] = [2, 2]
      assertThat(t.<Integer>getAs("mid_first")).isEqualTo(2);
      assertThat(t.<Integer>getAs("mid_last")).isEqualTo(2);
      String best = null;
      double bestMass = -1;
      for (Row r : summary) {
        boolean same =
            r.getAs("task").equals(t.getAs("task"))
                && r.getAs("tgt").equals(t.getAs("tgt"))
                && r.getAs("rule").equals(t.getAs("rule"))
                && r.<Integer>getAs("layer") == 2
                && !r.getAs("lang").equals(t.getAs("tgt"));
        if (same && r.<Double>getAs("mean") > bestMass) {
          best = r.getAs("lang");
          bestMass = r.getAs("mean");
        }
      }
      assertThat(t.<String>getAs("latent_lang")).isEqualTo(best);
      assertThat(t.<Double>getAs("latent_mass")).isCloseTo(bestMass, within(1e-12));
    }
  }

  @Test
  void everyLayerHasItsEntropyAndDecodedTopTokens() {
    List<Row> layers = table("latent_layers");
    assertThat(layers).hasSize((int) result.measured() * 5);
    for (Row r : layers) {
      double h = r.getAs("entropy");
      assertThat(h).isBetween(0.0, Math.log(2000) + 1e-6);
      assertThat(RowValues.<String>list(r, "top_tokens")).hasSize(5);
      List<Double> probs = RowValues.list(r, "top_probs");
      for (int k = 1; k < probs.size(); k++) {
        assertThat(probs.get(k)).isLessThanOrEqualTo(probs.get(k - 1));
      }
    }
  }

  @Test
  void anEncoderIsRefusedOnTheDriver() {
    Path bert = Repo.root().resolve("common/src/test/resources/fixtures/models/bert");
    LinguaConfig bad = config.with(Map.of("latent.models", "b=" + bert));
    assertThatThrownBy(() -> new LatentJob().run(spark, bad))
        .hasMessageContaining("is an encoder")
        .hasMessageContaining(bert.toString());
  }

  private static float[] nextTokenProbabilities(TransformerModel m, int[] ids) {
    HostTensor logits =
        m.forward(batch(ids), ForwardRequest.capture(HookPoints.LOGITS)).get(HookPoints.LOGITS);
    int v = (int) logits.shape()[2];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < v; k++) {
      max = Math.max(max, logits.get(0, ids.length - 1, k));
    }
    double z = 0;
    for (int k = 0; k < v; k++) {
      z += Math.exp(logits.get(0, ids.length - 1, k) - max);
    }
    float[] p = new float[v];
    for (int k = 0; k < v; k++) {
      p[k] = (float) (Math.exp(logits.get(0, ids.length - 1, k) - max) / z);
    }
    return p;
  }

  /** Σ log p(ids[t] | ids[<t]) over the answer's tokens t ≥ from. */
  private static double continuationLogprob(TransformerModel m, int[] ids, int from) {
    HostTensor lp =
        m.forward(batch(ids), ForwardRequest.capture(HookPoints.LOGPROBS)).get(HookPoints.LOGPROBS);
    double sum = 0;
    for (int t = from; t < ids.length; t++) {
      sum += lp.get(0, t - 1);
    }
    return sum;
  }

  private static TokenBatch batch(int[] ids) {
    long[] seq = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      seq[i] = ids[i];
    }
    return TokenBatch.of(List.of(seq), 0);
  }
}
