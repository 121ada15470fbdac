package dev.lingualens.jobs.latent;

import dev.lingualens.common.model.LogitLens;
import dev.lingualens.common.model.TokenBudgetBatcher;
import dev.lingualens.common.model.TransformerModel;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.jobs.ChunkedRows;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.TableRow;
import dev.lingualens.jobs.model.ModelHandle;
import dev.lingualens.jobs.model.TaskLeases;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Executor side of {@code latent}: tokenises {@code latent.chunk-prompts} prompts at a time, turns
 * each answer word into its token sets (prefix set, first token after the prompt, all its tokens
 * after the prompt) and runs the logit lens in token-budget batches with the JVM's shared model.
 * Emits probability rows and per-layer rows (told apart by {@code kind}), then one summary row of
 * the partition's counts.
 */
final class LensPartition implements MapPartitionsFunction<Row, Row>, InputSchema.Reader {
  static final InputSchema INPUT = InputSchema.of("LensPartition", PromptPlan.DDL);
  static final StructType OUTPUT =
      StructType.fromDDL(
          "kind string, model string, task string, src string, tgt string, item string, rule string, "
              + "layer int, lang string, prob double, entropy double, top_tokens array<string>, "
              + "top_probs array<double>, part_prompts bigint, part_measured bigint, "
              + "part_overlap bigint, part_contains_english bigint, part_too_long bigint, part_merged bigint, part_no_prefix bigint, "
              + "part_tokens bigint, part_model_loads bigint");
  static final String PROB = "prob";
  static final String LAYER = "layer";
  static final String SUMMARY = "summary";

  private final ModelHandle handle;
  private final LatentSettings settings;

  LensPartition(ModelHandle handle, LatentSettings settings) {
    this.handle = handle;
    this.settings = settings;
  }

  @Override
  public InputSchema inputSchema() {
    return INPUT;
  }

  /** One partition's counts, emitted as its summary row. */
  static final class Counts {
    long prompts;
    long measured;
    long overlap;
    long containsEnglish;
    long tooLong;
    long merged;
    long noPrefix;
    long tokens;
    long modelLoads;
  }

  /** A prompt with its answers' token sets, per lens language. */
  private static final class Query {
    final Row prompt;
    final long[] ids;
    final String[] langs;
    final String[] words;
    final int[][] prefix;
    final int[] first;
    final long[][] continuation;

    Query(Row prompt, long[] ids, int langs) {
      this.prompt = prompt;
      this.ids = ids;
      this.langs = new String[langs];
      this.words = new String[langs];
      this.prefix = new int[langs][];
      this.first = new int[langs];
      this.continuation = new long[langs][];
    }
  }

  @Override
  public Iterator<Row> call(Iterator<Row> prompts) {
    Counts counts = new Counts();
    TaskLeases leases = TaskLeases.forCurrentTask();
    ExecutorResources.Lease<TransformerModel> model = leases.add(handle.model());
    counts.modelLoads += model.loaded() ? 1 : 0;
    HfTokenizer tokenizer = leases.add(handle.tokenizer()).get();
    AnswerIndex answers = leases.add(AnswerIndex.lease(handle.folder())).get();
    return new ChunkedRows(
        prompts,
        settings.chunkPrompts(),
        (chunk, out) -> measure(model.get(), tokenizer, answers, chunk, out, counts),
        () -> {
          leases.close();
          return TableRow.of(OUTPUT)
              .set("kind", SUMMARY)
              .set("model", handle.name())
              .set("part_prompts", counts.prompts)
              .set("part_measured", counts.measured)
              .set("part_overlap", counts.overlap)
              .set("part_contains_english", counts.containsEnglish)
              .set("part_too_long", counts.tooLong)
              .set("part_merged", counts.merged)
              .set("part_no_prefix", counts.noPrefix)
              .set("part_tokens", counts.tokens)
              .set("part_model_loads", counts.modelLoads)
              .othersNull()
              .build();
        });
  }

