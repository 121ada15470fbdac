package dev.lingualens.jobs.latent;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.corpus.LanguageCodes;
import dev.lingualens.common.lens.LensPrompts;
import dev.lingualens.common.lens.Lexicon;
import dev.lingualens.common.model.ModelConfig;
import dev.lingualens.jobs.model.ModelHandle;
import dev.lingualens.jobs.model.ModelSettings;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code latent.*} keys, parsed and checked on the driver before any task starts. */
public record LatentSettings(
    List<ModelHandle> models,
    String lexicon,
    String cloze,
    List<String> langs,
    List<String> sources,
    List<String> tasks,
    List<String> rules,
    Map<String, String> templates,
    String separator,
    int shots,
    int maxItems,
    long seed,
    int topK,
    boolean disjoint,
    int chunkPrompts,
    int shardPrompts,
    int resamples,
    double level,
    double midFrom,
    double midTo)
    implements Serializable {
  public static final String ENGLISH = "eng";
  static final List<String> TASKS = List.of("translation", "repetition", "cloze");
  static final List<String> RULES = List.of("prefix", "first-token", "multi-token");

  public static final Key<List<String>> MODELS =
      Key.list(
          "latent.models",
          "",
          "comma-separated name=path/to/hf-folder of decoder models; empty = the folder in model.path");
  public static final Key<String> LEXICON =
      Key.required(
          "latent.lexicon",
          "cldr",
          "cldr or a file path",
          "cldr = aligned words from CLDR through ICU4J (numbers, months, weekdays, territory and language names);"
              + " or a UTF-8 TSV with header concept, lang, word, e.g. the FreeDict nouns of"
              + " scripts/research/prepare-lexicon.sh");
  public static final Key<String> CLOZE =
      Key.text(
          "latent.cloze",
          "",
          "for the cloze task: a TSV like the lexicon whose word column is a sentence in that language with ___"
              + " where the concept's word goes");
  public static final Key<List<String>> LANGS =
      Key.list(
              "latent.langs",
              "eng,fra,deu,spa,ita,por,rus,zho,jpn,hin,swh,tur",
              "target languages (ISO 639-3); every one is also a candidate latent language, and English always is;"
                  + " all = every language of the lexicon file")
          .where(l -> !l.isEmpty(), "all, or a non-empty comma-separated list of language codes");
  public static final Key<List<String>> SOURCES =
      Key.list(
              "latent.sources",
              "fra,deu",
              "input languages of the translation task: each target takes the first one that differs from it")
          .where(l -> !l.isEmpty(), "a non-empty comma-separated list of language codes");
  public static final Key<List<String>> TASK_LIST =
      Key.list(
              "latent.tasks",
              "translation,repetition",
              "translation, repetition, cloze (Wendler et al.); cloze needs a lexicon with cloze sentences")
          .where(
              l -> !l.isEmpty() && TASKS.containsAll(l),
              "a non-empty list of translation, repetition, cloze");
  public static final Key<List<String>> RULE_LIST =
      Key.list(
              "latent.rules",
              "prefix,first-token",
              "how an answer word becomes tokens: prefix (Wendler: every token that is a prefix of the word),"
                  + " first-token (the first token the tokenizer gives the answer after the prompt),"
                  + " multi-token (the whole word: product of the lens probabilities of its tokens, one more pass per language)")
          .where(
              l -> !l.isEmpty() && RULES.containsAll(l),
              "a non-empty list of prefix, first-token, multi-token");
  public static final Key<String> TEMPLATE_TRANSLATION =
      Key.required(
          "latent.template.translation",
          "{src}: \"{in}\" - {tgt}: \"{out}\"",
          "a template with {out}",
          "one line of the translation prompt (Wendler et al.); {src}/{tgt} are the languages' own names from CLDR");
  public static final Key<String> TEMPLATE_REPETITION =
      Key.required(
          "latent.template.repetition",
          "{src}: \"{in}\" - {tgt}: \"{out}\"",
          "a template with {out}",
          "one line of the repetition prompt: the same word in and out");
  public static final Key<String> TEMPLATE_CLOZE =
      Key.required(
          "latent.template.cloze",
          "{cloze} Answer: \"{out}\"",
          "a template with {out}",
          "one line of the cloze prompt; {cloze} is the lexicon's sentence with ___ for the word");
  public static final Key<String> SEPARATOR =
      Key.text(
          "latent.separator", "\\n", "between prompt lines; \\n and \\t are a newline and a tab");
  public static final Key<Integer> SHOTS =
      Key.integer("latent.shots", "5", 0, "demonstrations before the query line");
  public static final Key<Integer> MAX_ITEMS =
      Key.integer(
          "latent.max-items",
          "200",
          1,
          "most items per (task, source, target), a seeded sample of the lexicon's concepts");
  public static final Key<Long> SEED =
      Key.longInt(
          "latent.seed",
          "20240101",
          Long.MIN_VALUE,
          "seed of the item sample and the demonstrations");
  public static final Key<Integer> TOP_K =
      Key.integer("latent.top-k", "5", 0, "decoded top tokens kept per layer in latent_layers");
  public static final Key<Boolean> DISJOINT =
      Key.flag(
          "latent.disjoint",
          "true",
          "drop an item when its target answer's prefix tokens overlap English's, or the target word contains the"
              + " English one (Wendler et al.), so the two probabilities are distinguishable; counted per model");
  public static final Key<Integer> CHUNK_PROMPTS =
      Key.integer(
          "latent.chunk-prompts", "256", 1, "prompts per batched unit of work inside a partition");
  public static final Key<Integer> SHARD_PROMPTS =
      Key.integer(
          "latent.shard-prompts",
          "64",
          1,
          "prompts per shard, the unit a run resumes from (a re-run of the run id computes only the"
              + " shards it has not finished)");
  public static final Key<Integer> RESAMPLES =
      Key.integer(
          "latent.bootstrap-resamples",
          "1000",
          1,
          "percentile bootstrap of the mean probability over items: resamples");
  public static final Key<Double> LEVEL =
      Key.real("latent.bootstrap-level", "0.95", 0.5, 0.999, "confidence level of the intervals");
  public static final Key<Double> MID_FROM =
      Key.real(
          "latent.mid-from",
          "0.33",
          0,
          1,
          "the middle band of latent_language_top starts at this fraction of the lens layers");
  public static final Key<Double> MID_TO =
      Key.real("latent.mid-to", "0.67", 0, 1, "and ends at this fraction");

  public static final List<Key<?>> KEYS =
      List.of(
          MODELS,
          LEXICON,
          CLOZE,
          LANGS,
          SOURCES,
          TASK_LIST,
          RULE_LIST,
          TEMPLATE_TRANSLATION,
          TEMPLATE_REPETITION,
          TEMPLATE_CLOZE,
          SEPARATOR,
          SHOTS,
          MAX_ITEMS,
          SEED,
          TOP_K,
          DISJOINT,
          CHUNK_PROMPTS,
          SHARD_PROMPTS,
          RESAMPLES,
          LEVEL,
          MID_FROM,
          MID_TO,
          ModelSettings.PATH,
          ModelSettings.NAME,
          ModelSettings.DEVICE,
          ModelSettings.DTYPE,
          ModelSettings.BATCH_TOKENS,
          ModelSettings.MAX_ROWS);

  public static LatentSettings from(LinguaConfig c) {
    Map<String, String> templates = new LinkedHashMap<>();
    templates.put("translation", c.get(TEMPLATE_TRANSLATION));
    templates.put("repetition", c.get(TEMPLATE_REPETITION));
    templates.put("cloze", c.get(TEMPLATE_CLOZE));
    for (Map.Entry<String, String> t : templates.entrySet()) {
      try {
        LensPrompts.validate(t.getValue(), "latent.template." + t.getKey());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
    }
    if (c.get(MID_FROM) > c.get(MID_TO)) {
      throw new ConfigException(
          "latent.mid-from " + c.get(MID_FROM) + " is after latent.mid-to " + c.get(MID_TO));
    }
    String lexicon = c.get(LEXICON);
    if (!lexicon.equals("cldr") && !Files.isRegularFile(Paths.get(lexicon))) {
      throw new ConfigException(
          "latent.lexicon '" + lexicon + "' is neither cldr nor a readable lexicon file");
    }
    String cloze = c.get(CLOZE);
    if (c.get(TASK_LIST).contains("cloze") && cloze.isBlank()) {
      throw new ConfigException(
          "latent.tasks includes cloze: set latent.cloze to a file of cloze sentences (concept, lang, sentence with ___)");
    }
    if (!cloze.isBlank() && !Files.isRegularFile(Paths.get(cloze))) {
      throw new ConfigException("latent.cloze '" + cloze + "' is not a readable file");
    }
    boolean all = c.get(LANGS).equals(List.of("all"));
    if (all && lexicon.equals("cldr")) {
      throw new ConfigException(
          "latent.langs=all needs a lexicon file: CLDR has hundreds of locales; name the languages");
    }
    Set<String> withEnglish =
        all ? new LinkedHashSet<>() : new LinkedHashSet<>(languages(c.get(LANGS), LANGS.name()));
    if (!all) {
      withEnglish.add(ENGLISH);
    }
    return new LatentSettings(
        models(c),
        lexicon,
        cloze,
        List.copyOf(withEnglish),
        languages(c.get(SOURCES), SOURCES.name()),
        c.get(TASK_LIST),
        c.get(RULE_LIST),
        templates,
        c.get(SEPARATOR).replace("\\n", "\n").replace("\\t", "\t"),
        c.get(SHOTS),
        c.get(MAX_ITEMS),
        c.get(SEED),
        c.get(TOP_K),
        c.get(DISJOINT),
        c.get(CHUNK_PROMPTS),
        c.get(SHARD_PROMPTS),
        c.get(RESAMPLES),
        c.get(LEVEL),
        c.get(MID_FROM),
        c.get(MID_TO));
  }

  /**
   * The run's languages: the configured ones, or (latent.langs=all, stored as an empty list) every
   * language of the lexicon; English always.
   */
  List<String> langsOf(Lexicon lexicon) {
    if (!langs.isEmpty()) {
      return langs;
    }
    Set<String> out = new java.util.TreeSet<>(lexicon.languages());
    out.add(ENGLISH);
    return List.copyOf(out);
  }

  /** Codes as the documents table writes them (ISO 639-3), one clear error for an unknown one. */
  private static List<String> languages(List<String> raw, String key) {
    List<String> out = new ArrayList<>();
    for (String code : raw) {
      String iso3 =
          LanguageCodes.parse(code)
              .map(t -> t.lang())
              .orElseThrow(
                  () -> new ConfigException(key + ": '" + code + "' is not a language code"));
      if (!out.contains(iso3)) {
        out.add(iso3);
      }
    }
    return out;
  }

  /** Decoders only: an encoder has no unembedding, said on the driver with the folder named. */
  private static List<ModelHandle> models(LinguaConfig c) {
    ModelSettings m = ModelSettings.from(c);
    List<String> specs = c.get(MODELS);
    List<ModelHandle> out = new ArrayList<>();
    if (specs.isEmpty()) {
      out.add(ModelHandle.fromConfig(c));
    } else {
      for (String spec : specs) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
          throw new ConfigException(
              "latent.models entry '" + spec + "' is not name=path/to/hf-folder");
        }
        Path folder = Paths.get(spec.substring(eq + 1).trim());
        if (!Files.isDirectory(folder)) {
          throw new ConfigException("latent.models: '" + folder + "' is not a folder");
        }
        out.add(ModelHandle.of(spec.substring(0, eq).trim(), folder, ModelHandle.Backend.DJL, m));
      }
    }
    for (ModelHandle h : out) {
      ModelConfig config = ModelConfig.read(h.folder());
      if (!config.family().causal()) {
        throw new ConfigException(
            "latent: model "
                + h.name()
                + " ("
                + h.folder()
                + ") is an encoder; the logit lens needs a decoder with an unembedding");
      }
    }
    return out;
  }
}
