import dev.lingualens.common.text.HfTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.*;
import java.util.*;

/**
 * Is the tokenizer slower when two threads share one instance? Encodes a JSON-lines dump of texts
 * ({"text": ...} per line, as token-stats.sh writes it) in batches of 256, alternate batches on two
 * threads, with one shared instance or two; or on one thread. Run with TOKENIZERS_PARALLELISM=false:
 * java -cp <bench class path> TwoThreads TEXTS.jsonl tokenizer.json shared|two-instances|one-thread
 * [shuffled] [words] (docs/benchmarks.md, "At rest (issue 16, 2026-12-05)").
 */
public class TwoThreads {
  public static void main(String[] a) throws Exception {
    ObjectMapper om = new ObjectMapper();
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(Paths.get(a[0]))) texts.add(om.readTree(line).get("text").asText());
    Path tok = Paths.get(a[1]);
    String mode = a[2];
    boolean withWords = Arrays.asList(a).contains("words");
    Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    if (Arrays.asList(a).contains("shuffled")) {
      Collections.shuffle(texts, new Random(1)); // the job's hash shuffle mixes languages in a batch
    }
    HfTokenizer shared = HfTokenizer.load(tok);
    HfTokenizer second = mode.equals("two-instances") ? HfTokenizer.load(tok) : shared;
    int threads = mode.equals("one-thread") ? 1 : 2;
    long t0 = System.nanoTime();
    List<Thread> ts = new ArrayList<>();
    long[] tokens = new long[threads];
    for (int k = 0; k < threads; k++) {
      final int kk = k;
      final HfTokenizer tk = k == 0 ? shared : second;
      Thread t = new Thread(() -> {
        for (int i = kk * 256; i < texts.size(); i += 256 * threads) {
          List<String> batch = texts.subList(i, Math.min(texts.size(), i + 256));
          for (int[] ids : tk.encode(batch)) tokens[kk] += ids.length;
          if (withWords) { // the job's word pass: each batch's words not seen before, encoded one by one
            List<String> fresh = new ArrayList<>();
            for (String text : batch) {
              for (String w : text.split("\\s+")) {
                if (!w.isEmpty() && seen.add(w)) fresh.add(w);
              }
            }
            tk.tokenCounts(fresh);
          }
        }
      });
      ts.add(t); t.start();
    }
    for (Thread t : ts) t.join();
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("mode=%s threads=%d tokens=%d seconds=%.1f tokens/s/thread=%.0f%n", mode, threads, tokens[0] + (threads > 1 ? tokens[1] : 0), s, (tokens[0] + (threads > 1 ? tokens[1] : 0)) / s / threads);
  }
}
