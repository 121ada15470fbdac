package dev.lingualens.jobs.tokens;

import dev.lingualens.common.metrics.IdCounter;
import dev.lingualens.common.metrics.IdCounts;
import dev.lingualens.common.metrics.WordTokenCounts;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.common.text.PretokenCache;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.TableRow;
import dev.lingualens.jobs.model.TaskLeases;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Executor side of token-stats: pulls documents in batches, and for each tokenizer encodes the
 * texts (byte-level BPE files through the executor's {@link PretokenCache}: only pretokens not seen
 * before are encoded, in Java; other files in one batched native call) and the batch's words not
 * seen before in this executor, through the same pretoken cache where there is one (word
 * frequencies are Zipfian, so both caches remove most of the work), and counts every token id per
 * group for the unigram distribution. Streams: holds one batch at a time.
 */
final class CountTokens implements MapPartitionsFunction<Row, Row>, InputSchema.Reader {
  static final InputSchema INPUT =
      InputSchema.of(
          "CountTokens",
          CorpusTables.DOCUMENTS,
          "id",
          "corpus",
          "lang",
          "script",
          "align_id",
          "text",
          "words",
          "n_sentences",
          "n_bytes",
          "n_chars");
  static final StructType OUTPUT =
      StructType.fromDDL(
          "tokenizer string, id string, corpus string, lang string, "
              + "script string, align_id string, n_bytes bigint, n_chars bigint, n_sentences bigint, "
              + "n_words bigint, n_tokens bigint, "
              + "n_unk bigint, word_tokens bigint, continued_words bigint");
  private static final int WORD_CACHE_LIMIT = 2_000_000;
  // A million pretokens: the 52 MB benchmark corpus has 360 k; a clear refills the Zipfian head at
  // once.
  private static final int PRETOKEN_CACHE_LIMIT = 1_000_000;

  /**
   * Heap per cached word (key string, boxed count, map node): sizes the cache for the executor's
   * budget.
   */
  static final long WORD_CACHE_BYTES_PER_ENTRY = 128;

  private final List<TokenizerSpec> specs;
  private final int batchSize;
  private final boolean pretokenCache;
  private final TokenHistograms histograms;
  private final PhaseTimers timers;

  CountTokens(
      List<TokenizerSpec> specs,
      int batchSize,
      boolean pretokenCache,
      TokenHistograms histograms,
      PhaseTimers timers) {
    this.specs = specs;
    this.batchSize = batchSize;
    this.pretokenCache = pretokenCache;
    this.histograms = histograms;
    this.timers = timers;
  }

