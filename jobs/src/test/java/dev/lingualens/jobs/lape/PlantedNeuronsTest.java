package dev.lingualens.jobs.lape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.model.ForwardRequest;
import dev.lingualens.common.model.HookPoints;
import dev.lingualens.common.model.HostTensor;
import dev.lingualens.common.model.ModelOptions;
import dev.lingualens.common.model.TokenBatch;
import dev.lingualens.common.model.TransformerModel;
import dev.lingualens.jobs.ResumeChecks;
import dev.lingualens.jobs.SparkTestSession;
import dev.lingualens.jobs.ingest.IngestJob;
import dev.lingualens.jobs.shards.ShardStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * neurons → lape → ablate on {@link PlantedModel}: the jobs must find exactly the planted neurons,
 * and zeroing a language's neurons must raise that language's NLL more than the others'.
 */
class PlantedNeuronsTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static LinguaConfig config;
  static final String[] LANGS = {"eng", "fra", "deu"};

  @BeforeAll
  static void runPipeline() throws Exception {
    spark = SparkTestSession.get();
    Path model = dir.resolve("planted");
    PlantedModel.write(model);
    Random rnd = new Random(7);
    StringBuilder jsonl = new StringBuilder();
    String[] letters = {"a", "b", "c"};
    for (int g = 0; g < 3; g++) {
      for (int doc = 0; doc < 12; doc++) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 30; w++) {
          text.append(w == 0 ? "" : " ").append(letters[g]).append(1 + rnd.nextInt(6));
        }
        jsonl
            .append("{\"text\":\"")
            .append(text)
            .append("\",\"lang\":\"")
            .append(LANGS[g])
            .append("\",\"id\":\"d")
            .append(String.format("%02d", doc))
            .append("\",\"align_id\":\"u")
            .append(String.format("%02d", doc))
            .append("\"}\n");
      }
    }
    Path corpus = dir.resolve("planted.jsonl");
    Files.writeString(corpus, jsonl);
    config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir", dir.resolve("out").toString(),
                    "ingest.inputs", "planted=jsonl:" + corpus,
                    "ingest.partitions", "2",
                    "model.path", model.toString(),
                    "neurons.window", "16",
                    "neurons.heldout", "regex:u(10|11)",
                    "lape.top-rate", "0.1875",
                    "lape.filter-rate", "0.5",
                    "lape.activation-bar-ratio", "0.5"));
    new IngestJob().run(spark, config);
    new NeuronCountJob().run(spark, config);
    new LapeJob().run(spark, config);
    new AblationJob().run(spark, config);
  }

  @Test
  void lapeFindsExactlyThePlantedNeurons() {
    Map<String, List<String>> masks = new HashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(dir.resolve("out/language_neurons").toString())
            .orderBy("lang", "layer", "neuron")
            .collectAsList()) {
      masks
          .computeIfAbsent(r.<String>getAs("lang"), k -> new ArrayList<>())
          .add(r.<Integer>getAs("layer") + ":" + r.<Integer>getAs("neuron"));
    }
    assertThat(masks).containsOnlyKeys("eng", "fra");
    assertThat(masks.get("eng")).containsExactly("0:1", "1:5");
    assertThat(masks.get("fra")).containsExactly("1:3", "1:5");
    Row t = spark.read().parquet(dir.resolve("out/lape_thresholds").toString()).first();
    assertThat(t.<Long>getAs("m")).isEqualTo(3L);
    assertThat(t.<Long>getAs("union_size")).isEqualTo(3L);
  }

  @Test
  void ablatingALanguagesNeuronsHurtsThatLanguageMost() {
    Map<String, Double> delta = new HashMap<>();
    for (Row r : spark.read().parquet(dir.resolve("out/ablation").toString()).collectAsList()) {
      delta.put(
          r.<String>getAs("masked_lang") + ">" + r.<String>getAs("eval_lang"),
          r.<Double>getAs("delta_nll"));
    }
    assertThat(delta.get("none>eng")).isEqualTo(0.0);
    assertThat(delta.get("eng>eng"))
        .isGreaterThan(delta.get("eng>fra"))
        .isGreaterThan(delta.get("eng>deu"));
    assertThat(delta.get("fra>fra")).isGreaterThan(delta.get("fra>eng"));
    assertThat(delta.get("fra>fra")).isGreaterThan(delta.get("fra>deu"));
    assertThat(delta.get("eng>deu"))
        .isEqualTo(0.0); // C's prediction never reads A's or B's neurons
  }

  /**
   * ablate interrupted after two shards (one held-out window each) and re-run with the same run id
   * evaluates only the other shards; its table equals an uninterrupted run's, row by row. In an
   * output folder of its own, so the other tests' tables stay as the pipeline wrote them.
   */
  @Test
  void anInterruptedAblationResumesToTheUninterruptedTable() throws Exception {
    Path out = dir.resolve("ablate-out");
    for (String table : List.of("documents", "language_neurons")) {
      FileUtils.copyDirectory(
          dir.resolve("out").resolve(table).toFile(), out.resolve(table).toFile());
    }
    LinguaConfig c =
        config.with(Map.of("output.dir", out.toString(), "neurons.shard-windows", "1"));
    try {
      ShardStore.failAfterShards(2);
      LinguaConfig interrupted = c.with(Map.of("run.id", "cut"));
      assertThatThrownBy(() -> new AblationJob().run(spark, interrupted))
          .hasStackTraceContaining("(test hook)");
      ShardStore.failAfterShards(-1);
      long finished = ResumeChecks.published(out.resolve("_runs/cut/ablate/shards"));
      assertThat(finished).isGreaterThanOrEqualTo(2);
      assertThat(out.resolve("ablation")).doesNotExist();
      new AblationJob().run(spark, interrupted);
      Map<String, Long> resumed = ResumeChecks.shardCounters(spark, out, "cut");
      assertThat(resumed.get("shards")).isGreaterThan(finished);
      assertThat(resumed.get("shards_skipped")).isEqualTo(finished);
    } finally {
      ShardStore.failAfterShards(-1);
    }
    List<String> afterResume = ResumeChecks.tables(spark, out, List.of("ablation")).get("ablation");
    new AblationJob().run(spark, c.with(Map.of("run.id", "straight")));
    assertThat(ResumeChecks.shardCounters(spark, out, "straight").get("shards_skipped")).isZero();
    assertThat(ResumeChecks.tables(spark, out, List.of("ablation")).get("ablation"))
        .isEqualTo(afterResume)
        .hasSize(3 * 3);
  }

  @Test
  void shardedCountsEqualASinglePassOnTheHost() throws Exception {
    // independent count: every training window through the model once, hook_pre copied to the host
    List<Row> windows =
        NeuronWindows.of(
                NeuronCountJob.windows(
                    new dev.lingualens.jobs.JobContext(spark, config, "test"),
                    NeuronSettings.from(config)),
                NeuronWindows.TRAIN)
            .collectAsList();
    Map<String, long[]> expected = new HashMap<>();
    Map<String, Long> tokens = new HashMap<>();
    try (TransformerModel m = TransformerModel.load(dir.resolve("planted"), ModelOptions.cpu())) {
      for (Row w : windows) {
        long[] ids = w.<Integer>getList(3).stream().mapToLong(Integer::longValue).toArray();
        ForwardRequest req = ForwardRequest.capture(HookPoints.mlpPre(0), HookPoints.mlpPre(1));
        Map<String, HostTensor> out = m.forward(TokenBatch.of(List.of(ids), 0), req);
        for (int l = 0; l < 2; l++) {
          HostTensor pre = out.get(HookPoints.mlpPre(l));
          long[] c =
              expected.computeIfAbsent(w.getString(0) + ":" + l, k -> new long[PlantedModel.I]);
          for (int t = 0; t < ids.length; t++) {
            for (int n = 0; n < PlantedModel.I; n++) {
              float g = pre.get(0, t, n);
              if (g / (1 + Math.exp(-g)) > 0) {
                c[n]++;
              }
            }
          }
        }
        tokens.merge(w.getString(0), (long) ids.length, Long::sum);
      }
    }
    List<Row> counted =
        spark.read().parquet(dir.resolve("out/neuron_counts").toString()).collectAsList();
    assertThat(counted).hasSize(6);
    for (Row r : counted) {
      long[] got =
          r.<Long>getList(r.fieldIndex("counts")).stream().mapToLong(Long::longValue).toArray();
      assertThat(got)
          .as(r.<String>getAs("lang") + " layer " + r.<Integer>getAs("layer"))
          .containsExactly(expected.get(r.<String>getAs("lang") + ":" + r.<Integer>getAs("layer")));
      assertThat(r.<Long>getAs("n_tokens")).isEqualTo(tokens.get(r.<String>getAs("lang")));
    }
  }
}
