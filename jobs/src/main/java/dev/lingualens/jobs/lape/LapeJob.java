package dev.lingualens.jobs.lape;

import static org.apache.spark.sql.functions.col;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.metrics.Lape;
import dev.lingualens.common.schema.NeuronTables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.SparkSchemas;
import dev.lingualens.jobs.TableRow;
import dev.lingualens.jobs.demo.DemoModels;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lingualens lape}: from {@code neuron_counts} to probabilities, entropies, thresholds and
 * the language masks (methods.md 2.3–2.4). The counts are O(languages × layers × neurons), small
 * enough to decide on the driver; the selection is a global sort and must see every neuron at once
 * anyway.
 */
public final class LapeJob extends BaseJob<LapeSettings, LapeJob.Result> {
  public record Result(String runId, String model, Lape.Result lape) {}

  public LapeJob() {
    super(
        "lape",
        "neuron_counts -> neuron_scores, lape_thresholds, language_neurons",
        List.of(NeuronTables.NEURON_COUNTS),
        List.of(
            NeuronTables.NEURON_SCORES,
            NeuronTables.LAPE_THRESHOLDS,
            NeuronTables.LANGUAGE_NEURONS),
        LapeSettings.KEYS,
        LapeSettings::from);
  }

  @Override
  public Optional<LinguaConfig> demoConfig(LinguaConfig config) {
    return DemoModels.withModel(config);
  }

  @Override
  public String describe(Result result) {
    return String.valueOf(result.lape().masks());
  }

  @Override
  public Result execute(JobContext ctx, LapeSettings settings) {
    String path = ctx.tablePath(NeuronTables.NEURON_COUNTS);
    if (!Files.isDirectory(Paths.get(path))) {
      throw new ConfigException(
          "No neuron_counts table at " + path + " (run 'lingualens neurons' first)");
    }
    String model = settings.model();
    ctx.describe("LAPE model=" + model);
    List<Row> rows =
        ctx.spark()
            .read()
            .parquet(path)
            .filter(col("model").equalTo(model))
            .select("lang", "layer", "counts", "n_tokens")
            .orderBy("lang", "layer")
            .collectAsList();
    if (rows.isEmpty()) {
      throw new ConfigException("neuron_counts has no rows for model '" + model + "'");
    }
    Map<String, TreeMap<Integer, long[]>> byLang = new TreeMap<>();
    Map<String, Long> tokens = new LinkedHashMap<>();
    for (Row r : rows) {
      List<Long> c = RowValues.list(r, "counts");
      long[] counts = c.stream().mapToLong(Long::longValue).toArray();
      byLang
          .computeIfAbsent(r.getAs("lang"), k -> new TreeMap<>())
          .put(r.<Integer>getAs("layer"), counts);
      tokens.put(r.getAs("lang"), r.<Long>getAs("n_tokens"));
    }
    List<String> langs = new ArrayList<>(byLang.keySet());
    List<long[][]> overZero = new ArrayList<>();
    for (String l : langs) {
      overZero.add(byLang.get(l).values().toArray(new long[0][]));
    }
    Lape.Rates rates = settings.rates();
    Lape.Result lape =
        Lape.compute(
            langs, overZero, tokens.values().stream().mapToLong(Long::longValue).toArray(), rates);
    write(ctx, model, lape, rates);
    ctx.count("languages", langs.size());
    ctx.count("selected", lape.selectedFlat().length);
    ctx.count("union", lape.unionSize());
    return new Result(ctx.runId(), model, lape);
  }

  private static void write(JobContext ctx, String model, Lape.Result r, Lape.Rates rates) {
    SparkSession spark = ctx.spark();
    Set<Integer> selected = new HashSet<>();
    for (int f : r.selectedFlat()) {
      selected.add(f);
    }
    List<Row> scores = new ArrayList<>();
    for (int l = 0; l < r.layers(); l++) {
      for (int j = 0; j < r.neurons(); j++) {
        Map<String, Double> probs = new LinkedHashMap<>();
        for (int k = 0; k < r.languages().size(); k++) {
          probs.put(r.languages().get(k), r.probability()[l][j][k]);
        }
        scores.add(
            TableRow.of(NeuronTables.NEURON_SCORES)
                .set("model", model)
                .set("layer", l)
                .set("neuron", j)
                .set("probabilities", scala.collection.JavaConverters.mapAsScalaMap(probs))
                .set("entropy", r.entropy()[l][j])
                .set("passes_filter", r.passesFilter()[l][j])
                .set("selected", selected.contains(l * r.neurons() + j))
                .set("run_id", null)
                .build());
      }
    }
    ctx.write(
        NeuronTables.NEURON_SCORES,
        spark.createDataFrame(scores, SparkSchemas.of(NeuronTables.NEURON_SCORES)));
    Row t =
        TableRow.of(NeuronTables.LAPE_THRESHOLDS)
            .set("model", model)
            .set("languages", r.languages().toArray(new String[0]))
            .set("n_probabilities", r.pooledCount())
            .set("k", r.k())
            .set("tau", r.tau())
            .set("tau_bar", r.tauBar())
            .set("n_neurons", (long) r.layers() * r.neurons())
            .set("m", r.m())
            .set("union_size", (long) r.unionSize())
            .set("top_rate", rates.topRate())
            .set("filter_rate", rates.filterRate())
            .set("activation_bar_ratio", rates.activationBarRatio())
            .set("run_id", null)
            .build();
    ctx.write(
        NeuronTables.LAPE_THRESHOLDS,
        spark.createDataFrame(List.of(t), SparkSchemas.of(NeuronTables.LAPE_THRESHOLDS)));
    List<Row> mask = new ArrayList<>();
    r.masks()
        .forEach(
            (lang, perLayer) -> {
              for (int l = 0; l < perLayer.size(); l++) {
                for (int n : perLayer.get(l)) {
                  mask.add(
                      TableRow.of(NeuronTables.LANGUAGE_NEURONS)
                          .set("model", model)
                          .set("lang", lang)
                          .set("layer", l)
                          .set("neuron", n)
                          .set("run_id", null)
                          .build());
                }
              }
            });
    ctx.write(
        NeuronTables.LANGUAGE_NEURONS,
        spark.createDataFrame(mask, SparkSchemas.of(NeuronTables.LANGUAGE_NEURONS)));
  }
}