  @Override
  public InputSchema inputSchema() {
    return INPUT;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> docs) {
    // Tokens per word, per tokenizer file, shared by every task of the executor JVM (held by its
    // resources):
    // word frequencies are Zipfian, so a cache that outlives one partition removes most of the
    // per-word
    // encoding. The value for a word never changes, so concurrent tasks may race on filling it
    // without harm.
    TaskLeases leases = TaskLeases.forCurrentTask();
    List<HfTokenizer> tokenizers = new ArrayList<>();
    List<Map<String, Integer>> wordCaches = new ArrayList<>();
    List<Optional<PretokenCache>> pretokenCaches = new ArrayList<>();
    for (TokenizerSpec s : specs) {
      tokenizers.add(leases.add(HfTokenizer.lease(Paths.get(s.path()))).get());
      pretokenCaches.add(pretokenCache ? pretokenCache(leases, s) : Optional.empty());
      wordCaches.add(
          leases
              .add(
                  ExecutorResources.shared()
                      .<Map<String, Integer>>acquire(
                          "word-tokens:" + s.path(),
                          WORD_CACHE_LIMIT * WORD_CACHE_BYTES_PER_ENTRY,
                          java.util.concurrent.ConcurrentHashMap::new,
                          Map::clear))
              .get());
    }
    Map<String, IdCounter> partitionCounts = new HashMap<>();
    ArrayDeque<Row> ready = new ArrayDeque<>();
    return new Iterator<>() {
      private boolean flushed;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && docs.hasNext()) {
          long t0 = System.nanoTime();
          List<Row> batch = new ArrayList<>(batchSize);
          while (docs.hasNext() && batch.size() < batchSize) {
            batch.add(docs.next());
          }
          timers.add(PhaseTimers.Phase.READ, System.nanoTime() - t0);
          for (int t = 0; t < specs.size(); t++) {
            countBatch(
                specs.get(t).name(),
                tokenizers.get(t),
                pretokenCaches.get(t),
                wordCaches.get(t),
                batch,
                partitionCounts,
                ready,
                timers);
          }
        }
        if (ready.isEmpty() && !flushed) {
          flushed = true;
          Map<String, IdCounts> counts = new HashMap<>();
          partitionCounts.forEach((k, c) -> counts.put(k, c.toIdCounts()));
          histograms.add(new TokenHistograms.Partition(TaskContext.getPartitionId(), counts));
          leases.close();
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  /**
   * The executor's pretoken cache of a tokenizer file, empty when the file is not one it serves.
   */
  private static Optional<PretokenCache> pretokenCache(TaskLeases leases, TokenizerSpec spec) {
    Path file = HfTokenizer.resolveFile(Paths.get(spec.path()));
    return leases
        .add(
            ExecutorResources.shared()
                .<Optional<PretokenCache>>acquire(
                    "pretoken-ids:" + file,
                    PRETOKEN_CACHE_LIMIT * PretokenCache.BYTES_PER_ENTRY,
                    () -> PretokenCache.forFile(file, PRETOKEN_CACHE_LIMIT),
                    c -> {}))
        .get();
  }

  private static void countBatch(
      String name,
      HfTokenizer tokenizer,
      Optional<PretokenCache> pretokenCache,
      Map<String, Integer> wordCache,
      List<Row> batch,
      Map<String, IdCounter> partitionCounts,
      ArrayDeque<Row> out,
      PhaseTimers timers) {
    long t0 = System.nanoTime();
    if (wordCache.size() > WORD_CACHE_LIMIT) {
      wordCache.clear();
    }
    List<String> texts = new ArrayList<>(batch.size());
    // Tokens per word, per row: the cached count, or -(1 + i) for the i-th word this batch sees
    // first. Words are
    // read from the shared cache once each, so a concurrent clear of it cannot lose one.
    int[][] perWord = new int[batch.size()][];
    List<String> newWords = new ArrayList<>();
    Map<String, Integer> newIndex = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      Row r = batch.get(i);
      texts.add(r.<String>getAs("text"));
      List<String> words = RowValues.list(r, "words");
      int[] counts = new int[words.size()];
      for (int w = 0; w < counts.length; w++) {
        String word = words.get(w);
        Integer n = wordCache.get(word);
        if (n == null) {
          n =
              -1
                  - newIndex.computeIfAbsent(
                      word,
                      k -> {
                        newWords.add(k);
                        return newWords.size() - 1;
                      });
        }
        counts[w] = n;
      }
      perWord[i] = counts;
    }
    long t1 = System.nanoTime();
    int[][] ids =
        pretokenCache.isPresent()
            ? pretokenCache.get().encode(tokenizer, texts)
            : tokenizer.encode(texts);
    long t2 = System.nanoTime();
    if (!newWords.isEmpty()) {
      int[] wordTokens =
          pretokenCache.isPresent()
              ? pretokenCache.get().tokenCounts(tokenizer, newWords)
              : tokenizer.tokenCounts(newWords);
      for (int k = 0; k < wordTokens.length; k++) {
        wordCache.put(newWords.get(k), wordTokens[k]);
      }
      for (int[] counts : perWord) {
        for (int w = 0; w < counts.length; w++) {
          if (counts[w] < 0) {
            counts[w] = wordTokens[-1 - counts[w]];
          }
        }
      }
    }
    long t3 = System.nanoTime();
    timers.add(PhaseTimers.Phase.WORDS, (t1 - t0) + (t3 - t2));
    timers.add(PhaseTimers.Phase.ENCODE, t2 - t1);
    int unk = tokenizer.unkId();
    for (int i = 0; i < batch.size(); i++) {
      Row r = batch.get(i);
      String corpus = r.getAs("corpus");
      String lang = r.getAs("lang");
      String script = r.getAs("script");
      IdCounter used =
          partitionCounts.computeIfAbsent(
              TokenHistograms.key(name, corpus, lang, script), k -> new IdCounter());
      long nUnk = 0;
      for (int id : ids[i]) {
        used.add(id);
        if (id == unk) {
          nUnk++;
        }
      }
      WordTokenCounts wc = WordTokenCounts.of(perWord[i]);
      out.add(
          TableRow.of(OUTPUT)
              .set("tokenizer", name)
              .set("id", r.getAs("id"))
              .set("corpus", corpus)
              .set("lang", lang)
              .set("script", script)
              .set("align_id", r.getAs("align_id"))
              .set("n_bytes", r.<Long>getAs("n_bytes"))
              .set("n_chars", r.<Long>getAs("n_chars"))
              .set("n_sentences", (long) r.<Integer>getAs("n_sentences"))
              .set("n_words", wc.words())
              .set("n_tokens", (long) ids[i].length)
              .set("n_unk", nUnk)
              .set("word_tokens", wc.wordTokens())
              .set("continued_words", wc.continuedWords())
              .build());
    }
    timers.add(PhaseTimers.Phase.ROWS, System.nanoTime() - t3);
  }
}
