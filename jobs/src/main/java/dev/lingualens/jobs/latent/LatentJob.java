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
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.demo.DemoModels;
import dev.lingualens.jobs.model.ModelHandle;
import dev.lingualens.jobs.shards.Fingerprint;
import dev.lingualens.jobs.shards.ShardStore;
import java.io.Serializable;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

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
    List<LensShard> shards = LensShard.plan(s.models(), plan.size(), s.shardPrompts());
    ShardStore store =
        ShardStore.open(
            ctx, name(), fingerprint(s, plan), shards.stream().map(LensShard::line).toList());
    List<Integer> pending = store.pending();
    ctx.count("shards", shards.size());
    ctx.count("shards_skipped", shards.size() - pending.size());
    ctx.describe(
        "logit lens over "
            + plan.size()
            + " prompts with "
            + s.models().stream().map(ModelHandle::name).toList()
            + ", "
            + pending.size()
            + " of "
            + shards.size()
            + " shards to compute");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<List<Row>> prompts = jsc.broadcast(plan);
    LongAccumulator loads = spark.sparkContext().longAccumulator("model_loads");
    Dataset<Row> all = null;
    try {
      // One model at a time over the cluster, like represent: an executor never needs two at once.
      for (int m = 0; m < s.models().size(); m++) {
        int model = m;
        List<Integer> todo =
            pending.stream().filter(id -> shards.get(id).model() == model).toList();
        if (!todo.isEmpty()) {
          measure(jsc, store, shards, todo, prompts, loads, lens(spark, s.models().get(m), s));
        }
      }
      all = store.rows(spark, LensPartition.OUTPUT).persist(StorageLevel.MEMORY_AND_DISK());
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
                  total("part_tokens"))
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
      ctx.count("model_loads", loads.value());
      return new Result(
          ctx.runId(),
          s.models().stream().map(ModelHandle::name).toList(),
          (long) plan.size() * s.models().size(),
          measured);
    } finally {
      if (all != null) {
        all.unpersist();
      }
      prompts.destroy();
    }
  }

  private static LensPartition lens(SparkSession spark, ModelHandle model, LatentSettings s) {
    return InputSchema.checked(
        spark.createDataFrame(List.of(), PromptPlan.SCHEMA), new LensPartition(model, s));
  }

  /**
   * One task per pending shard of one model; the task publishes its shard's rows itself, so an
   * interrupted run keeps every finished shard.
   */
  private static void measure(
      JavaSparkContext jsc,
      ShardStore store,
      List<LensShard> shards,
      List<Integer> todo,
      Broadcast<List<Row>> prompts,
      LongAccumulator loads,
      LensPartition lens) {
    jsc.parallelize(todo, todo.size())
        .foreach(
            id -> {
              LensShard shard = shards.get(id);
              List<Row> out = new ArrayList<>();
              lens.call(prompts.value().subList(shard.from(), shard.to()).iterator())
                  .forEachRemaining(out::add);
              for (Row r : out) {
                if (LensPartition.SUMMARY.equals(r.getAs("kind"))) {
                  loads.add(r.<Long>getAs("part_model_loads"));
                }
              }
              store.save(id, LensPartition.OUTPUT, out);
            });
  }

  /**
   * What the shards' numbers depend on: every model folder and the name its rows carry, the prompts
   * themselves (so the lexicon, cloze file, templates, sample and seed are covered by what they
   * produced), and the settings that change what is measured. Not batching.
   */
  static Fingerprint fingerprint(LatentSettings s, List<Row> plan) {
    Fingerprint f = Fingerprint.of("latent");
    for (ModelHandle m : s.models()) {
      f.setting("model", m.name())
          .modelFolder(m.folder())
          .setting("device", m.device())
          .setting("dtype", m.dtype());
    }
    for (Row p : plan) {
      f.setting(
          "prompt",
          String.join(
              "\u0000",
              p.<String>getAs("task"),
              p.getAs("src"),
              p.getAs("tgt"),
              p.getAs("item"),
              p.getAs("prompt"),
              String.join("\u0001", RowValues.<String>list(p, "langs")),
              String.join("\u0001", RowValues.<String>list(p, "words"))));
    }
    return f.setting("rules", s.rules())
        .setting("top-k", s.topK())
        .setting("disjoint", s.disjoint());
  }

  /** Prompts {@code [from, to)} of the plan, measured with model {@code model} (an index). */
  record LensShard(int id, int model, String name, int from, int to) implements Serializable {
    String line() {
      return id + "\t" + name + "\t" + from + "\t" + to;
    }

    /** Every model's prompts cut into shards of at most {@code size}, model by model. */
    static List<LensShard> plan(List<ModelHandle> models, int prompts, int size) {
      List<LensShard> out = new ArrayList<>();
      for (int m = 0; m < models.size(); m++) {
        for (int from = 0; from < prompts; from += size) {
          out.add(
              new LensShard(
                  out.size(), m, models.get(m).name(), from, Math.min(prompts, from + size)));
        }
      }
      return List.copyOf(out);
    }
  }

  private static org.apache.spark.sql.Column total(String column) {
    return coalesce(sum(column), lit(0L)).as(column);
  }
}
