package dev.lingualens.jobs.mixture;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.mixture.AttackTarget;
import dev.lingualens.common.mixture.LazyMixtureSolver;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.jobs.CoreSettings;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code mixture.*} keys (methods.md, Method 3), parsed once, with errors that name the bad
 * value.
 */
record MixtureSettings(
    List<String> tokenizers,
    String documents,
    String categoryColumn,
    List<String> categories,
    long sampleBytes,
    int maxMerges,
    Map<String, Integer> offsets,
    boolean dropRedundant,
    AttackTarget.Whitespace whitespace,
    LazyMixtureSolver.Options solver,
    Map<String, Map<String, Double>> truth) {
  static final Key<List<String>> TOKENIZERS =
      Key.list(
          "mixture.tokenizers",
          "auto",
          "tokenizers to attack: comma-separated name=path/to/tokenizer.json (or a folder holding one); auto = every"
              + " tokenizer under sample-data and cache.dir, as for token-stats. Only BPE files qualify");
  static final Key<String> DOCUMENTS =
      Key.text(
          "mixture.documents",
          "",
          "where the documents table is read from; empty = <output.dir>/documents");
  static final Key<String> CATEGORY_COLUMN =
      Key.required(
          "mixture.category-column",
          "lang",
          "a column of the documents table (e.g. lang) or a Spark SQL expression",
          "the documents column (lang, script, corpus, ...) or Spark SQL expression that labels the categories");
  static final Key<List<String>> CATEGORIES =
      Key.list(
          "mixture.categories", "all", "which category values to use (comma-separated, or all)");
  static final Key<Long> SAMPLE_BYTES =
      Key.longInt(
          "mixture.sample-bytes",
          "1000000000",
          1,
          "most bytes of text per category (the paper: 1 GB), documents taken in a fixed hashed-id order");
  static final Key<Integer> MAX_MERGES =
      Key.integer(
          "mixture.max-merges",
          "30000",
          1,
          "T: most merges attacked after cleaning and the offset (the paper: 30,000)");
  static final Key<List<String>> OFFSET =
      Key.list(
          "mixture.offset",
          "",
          "merges applied before recording starts, per tokenizer: comma-separated name=k (the paper: llama3=100000)");
  static final Key<Boolean> CLEAN_REDUNDANT =
      Key.flag("mixture.clean.redundant", "true", "drop redundant splits of converted merge lists");
  static final Key<String> CLEAN_WHITESPACE =
      Key.choice(
          "mixture.clean.whitespace",
          "auto",
          "drop hand-inserted whitespace-only merges: auto = when a character-level list starts with one (as Gemma's"
              + " does), true, false",
          "auto",
          "true",
          "false");
  static final Key<Double> SOLVER_EPSILON =
      Key.real("mixture.solver.epsilon", "1e-6", 0, 1, "tolerance of the lazy LP's violation test");
  static final Key<Integer> SOLVER_BATCH_SIZE =
      Key.integer(
          "mixture.solver.batch-size",
          "10",
          1,
          "rows added per merge step per epoch (the paper: 10)");
  static final Key<Integer> SOLVER_MAX_ADD =
      Key.integer(
          "mixture.solver.max-add",
          "0",
          0,
          "rows found per epoch before its scan stops; 0 = no cap, each epoch scans all T steps (default: at T = 30,000"
              + " the paper's 100 needs thousands of epochs; max-add = 100 with drop-after = 0 and per-pair = 0 is its exact"
              + " procedure)");
  static final Key<Integer> SOLVER_ADD_WORST =
      Key.integer(
          "mixture.solver.add-worst",
          "0",
          0,
          "of the violated rows an epoch's scan finds, only this many, the most violated, enter the LP; 0 = all (the"
              + " paper: all, up to max-add)");
  static final Key<Integer> SOLVER_PER_PAIR =
      Key.integer(
          "mixture.solver.per-pair",
          "10",
          0,
          "of the violated rows an epoch's scan finds, each competing pair brings only its this many most violated"
              + " (over all merge steps) into the LP; 0 = all (the paper). One pair slack answers all of a pair's"
              + " rows, and a scan's rows crowd onto a few dozen frequent pairs");
  static final Key<Integer> SOLVER_MAX_EPOCHS =
      Key.integer(
          "mixture.solver.max-epochs",
          "10000",
          1,
          "cap on epochs (the trace says whether the solve converged)");
  static final Key<Integer> SOLVER_DROP_AFTER =
      Key.integer(
          "mixture.solver.drop-after",
          "5",
          0,
          "rows not binding for this many consecutive solves leave the LP (back if violated again, then kept); 0 = keep"
              + " every row (the paper)");
  static final Key<Double> SOLVER_TIME_LIMIT =
      Key.real(
          "mixture.solver.time-limit",
          "1800",
          0,
          1e7,
          "seconds after which the LP stops early, reporting the optimum's lower and upper bounds (converged = false"
              + " in the mixture table); 0 = none. At T = 30,000 on 2 cores, 10 categories converge in 6 minutes,"
              + " 30 categories in 26 minutes (GPT-4o) or more (7 of 8 tokenizers had gaps of 4–13 % after 15):"
              + " the default keeps such a solve from running for hours");
  static final Key<Boolean> SOLVER_WARM =
      Key.flag(
          "mixture.solver.warm",
          "true",
          "solve the LP in its dual form, each epoch continuing from the last basis (new rows are new columns there);"
              + " false = the LP as written, from scratch each epoch with GLOP's presolve");
  static final Key<List<String>> TRUTH =
      Key.list(
          "mixture.truth",
          "",
          "known byte shares for the report's truth-vs-estimate view: comma-separated tokenizer:category=share");
  static final List<Key<?>> KEYS =
      List.of(
          TOKENIZERS,
          DOCUMENTS,
          CATEGORY_COLUMN,
          CATEGORIES,
          SAMPLE_BYTES,
          MAX_MERGES,
          OFFSET,
          CLEAN_REDUNDANT,
          CLEAN_WHITESPACE,
          SOLVER_EPSILON,
          SOLVER_BATCH_SIZE,
          SOLVER_MAX_ADD,
          SOLVER_ADD_WORST,
          SOLVER_PER_PAIR,
          SOLVER_MAX_EPOCHS,
          SOLVER_DROP_AFTER,
          SOLVER_TIME_LIMIT,
          SOLVER_WARM,
          TRUTH);

  static MixtureSettings from(LinguaConfig c) {
    String docs = CoreSettings.from(c).tablePath(c.get(DOCUMENTS), CorpusTables.DOCUMENTS);
    if (!docs.contains("://") && !Files.isDirectory(Paths.get(docs))) {
      throw new ConfigException(
          "No documents table at "
              + docs
              + " (run 'lingualens ingest' first, or set mixture.documents)");
    }
    List<String> categories = c.get(CATEGORIES);
    if (categories.isEmpty()) {
      throw c.bad(CATEGORIES, "'all' or a comma-separated list of category values");
    }
    Map<String, Integer> offsets = new HashMap<>();
    for (String e : c.get(OFFSET)) {
      int eq = e.indexOf('=');
      try {
        offsets.put(e.substring(0, eq).trim(), Integer.parseInt(e.substring(eq + 1).trim()));
      } catch (RuntimeException ex) {
        throw c.bad(
            OFFSET, "comma-separated name=k entries, e.g. llama3=100000 (bad entry '" + e + "')");
      }
    }
    AttackTarget.Whitespace ws =
        switch (c.get(CLEAN_WHITESPACE)) {
          case "true" -> AttackTarget.Whitespace.DROP;
          case "false" -> AttackTarget.Whitespace.KEEP;
          default -> AttackTarget.Whitespace.AUTO;
        };
    int maxAdd = c.get(SOLVER_MAX_ADD);
    LazyMixtureSolver.Options solver =
        new LazyMixtureSolver.Options(
            c.get(SOLVER_EPSILON),
            c.get(SOLVER_BATCH_SIZE),
            maxAdd == 0 ? Integer.MAX_VALUE : maxAdd,
            c.get(SOLVER_MAX_EPOCHS),
            c.get(SOLVER_DROP_AFTER),
            c.get(SOLVER_TIME_LIMIT),
            c.get(SOLVER_WARM),
            c.get(SOLVER_ADD_WORST),
            c.get(SOLVER_PER_PAIR));
    return new MixtureSettings(
        c.get(TOKENIZERS),
        docs,
        c.get(CATEGORY_COLUMN),
        categories,
        c.get(SAMPLE_BYTES),
        c.get(MAX_MERGES),
        offsets,
        c.get(CLEAN_REDUNDANT),
        ws,
        solver,
        truth(c));
  }

  /** True when mixture.tokenizers lists tokenizers rather than auto. */
  static boolean namesTokenizers(LinguaConfig c) {
    return !c.get(TOKENIZERS).equals(List.of("auto"));
  }

  boolean allCategories() {
    return categories.size() == 1 && categories.get(0).equals("all");
  }

  int offset(String tokenizer) {
    return offsets.getOrDefault(tokenizer, 0);
  }

  /** {@code tokenizer:category=share} entries → tokenizer → category → share. */
  private static Map<String, Map<String, Double>> truth(LinguaConfig c) {
    Map<String, Map<String, Double>> out = new HashMap<>();
    for (String e : c.get(TRUTH)) {
      int colon = e.indexOf(':');
      int eq = e.indexOf('=');
      try {
        double share = Double.parseDouble(e.substring(eq + 1).trim());
        out.computeIfAbsent(e.substring(0, colon).trim(), k -> new HashMap<>())
            .put(e.substring(colon + 1, eq).trim(), share);
      } catch (RuntimeException ex) {
        throw c.bad(
            TRUTH, "comma-separated tokenizer:category=share entries (bad entry '" + e + "')");
      }
    }
    return out;
  }
}
