package dev.lingualens.jobs.rank;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.metrics.ranker.Bootstrap;
import dev.lingualens.common.metrics.ranker.Correlation;
import dev.lingualens.common.metrics.ranker.LanguageRanker;
import dev.lingualens.common.metrics.ranker.LayerPreset;
import dev.lingualens.common.metrics.ranker.RankCorrelation;
import dev.lingualens.common.metrics.ranker.ReferenceShares;
import dev.lingualens.common.schema.RankerTables;
import dev.lingualens.common.schema.Tables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.SparkSchemas;
import dev.lingualens.jobs.TableRow;
import dev.lingualens.jobs.demo.DemoModels;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code lingualens rank}: representations → per-layer similarity to the reference language ({@code
 * language_layer_similarity}), scores per layer preset with bootstrap CIs and ranks ({@code
 * language_rank}), correlations with reference share tables ({@code rank_correlation}) and
 * agreement between models ({@code rank_agreement}). Cosines are computed on the executors; the
 * statistics run on the driver over one number per pair and layer.
 */
public final class RankJob extends BaseJob<RankSettings, RankJob.Result> {
  public record Result(String runId, List<String> models, int languages, List<String> references) {}

  public RankJob() {
    super(
        "rank",
        "representations -> language_layer_similarity, language_rank, rank_correlation, rank_agreement",
        List.of(RankerTables.REPRESENTATIONS),
        List.of(
            RankerTables.LANGUAGE_LAYER_SIMILARITY,
            RankerTables.LANGUAGE_RANK,
            RankerTables.RANK_CORRELATION,
            RankerTables.RANK_AGREEMENT),
        RankSettings.KEYS,
        RankSettings::from);
  }

  @Override
  public Optional<LinguaConfig> demoConfig(LinguaConfig config) {
    return DemoModels.withRankerModels(config);
  }

