package dev.lingualens.jobs.latent;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.lens.CldrLexicon;
import dev.lingualens.common.lens.Lexicon;
import dev.lingualens.common.lens.LexiconReader;
import dev.lingualens.common.schema.LatentTables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.demo.DemoModels;
import dev.lingualens.jobs.model.ModelHandle;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code lingualens latent}: which language a model "thinks" in, layer by layer (logit lens;
 * Wendler et al. 2024, Zhong et al. 2024). For every configured model, every prompt of the plan and
 * every lens layer, the probability of each lens language's answer word, then the mean over items
 * with bootstrap intervals, and per target the language that dominates the middle layers.
 */
public final class LatentJob extends BaseJob<LatentSettings, LatentJob.Result> {
  public record Result(String runId, List<String> models, long prompts, long measured) {}

  public LatentJob() {
    super(
        "latent",
        "lexicon + decoder models -> latent_language (logit-lens language probabilities per layer)",
        List.of(),
        List.of(
            LatentTables.LATENT_LANGUAGE,
            LatentTables.LATENT_LAYERS,
            LatentTables.LATENT_LANGUAGE_SUMMARY,
            LatentTables.LATENT_LANGUAGE_TOP),
        LatentSettings.KEYS,
        LatentSettings::from);
  }

  @Override
  public boolean usesModel() {
    return true;
  }

  /**
   * The shipped demo model saw UDHR text of ten languages: the lens runs on those, with fewer items
   * (the demo should take seconds).
   */
  @Override
  public Optional<LinguaConfig> demoConfig(LinguaConfig config) {
    return DemoModels.withModel(config)
        .map(
            c ->
                c.with(
                    Map.of(
                        LatentSettings.LANGS.name(),
                        "eng,fra,deu,spa,rus,cmn,arb,hin,swh,yor",
                        LatentSettings.MAX_ITEMS.name(),
                        "40")));
  }

  static Lexicon lexicon(LatentSettings s) {
    return s.lexicon().equals("cldr")
        ? CldrLexicon.build(s.langs())
        : LexiconReader.read(Paths.get(s.lexicon()));
  }

  /** Cloze sentences by concept and language; rows without ___ are dropped and counted. */
  static Map<String, String> clozes(LatentSettings s, JobContext ctx) {
    if (s.cloze().isBlank()) {
      return Map.of();
    }
    Lexicon sentences = LexiconReader.read(Paths.get(s.cloze()));
    sentences.dropped().forEach((reason, n) -> ctx.count("cloze_dropped_" + reason, n));
    Map<String, String> out = new java.util.HashMap<>();
    long blankless = 0;
    for (var e : sentences.entries()) {
      if (e.word().contains("___")) {
        out.put(e.concept() + "\t" + e.lang(), e.word());
      } else {
        blankless++;
      }
    }
    ctx.count("cloze_dropped_no_blank", blankless);
    return out;
  }

  @Override
  public Result execute(JobContext ctx, LatentSettings s) {
    SparkSession spark = ctx.spark();
    Lexicon lexicon = lexicon(s);
    lexicon.dropped().forEach((reason, n) -> ctx.count("lexicon_dropped_" + reason, n));
    ctx.count("lexicon_entries", lexicon.size());
    List<Row> plan = PromptPlan.rows(s, lexicon, clozes(s, ctx));
    if (plan.isEmpty()) {
      throw new ConfigException(
          "latent: the lexicon ("
              + s.lexicon()
              + ") has no concept with words in the languages the prompts need ("
              + String.join(",", s.langsOf(lexicon))
              + ")");
    }
    ctx.count("prompts", plan.size());
    int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
    Dataset<Row> prompts = spark.createDataFrame(plan, PromptPlan.SCHEMA).repartition(partitions);
    ctx.describe(
        "logit lens over "
            + plan.size()
            + " prompts with "
            + s.models().stream().map(ModelHandle::name).toList());
    // One model at a time over the cluster, like represent: an executor never needs two at once.
    List<Dataset<Row>> perModel = new ArrayList<>();
    try {
      for (ModelHandle model : s.models()) {
        Dataset<Row> rows =
            prompts
                .mapPartitions(
                    InputSchema.checked(prompts, new LensPartition(model, s)),
                    Encoders.row(LensPartition.OUTPUT))
                .persist(StorageLevel.MEMORY_AND_DISK());
        rows.count();
        perModel.add(rows);
      }
      Dataset<Row> all = perModel.get(0);
      for (Dataset<Row> rows : perModel.subList(1, perModel.size())) {
        all = all.unionAll(rows);
      }
      // ctx.write stages each table and hands back what it wrote; the four are published together
      Dataset<Row> probs =
          ctx.write(
              LatentTables.LATENT_LANGUAGE, all.filter(col("kind").equalTo(LensPartition.PROB)));
      Dataset<Row> layers =
          ctx.write(
              LatentTables.LATENT_LAYERS, all.filter(col("kind").equalTo(LensPartition.LAYER)));
      Row sums =
          all.filter(col("kind").equalTo(LensPartition.SUMMARY))
              .agg(
                  total("part_prompts"),
                  total("part_measured"),
                  total("part_overlap"),
                  total("part_contains_english"),
                  total("part_too_long"),
                  total("part_merged"),
                  total("part_no_prefix"),
                  total("part_tokens"),
                  total("part_model_loads"))
              .first();
      List<Row> summary =
          ctx.write(LatentTables.LATENT_LANGUAGE_SUMMARY, LatentSummary.summary(probs, layers, s))
              .collectAsList();
      ctx.write(
          LatentTables.LATENT_LANGUAGE_TOP,
          spark.createDataFrame(LatentSummary.top(summary, s), LatentSummary.TOP));
      long measured = sums.getAs("part_measured");
      ctx.count("models", s.models().size());
      ctx.count("prompts_measured", measured);
      ctx.count("dropped_overlaps_english", sums.<Long>getAs("part_overlap"));
      ctx.count("dropped_contains_english", sums.<Long>getAs("part_contains_english"));
      ctx.count("dropped_too_long", sums.<Long>getAs("part_too_long"));
      ctx.count("answers_merged_with_prompt", sums.<Long>getAs("part_merged"));
      ctx.count("answers_without_prefix_token", sums.<Long>getAs("part_no_prefix"));
      ctx.count("tokens", sums.<Long>getAs("part_tokens"));
      ctx.count("model_loads", sums.<Long>getAs("part_model_loads"));
      return new Result(
          ctx.runId(),
          s.models().stream().map(ModelHandle::name).toList(),
          (long) plan.size() * s.models().size(),
          measured);
    } finally {
      perModel.forEach(Dataset::unpersist);
    }
  }

  private static org.apache.spark.sql.Column total(String column) {
    return coalesce(sum(column), lit(0L)).as(column);
  }
}