  private void measure(
      TransformerModel model,
      HfTokenizer tokenizer,
      AnswerIndex answers,
      List<Row> chunk,
      ArrayDeque<Row> out,
      Counts counts) {
    counts.prompts += chunk.size();
    List<Query> queries = prepare(model, tokenizer, answers, chunk, counts);
    // sequences: each query's prompt, then for multi-token one prompt+answer per language
    List<long[]> sequences = new ArrayList<>();
    List<List<LogitLens.Probe>> probesOf = new ArrayList<>();
    int[] mainSeq = new int[queries.size()];
    int[][] multiSeq = new int[queries.size()][];
    boolean multi = settings.rules().contains("multi-token");
    for (int q = 0; q < queries.size(); q++) {
      Query query = queries.get(q);
      int last = query.ids.length - 1;
      mainSeq[q] = sequences.size();
      sequences.add(query.ids);
      probesOf.add(List.of(new LogitLens.Probe(0, last, candidates(query))));
      multiSeq[q] = new int[query.langs.length];
      Arrays.fill(multiSeq[q], -1);
      for (int i = 0; multi && i < query.langs.length; i++) {
        long[] cont = query.continuation[i];
        if (cont == null || cont.length == 1) {
          continue; // a one-token answer's probability is its first token's, on the main sequence
        }
        long[] seq = Arrays.copyOf(query.ids, query.ids.length + cont.length - 1);
        System.arraycopy(cont, 0, seq, query.ids.length, cont.length - 1);
        List<LogitLens.Probe> probes = new ArrayList<>();
        for (int j = 0; j < cont.length; j++) {
          probes.add(new LogitLens.Probe(0, last + j, new int[] {(int) cont[j]}));
        }
        multiSeq[q][i] = sequences.size();
        sequences.add(seq);
        probesOf.add(probes);
      }
    }
    LogitLens.LensResult[] results = new LogitLens.LensResult[sequences.size()];
    int[] firstProbe = new int[sequences.size()];
    long pad = Math.max(model.config().padTokenId(), 0);
    for (TokenBudgetBatcher.Batch batch :
        TokenBudgetBatcher.batches(sequences, pad, handle.batchTokens(), handle.maxRows())) {
      List<LogitLens.Probe> probes = new ArrayList<>();
      for (int row = 0; row < batch.indices().length; row++) {
        int seq = batch.indices()[row];
        firstProbe[seq] = probes.size();
        for (LogitLens.Probe p : probesOf.get(seq)) {
          probes.add(new LogitLens.Probe(row, p.position(), p.candidates()));
        }
      }
      LogitLens.LensResult r = LogitLens.run(model, batch.tokens(), probes, settings.topK());
      for (int seq : batch.indices()) {
        results[seq] = r;
      }
      for (int length : batch.tokens().lengths()) {
        counts.tokens += length;
      }
    }
    for (int q = 0; q < queries.size(); q++) {
      emit(queries.get(q), results, firstProbe, mainSeq[q], multiSeq[q], answers, out);
      counts.measured++;
    }
  }

  /** Tokenises prompts and answers; drops (and counts) what cannot be measured. */
  private List<Query> prepare(
      TransformerModel model,
      HfTokenizer tokenizer,
      AnswerIndex answers,
      List<Row> chunk,
      Counts counts) {
    List<String> texts = new ArrayList<>();
    for (Row r : chunk) {
      texts.add(r.getAs("prompt"));
    }
    int[][] promptIds = tokenizer.encode(texts, true);
    boolean needContinuation =
        settings.rules().contains("first-token") || settings.rules().contains("multi-token");
    int[][] withAnswer = new int[0][];
    List<String> combined = new ArrayList<>();
    if (needContinuation) {
      for (Row r : chunk) {
        for (String word : RowValues.<String>list(r, "words")) {
          combined.add(r.<String>getAs("prompt") + word);
        }
      }
      withAnswer = tokenizer.encode(combined, true);
    }
    List<Query> out = new ArrayList<>();
    int at = 0;
    int maxLen = model.config().maxPositions();
    for (int p = 0; p < chunk.size(); p++) {
      Row r = chunk.get(p);
      List<String> langs = RowValues.list(r, "langs");
      List<String> words = RowValues.list(r, "words");
      Query q = new Query(r, toLong(promptIds[p]), langs.size());
      boolean keep = q.ids.length > 0;
      for (int i = 0; i < langs.size(); i++) {
        q.langs[i] = langs.get(i);
        q.words[i] = words.get(i);
        q.prefix[i] = answers.prefixSet(words.get(i));
        if (q.prefix[i].length == 0) {
          counts.noPrefix++;
        }
        q.first[i] = -1;
        if (needContinuation) {
          int[] all = withAnswer[at++];
          if (startsWith(all, promptIds[p]) && all.length > promptIds[p].length) {
            q.continuation[i] = toLong(Arrays.copyOfRange(all, promptIds[p].length, all.length));
            q.first[i] = (int) q.continuation[i][0];
            if (q.ids.length + q.continuation[i].length - 1 > maxLen) {
              keep = false;
            }
          } else {
            counts.merged++; // the answer's first token merges with the prompt's last
          }
        }
      }
      if (q.ids.length > maxLen) {
        keep = false;
      }
      if (!keep) {
        counts.tooLong++;
        continue;
      }
      if (settings.disjoint() && containsEnglish(q, r.getAs("tgt"))) {
        counts.containsEnglish++;
        continue;
      }
      if (settings.disjoint() && overlapsEnglish(q, r.getAs("tgt"))) {
        counts.overlap++;
        continue;
      }
      out.add(q);
    }
    return out;
  }

