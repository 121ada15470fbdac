package dev.lingualens.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.mixture.AttackTarget;
import dev.lingualens.common.mixture.PairCountHistory;
import dev.lingualens.common.mixture.WordCounter;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark helper for {@code scripts/bench/replay.sh} (not part of the pipeline): the two halves
 * of {@code merge-counts} for one category on one thread, at growing sample sizes: (1) word
 * counting (the tokenizer's normalisation and pre-tokenisation over the text, which the job spreads
 * over executors) and (2) the merge replay over the word table (one task per category in the job).
 * Texts are the JSONL records of the given languages ({@code all}: every record), in file order,
 * cut at each size; each size is timed best of N after a warm-up.
 *
 * <pre>
 * java ... ReplayBench --tokenizer=DIR|FILE --input=F.jsonl[,G.jsonl] --langs=en --mb=0.75,1.5,3
 *     --merges=30000 --repeat=3</pre>
 *
 * Prints one {@code BENCH} line per size.
 */
public final class ReplayBench {
  private ReplayBench() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a =
        new LinkedHashMap<>(
            Map.of("langs", "en", "mb", "0.75,1.5,3", "merges", "30000", "repeat", "3"));
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("arguments are --key=value, got " + arg);
      }
      a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    Path tokenizer = Paths.get(required(a, "tokenizer"));
    if (Files.isDirectory(tokenizer)) {
      tokenizer = tokenizer.resolve("tokenizer.json");
    }
    double[] sizesMb =
        Arrays.stream(a.get("mb").split(",")).mapToDouble(Double::parseDouble).sorted().toArray();
    List<String> langs = List.of(a.get("langs").split(","));
    int repeat = Integer.parseInt(a.get("repeat"));
    List<String> texts =
        read(required(a, "input"), langs, (long) (sizesMb[sizesMb.length - 1] * 1e6));
    AttackTarget target =
        AttackTarget.load(
            "bench",
            tokenizer,
            0,
            Integer.parseInt(a.get("merges")),
            true,
            AttackTarget.Whitespace.AUTO);

    run(target, texts, (long) (sizesMb[0] * 1e6)); // warm-up: JIT
    for (double mb : sizesMb) {
      long cap = (long) (mb * 1e6);
      double bestCount = Double.MAX_VALUE;
      double bestReplay = Double.MAX_VALUE;
      Result last = null;
      for (int i = 0; i < repeat; i++) {
        last = run(target, texts, cap);
        bestCount = Math.min(bestCount, last.countSeconds);
        bestReplay = Math.min(bestReplay, last.replaySeconds);
      }
      double realMb = last.bytes / 1e6;
      System.out.printf(
          "BENCH mb=%.3f words=%d distinct=%d applied_merges=%d count_s=%.3f replay_s=%.3f "
              + "count_s_per_mb=%.3f replay_s_per_mb=%.3f%n",
          realMb,
          last.words,
          last.distinct,
          last.applied,
          bestCount,
          bestReplay,
          bestCount / realMb,
          bestReplay / realMb);
    }
  }

  private record Result(
      long bytes,
      long words,
      int distinct,
      int applied,
      double countSeconds,
      double replaySeconds) {}

  private static Result run(AttackTarget target, List<String> texts, long cap) {
    long t0 = System.nanoTime();
    WordCounter counter = new WordCounter(target.preTokenization());
    long bytes = 0;
    for (String t : texts) {
      if (bytes >= cap) {
        break;
      }
      counter.add(t);
      bytes += t.getBytes(StandardCharsets.UTF_8).length;
    }
    Map<String, Long> words = counter.counts();
    long t1 = System.nanoTime();
    PairCountHistory h = target.replay("bench", words, bytes);
    long t2 = System.nanoTime();
    return new Result(
        bytes, h.words(), words.size(), h.appliedMerges(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }

  private static List<String> read(String inputs, List<String> langs, long maxBytes)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> texts = new ArrayList<>();
    long bytes = 0;
    for (String input : inputs.split(",")) {
      try (BufferedReader r = Files.newBufferedReader(Paths.get(input), StandardCharsets.UTF_8)) {
        for (String line = r.readLine(); line != null && bytes < maxBytes; line = r.readLine()) {
          JsonNode n = json.readTree(line);
          if (langs.contains("all") || langs.contains(n.path("lang").asText())) {
            String text = n.path("text").asText();
            texts.add(text);
            bytes += text.getBytes(StandardCharsets.UTF_8).length;
          }
        }
      }
    }
    if (bytes < maxBytes) {
      throw new IllegalArgumentException(
          String.format(
              "%s holds %.2f MB of %s text, fewer than the %.2f MB asked for",
              inputs, bytes / 1e6, langs, maxBytes / 1e6));
    }
    return texts;
  }

  private static String required(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }
}
