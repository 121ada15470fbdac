package dev.lingualens.jobs.mixture;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.mixture.AttackTarget;
import dev.lingualens.common.mixture.LazyMixtureSolver;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.jobs.JobContext;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code mixture.*} keys, parsed once, with errors that name the bad value. */
record MixtureSettings(String documents, String categoryColumn, List<String> categories, long sampleBytes,
    int maxMerges, Map<String, Integer> offsets, boolean dropRedundant, AttackTarget.Whitespace whitespace,
    LazyMixtureSolver.Options solver, Map<String, Map<String, Double>> truth) {

  static MixtureSettings from(JobContext ctx) {
    LinguaConfig c = ctx.config();
    String docs = c.get("mixture.documents").isBlank() ? ctx.tablePath(CorpusTables.DOCUMENTS) : c.get("mixture.documents");
    if (!docs.contains("://") && !Files.isDirectory(Paths.get(docs))) {
      throw new ConfigException("No documents table at " + docs + " (run 'lingualens ingest' first, or set mixture.documents)");
    }
    String column = c.get("mixture.category-column").trim();
    if (column.isEmpty()) {
      throw c.bad("mixture.category-column", "a column of the documents table (e.g. lang) or a Spark SQL expression");
    }
    List<String> categories = c.getList("mixture.categories");
    if (categories.isEmpty()) {
      throw c.bad("mixture.categories", "'all' or a comma-separated list of category values");
    }
    Map<String, Integer> offsets = new HashMap<>();
    for (String e : c.getList("mixture.offset")) {
      int eq = e.indexOf('=');
      try {
        offsets.put(e.substring(0, eq).trim(), Integer.parseInt(e.substring(eq + 1).trim()));
      } catch (RuntimeException ex) {
        throw c.bad("mixture.offset", "comma-separated name=k entries, e.g. llama3=100000 (bad entry '" + e + "')");
      }
    }
    AttackTarget.Whitespace ws = switch (c.get("mixture.clean.whitespace").trim().toLowerCase(java.util.Locale.ROOT)) {
      case "auto" -> AttackTarget.Whitespace.AUTO;
      case "true" -> AttackTarget.Whitespace.DROP;
      case "false" -> AttackTarget.Whitespace.KEEP;
      default -> throw c.bad("mixture.clean.whitespace", "auto, true or false");
    };
    LazyMixtureSolver.Options solver = new LazyMixtureSolver.Options(c.getDouble("mixture.solver.epsilon", 0, 1),
        c.getInt("mixture.solver.batch-size", 1), c.getInt("mixture.solver.max-add", 1),
        c.getInt("mixture.solver.max-epochs", 1));
    return new MixtureSettings(docs, column, categories, c.getLong("mixture.sample-bytes", 1),
        c.getInt("mixture.max-merges", 1), offsets, c.getBoolean("mixture.clean.redundant"), ws, solver, truth(c));
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
    for (String e : c.getList("mixture.truth")) {
      int colon = e.indexOf(':');
      int eq = e.indexOf('=');
      try {
        double share = Double.parseDouble(e.substring(eq + 1).trim());
        out.computeIfAbsent(e.substring(0, colon).trim(), k -> new HashMap<>())
            .put(e.substring(colon + 1, eq).trim(), share);
      } catch (RuntimeException ex) {
        throw c.bad("mixture.truth", "comma-separated tokenizer:category=share entries (bad entry '" + e + "')");
      }
    }
    return out;
  }
}