  @Override
  public Result execute(JobContext ctx, RankSettings settings) {
    String refLang = settings.referenceLang();
    List<LayerPreset> presets = settings.presets();
    int resamples = settings.resamples();
    double level = settings.level();
    long seed = settings.seed();
    List<ReferenceShares> references = settings.references();

    String repPath = ctx.tablePath(RankerTables.REPRESENTATIONS);
    if (!Files.isDirectory(Paths.get(repPath))) {
      throw new ConfigException(
          "No representations table at " + repPath + " (run 'lingualens represent' first)");
    }
    ctx.describe("pair cosines vs " + refLang);
    Dataset<Row> reps = ctx.spark().read().parquet(repPath);
    List<LanguagePairs> models = LanguagePairs.group(PairCosines.of(reps, refLang).collectAsList());
    if (models.isEmpty()) {
      throw new ConfigException(
          "No aligned pairs with reference language '"
              + refLang
              + "' in "
              + repPath
              + " (rank.reference-lang; are both sides in the representations table?)");
    }

    ctx.describe("scores, bootstrap, correlations");
    List<Row> layerRows = new ArrayList<>();
    List<Row> rankRows = new ArrayList<>();
    List<Row> corrRows = new ArrayList<>();
    Map<String, Map<String, Map<String, Double>>> scoresByPreset = new LinkedHashMap<>();
    ReferenceShares first = references.isEmpty() ? null : references.get(0);
    long pairs = 0;
    for (LanguagePairs m : models) {
      for (var lang : m.cosines.entrySet()) {
        double[] s = LanguageRanker.layerSimilarity(lang.getValue());
        pairs += lang.getValue().length;
        for (int i = 0; i < m.layers.length; i++) {
          layerRows.add(
              TableRow.of(RankerTables.LANGUAGE_LAYER_SIMILARITY)
                  .set("model", m.model)
                  .set("lang", lang.getKey())
                  .set("reference_lang", refLang)
                  .set("pooling", m.pooling)
                  .set("layer", m.layers[i])
                  .set("n_pairs", (long) lang.getValue().length)
                  .set("mean_cos", s[i])
                  .set("run_id", null)
                  .build());
        }
      }
      ReferenceShares primary =
          references.stream()
              .filter(r -> r.name().equals(m.model + "_training_mixture"))
              .findFirst()
              .orElse(first);
      for (LayerPreset preset : presets) {
        int[] idx = m.presetIndices(preset);
        String layers =
            Arrays.stream(idx)
                .mapToObj(i -> Integer.toString(m.layers[i]))
                .collect(Collectors.joining(","));
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Bootstrap.Interval> cis = new LinkedHashMap<>();
        for (var lang : m.cosines.entrySet()) {
          double[] perPair = new double[lang.getValue().length];
          for (int k = 0; k < perPair.length; k++) {
            double sum = 0;
            for (int i : idx) {
              sum += lang.getValue()[k][i];
            }
            perPair[k] = sum / idx.length;
          }
          scores.put(lang.getKey(), Arrays.stream(perPair).average().orElseThrow());
          cis.put(lang.getKey(), Bootstrap.meanInterval(perPair, resamples, level, seed));
        }
        scoresByPreset
            .computeIfAbsent(preset.name(), k -> new LinkedHashMap<>())
            .put(m.model, scores);
        for (LanguageRanker.Ranked r : LanguageRanker.rank(scores)) {
          Double share = primary == null ? null : primary.percent().get(r.lang());
          rankRows.add(
              TableRow.of(RankerTables.LANGUAGE_RANK)
                  .set("model", m.model)
                  .set("lang", r.lang())
                  .set("layer_preset", preset.name())
                  .set("layers", layers)
                  .set("score", r.score())
                  .set("rank", r.rank())
                  .set("ci_low", cis.get(r.lang()).low())
                  .set("ci_high", cis.get(r.lang()).high())
                  .set("n_pairs", (long) m.cosines.get(r.lang()).length)
                  .set("reference", primary == null ? null : primary.name())
                  .set("reference_share_pct", share)
                  .set("run_id", null)
                  .build());
        }
        for (ReferenceShares ref : references) {
          RankCorrelation.VsReference c = RankCorrelation.against(scores, ref, refLang);
          corrRows.add(
              TableRow.of(RankerTables.RANK_CORRELATION)
                  .set("model", m.model)
                  .set("reference", ref.name())
                  .set("layer_preset", preset.name())
                  .set("n", c.listed().size())
                  .set("pearson_r", nan(c.pearson().coefficient()))
                  .set("pearson_p", nan(c.pearson().pValue()))
                  .set("pearson_log_r", nan(c.pearsonLog10().coefficient()))
                  .set("pearson_log_p", nan(c.pearsonLog10().pValue()))
                  .set("spearman", nan(c.spearman().coefficient()))
                  .set("spearman_p", nan(c.spearman().pValue()))
                  .set("kendall", nan(c.kendall().coefficient()))
                  .set("kendall_p", nan(c.kendall().pValue()))
                  .set("n_all", c.spearmanAll().n())
                  .set("spearman_all", nan(c.spearmanAll().coefficient()))
                  .set("spearman_all_p", nan(c.spearmanAll().pValue()))
                  .set("run_id", null)
                  .build());
        }
      }
    }
    List<Row> agreementRows = new ArrayList<>();
    for (var preset : scoresByPreset.entrySet()) {
      List<String> names = new ArrayList<>(preset.getValue().keySet());
      for (int a = 0; a < names.size(); a++) {
        for (int b = a + 1; b < names.size(); b++) {
          RankCorrelation.Agreement g =
              RankCorrelation.between(
                  preset.getValue().get(names.get(a)), preset.getValue().get(names.get(b)));
          Correlation rho = g.spearman();
          Correlation tau = g.kendall();
          agreementRows.add(
              TableRow.of(RankerTables.RANK_AGREEMENT)
                  .set("model_a", names.get(a))
                  .set("model_b", names.get(b))
                  .set("layer_preset", preset.getKey())
                  .set("n", g.n())
                  .set("spearman", nan(rho.coefficient()))
                  .set("spearman_p", nan(rho.pValue()))
                  .set("kendall", nan(tau.coefficient()))
                  .set("kendall_p", nan(tau.pValue()))
                  .set("run_id", null)
                  .build());
        }
      }
    }
    write(ctx, RankerTables.LANGUAGE_LAYER_SIMILARITY, layerRows);
    write(ctx, RankerTables.LANGUAGE_RANK, rankRows);
    write(ctx, RankerTables.RANK_CORRELATION, corrRows);
    write(ctx, RankerTables.RANK_AGREEMENT, agreementRows);
    int languages =
        (int) models.stream().flatMap(m -> m.cosines.keySet().stream()).distinct().count();
    ctx.count("models", models.size());
    ctx.count("languages", languages);
    ctx.count("pairs", pairs);
    ctx.count("references", references.size());
    return new Result(
        ctx.runId(),
        models.stream().map(m -> m.model).toList(),
        languages,
        references.stream().map(ReferenceShares::name).toList());
  }

  /** Parquet stores NaN fine, but readers (DuckDB, pandas) handle null better for "undefined". */
  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static void write(JobContext ctx, Tables.Table table, List<Row> rows) {
    ctx.write(table, ctx.spark().createDataFrame(rows, SparkSchemas.of(table)));
  }
}
