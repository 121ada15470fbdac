package dev.lingualens.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.mixture.TokenizerJson;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.common.text.PretokenCache;
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.tokens.TokenStatsSettings;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark helper for {@code scripts/bench/token-stats.sh} (not part of the pipeline).
 *
 * <pre>
 * raw       --documents DIR --tokenizer FILE [--batch-size N] [--warmup N] [--repeat N] [--dump FILE]
 *           [--words] [--cores N]
 *     Reads the documents table's text column once into memory (Spark local[cores]), optionally writes it
 *     as JSON lines ({"text": ...} per line, for the tiktoken script), then times only HfTokenizer.encode
 *     over batches of tokenstats.batch-size texts, on one thread, after warm-up passes. With --words it
 *     also replays token-stats' per-partition word pass (encode each batch's not-yet-seen words, cache
 *     per Spark partition) and times it separately: a profile of what the job does beyond the texts.
 * job-stats --output DIR --run-id ID [--tokenizer NAME]
 *     Reads one token-stats run's started_at / ended_at from DIR/runs and its token total from
 *     DIR/token_stats.
 * </pre>
 *
 * Prints {@code key=value} lines prefixed {@code BENCH } for the shell script to parse. Set
 * TOKENIZERS_PARALLELISM=false in the environment for a single-threaded encode: the Rust library
 * otherwise spreads a batch over its own thread pool.
 */
public final class RawTokenizerBench {
  /** As in CountTokens. */
  private static final int WORD_CACHE_LIMIT = 500_000;

  private RawTokenizerBench() {}

  public static void main(String[] argv) throws IOException {
    if (argv.length == 0) {
      usage("missing mode");
    }
    Map<String, String> opts = options(argv);
    switch (argv[0]) {
      case "raw" -> raw(opts);
      case "job-stats" -> jobStats(opts);
      default -> usage("unknown mode '" + argv[0] + "'");
    }
  }

  private record Doc(String text, List<String> words, int partition) {}