  /**
   * Wendler et al. also drop items whose target word contains the English word (a loanword such as
   * German "Computer"): the English mass would be the target's.
   */
  private static boolean containsEnglish(Query q, String tgt) {
    if (tgt.equals(LatentSettings.ENGLISH)) {
      return false;
    }
    String target = null;
    String english = null;
    for (int i = 0; i < q.langs.length; i++) {
      if (q.langs[i].equals(tgt)) {
        target = q.words[i].toLowerCase(java.util.Locale.ROOT);
      } else if (q.langs[i].equals(LatentSettings.ENGLISH)) {
        english = q.words[i].toLowerCase(java.util.Locale.ROOT);
      }
    }
    return target != null && english != null && target.contains(english);
  }

  private static boolean overlapsEnglish(Query q, String tgt) {
    if (tgt.equals(LatentSettings.ENGLISH)) {
      return false;
    }
    int[] target = null;
    int[] english = null;
    for (int i = 0; i < q.langs.length; i++) {
      if (q.langs[i].equals(tgt)) {
        target = q.prefix[i];
      } else if (q.langs[i].equals(LatentSettings.ENGLISH)) {
        english = q.prefix[i];
      }
    }
    if (target == null || english == null) {
      return false;
    }
    Set<Integer> en = new HashSet<>();
    for (int t : english) {
      en.add(t);
    }
    for (int t : target) {
      if (en.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /** Every language's prefix set, then every language's first token, in language order. */
  private static int[] candidates(Query q) {
    int n = 0;
    for (int[] p : q.prefix) {
      n += p.length;
    }
    int[] out = new int[n + q.langs.length];
    int at = 0;
    for (int[] p : q.prefix) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    for (int f : q.first) {
      out[at++] = Math.max(f, 0); // a missing first token is read but never reported
    }
    return out;
  }

  private void emit(
      Query q,
      LogitLens.LensResult[] results,
      int[] firstProbe,
      int main,
      int[] multi,
      AnswerIndex answers,
      ArrayDeque<Row> out) {
    LogitLens.LensResult r = results[main];
    int probe = firstProbe[main];
    int layers = r.layers();
    Row p = q.prompt;
    for (int l = 0; l < layers; l++) {
      float[] cand = r.candidateProbs()[probe][l];
      int at = 0;
      int firstAt = cand.length - q.langs.length;
      for (int i = 0; i < q.langs.length; i++) {
        double mass = 0;
        for (int k = 0; k < q.prefix[i].length; k++) {
          mass += cand[at++];
        }
        if (settings.rules().contains("prefix") && q.prefix[i].length > 0) {
          out.add(prob(p, "prefix", l, q.langs[i], mass));
        }
        if (settings.rules().contains("first-token") && q.first[i] >= 0) {
          out.add(prob(p, "first-token", l, q.langs[i], cand[firstAt + i]));
        }
        if (settings.rules().contains("multi-token")
            && q.continuation[i] != null
            && q.continuation[i].length == 1) {
          out.add(prob(p, "multi-token", l, q.langs[i], cand[firstAt + i]));
        } else if (multi[i] >= 0) {
          LogitLens.LensResult m = results[multi[i]];
          double product = 1;
          for (int j = 0; j < q.continuation[i].length; j++) {
            product *= m.candidateProbs()[firstProbe[multi[i]] + j][l][0];
          }
          out.add(prob(p, "multi-token", l, q.langs[i], product));
        }
      }
      String[] top = new String[settings.topK()];
      Double[] topP = new Double[settings.topK()];
      for (int k = 0; k < top.length; k++) {
        top[k] = answers.surface(r.topIds()[probe][l][k]);
        topP[k] = (double) r.topProbs()[probe][l][k];
      }
      out.add(
          base(p, LAYER, l)
              .set("entropy", (double) r.entropy()[probe][l])
              .set("top_tokens", top)
              .set("top_probs", topP)
              .othersNull()
              .build());
    }
  }

  private Row prob(Row p, String rule, int layer, String lang, double prob) {
    return base(p, PROB, layer)
        .set("rule", rule)
        .set("lang", lang)
        .set("prob", prob)
        .othersNull()
        .build();
  }

  private TableRow base(Row p, String kind, int layer) {
    return TableRow.of(OUTPUT)
        .set("kind", kind)
        .set("model", handle.name())
        .set("task", p.getAs("task"))
        .set("src", p.getAs("src"))
        .set("tgt", p.getAs("tgt"))
        .set("item", p.getAs("item"))
        .set("layer", layer);
  }

  private static boolean startsWith(int[] all, int[] prefix) {
    if (all.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (all[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static long[] toLong(int[] ids) {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i];
    }
    return out;
  }
}