  private static void raw(Map<String, String> opts) throws IOException {
    Path documents = Paths.get(required(opts, "documents"));
    HfTokenizer tokenizer = HfTokenizer.load(Paths.get(required(opts, "tokenizer")));
    int batchSize =
        Integer.parseInt(
            opts.getOrDefault("batch-size", TokenStatsSettings.BATCH_SIZE.defaultValue()));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "1"));
    int repeat = Integer.parseInt(opts.getOrDefault("repeat", "1"));
    boolean words = opts.containsKey("words");
    int cores = Integer.parseInt(opts.getOrDefault("cores", "1"));

    long t0 = System.nanoTime();
    List<Doc> docs = load(documents, words, cores);
    long chars = 0;
    long bytes = 0;
    for (Doc d : docs) {
      chars += d.text().codePointCount(0, d.text().length());
      bytes += d.text().getBytes(StandardCharsets.UTF_8).length;
    }
    emit("load_seconds", seconds(System.nanoTime() - t0));
    emit("documents", docs.size());
    emit("chars", chars);
    emit("bytes", bytes);
    emit("batch_size", batchSize);
    emit("tokenizers_parallelism", String.valueOf(System.getenv("TOKENIZERS_PARALLELISM")));
    if (opts.containsKey("dump")) {
      dump(docs, Paths.get(opts.get("dump")));
    }

    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < docs.size(); i += batchSize) {
      batches.add(
          docs.subList(i, Math.min(docs.size(), i + batchSize)).stream().map(Doc::text).toList());
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int w = 0; w < warmup; w++) {
      long s = System.nanoTime();
      long tokens = textPass(tokenizer, batches);
      System.err.printf(
          Locale.ROOT,
          "[raw] warm-up pass %d: %d tokens in %.2f s%n",
          w + 1,
          tokens,
          seconds(System.nanoTime() - s));
    }
    double best = Double.MAX_VALUE;
    long tokens = 0;
    double threadCpu = 0;
    double processCpu = 0;
    for (int r = 0; r < repeat; r++) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long proc0 = processCpuNanos();
      long s = System.nanoTime();
      tokens = textPass(tokenizer, batches);
      double sec = seconds(System.nanoTime() - s);
      System.err.printf(
          Locale.ROOT,
          "[raw] timed pass %d: %d tokens in %.2f s (%.0f tokens/s)%n",
          r + 1,
          tokens,
          sec,
          tokens / sec);
      if (sec < best) {
        best = sec;
        threadCpu = seconds(threads.getCurrentThreadCpuTime() - cpu0);
        processCpu = seconds(processCpuNanos() - proc0);
      }
    }
    emit("tokens", tokens);
    emit("seconds", best);
    emit("tokens_per_s", tokens / best);
    emit("thread_cpu_seconds", threadCpu);
    emit("process_cpu_seconds", processCpu);

    cachedPass(tokenizer, batches, warmup);
    if (words) {
      wordProfile(tokenizer, docs, batchSize);
    }
  }

  /**
   * The same texts through token-stats' {@link PretokenCache}, one thread, starting from an empty
   * cache as every executor does (the warm-up passes fill caches of their own): how much of (b)'s
   * work the cache removes. Prints nothing for tokenizers it does not serve.
   */
  private static void cachedPass(HfTokenizer tokenizer, List<List<String>> batches, int warmup) {
    TokenizerJson json = TokenizerJson.read(tokenizer.file());
    if (PretokenCache.of(json, 1).isEmpty()) {
      return;
    }
    for (int w = 0; w < warmup; w++) {
      cachedTextPass(PretokenCache.of(json, Integer.MAX_VALUE).orElseThrow(), tokenizer, batches);
    }
    PretokenCache empty = PretokenCache.of(json, Integer.MAX_VALUE).orElseThrow();
    long s = System.nanoTime();
    long tokens = cachedTextPass(empty, tokenizer, batches);
    double sec = seconds(System.nanoTime() - s);
    emit("cached_tokens", tokens);
    emit("cached_seconds", sec);
    emit("cached_tokens_per_s", tokens / sec);
  }

  private static long cachedTextPass(
      PretokenCache cache, HfTokenizer tokenizer, List<List<String>> batches) {
    long tokens = 0;
    for (List<String> batch : batches) {
      for (int[] ids : cache.encode(tokenizer, batch)) {
        tokens += ids.length;
      }
    }
    return tokens;
  }

  private static long textPass(HfTokenizer tokenizer, List<List<String>> batches) {
    long tokens = 0;
    for (List<String> batch : batches) {
      for (int[] ids : tokenizer.encode(batch)) {
        tokens += ids.length;
      }
    }
    return tokens;
  }

  /**
   * What CountTokens does per batch, minus the row building: encode the texts, then the batch's
   * words not yet in this partition's cache. Each part timed on its own, both through the native
   * encode: the job sends byte-level files' texts and words through its pretoken cache instead,
   * whose own cost line (b2) shows.
   */
  private static void wordProfile(HfTokenizer tokenizer, List<Doc> docs, int batchSize) {
    long textNanos = 0;
    long wordNanos = 0;
    long bookkeepingNanos = 0;
    long encodedWords = 0;
    long wordOccurrences = 0;
    Map<String, Integer> cache = new HashMap<>();
    int partition = Integer.MIN_VALUE;
    int i = 0;
    while (i < docs.size()) {
      if (docs.get(i).partition() != partition) {
        partition = docs.get(i).partition();
        cache = new HashMap<>();
      }
      if (cache.size() > WORD_CACHE_LIMIT) {
        cache.clear();
      }
      List<Doc> batch = new ArrayList<>(batchSize);
      while (i < docs.size() && batch.size() < batchSize && docs.get(i).partition() == partition) {
        batch.add(docs.get(i++));
      }
      long s = System.nanoTime();
      List<String> texts = new ArrayList<>(batch.size());
      Set<String> newWords = new LinkedHashSet<>();
      for (Doc d : batch) {
        texts.add(d.text());
        for (String w : d.words()) {
          wordOccurrences++;
          if (!cache.containsKey(w)) {
            newWords.add(w);
          }
        }
      }
      long s1 = System.nanoTime();
      tokenizer.encode(texts);
      long s2 = System.nanoTime();
      List<String> ws = new ArrayList<>(newWords);
      int[][] ids = ws.isEmpty() ? new int[0][] : tokenizer.encode(ws);
      long s3 = System.nanoTime();
      for (int k = 0; k < ws.size(); k++) {
        cache.put(ws.get(k), ids[k].length);
      }
      for (Doc d : batch) {
        for (String w : d.words()) {
          cache.get(w);
        }
      }
      long s4 = System.nanoTime();
      textNanos += s2 - s1;
      wordNanos += s3 - s2;
      bookkeepingNanos += (s1 - s) + (s4 - s3);
      encodedWords += ws.size();
    }
    emit("profile_text_seconds", seconds(textNanos));
    emit("profile_word_seconds", seconds(wordNanos));
    emit("profile_bookkeeping_seconds", seconds(bookkeepingNanos));
    emit("profile_word_occurrences", wordOccurrences);
    emit("profile_words_encoded", encodedWords);
    emit("profile_partitions", docs.stream().mapToInt(Doc::partition).distinct().count());
  }

  private static List<Doc> load(Path documents, boolean withWords, int cores) {
    SparkSession spark = session(cores);
    try {
      Dataset<Row> df = spark.read().parquet(documents.toString());
      List<Row> rows =
          (withWords
                  ? df.select(col("text"), col("words"), spark_partition_id().as("p"))
                  : df.select(col("text"), spark_partition_id().as("p")))
              .collectAsList();
      List<Doc> docs = new ArrayList<>(rows.size());
      for (Row r : rows) {
        docs.add(
            new Doc(
                r.getAs("text"),
                withWords ? RowValues.list(r, "words") : List.of(),
                r.<Integer>getAs("p")));
      }
      return docs;
    } finally {
      spark.stop();
    }
  }

  private static void dump(List<Doc> docs, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    ObjectMapper json = new ObjectMapper();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      for (Doc d : docs) {
        out.write(json.writeValueAsBytes(Map.of("text", d.text())));
        out.write('\n');
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    emit("dump", file.toString());
  }

  private static void jobStats(Map<String, String> opts) {
    String output = required(opts, "output");
    String runId = required(opts, "run-id");
    // Without a tokenizer, only the runs row (any job, e.g. ingest).
    String tokenizer = opts.get("tokenizer");
    SparkSession spark = session(1);
    try {
      List<Row> runs =
          spark
              .read()
              .parquet(Paths.get(output, "runs").toString())
              .filter(col("run_id").equalTo(runId))
              .select("status", "started_at", "ended_at", "counters_json")
              .collectAsList();
      if (runs.size() != 1) {
        throw new IllegalStateException(
            "expected one run " + runId + " in " + output + "/runs, found " + runs.size());
      }
      Row run = runs.get(0);
      Timestamp started = run.getAs("started_at");
      Timestamp ended = run.getAs("ended_at");
      emit("status", run.<String>getAs("status"));
      emit("started_at", started.toInstant().toString());
      emit("ended_at", ended.toInstant().toString());
      emit("seconds", (ended.getTime() - started.getTime()) / 1000.0);
      emit("counters", run.<String>getAs("counters_json"));
      if (tokenizer == null) {
        return;
      }
      Row totals =
          spark
              .read()
              .parquet(Paths.get(output, "token_stats").toString())
              .filter(col("tokenizer").equalTo(tokenizer))
              .selectExpr(
                  "cast(sum(tokens) as bigint) AS tokens",
                  "cast(sum(documents) as bigint) AS documents",
                  "cast(sum(bytes) as bigint) AS bytes")
              .first();
      emit("tokens", RowValues.longOr(totals, "tokens", 0));
      emit("documents", RowValues.longOr(totals, "documents", 0));
      emit("bytes", RowValues.longOr(totals, "bytes", 0));
    } finally {
      spark.stop();
    }
  }

  private static SparkSession session(int cores) {
    return SparkSession.builder()
        .appName("lingualens bench")
        .master("local[" + cores + "]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate();
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static Map<String, String> options(String[] argv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 1; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) {
        usage("unexpected argument '" + a + "'");
      }
      String body = a.substring(2);
      int eq = body.indexOf('=');
      if (eq >= 0) {
        m.put(body.substring(0, eq), body.substring(eq + 1));
      } else if (body.equals("words")) {
        m.put(body, "true");
      } else if (i + 1 < argv.length) {
        m.put(body, argv[++i]);
      } else {
        usage("option --" + body + " needs a value");
      }
    }
    return m;
  }

  private static String required(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null || v.isBlank()) {
      usage("missing --" + key);
    }
    return v;
  }

  private static void usage(String problem) {
    System.err.println(
        "RawTokenizerBench: "
            + problem
            + "\nusage: RawTokenizerBench raw --documents DIR --tokenizer FILE "
            + "[--batch-size N] [--warmup N] [--repeat N] [--dump FILE] [--words] [--cores N]\n"
            + "       RawTokenizerBench job-stats --output DIR --run-id ID [--tokenizer NAME]");
    System.exit(2);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void emit(String key, Object value) {
    if (value instanceof Double d) {
      System.out.printf(Locale.ROOT, "BENCH %s=%.6f%n", key, d);
    } else {
      System.out.println("BENCH " + key + "=" + value);
    }
    System.out.flush();
  }
}
