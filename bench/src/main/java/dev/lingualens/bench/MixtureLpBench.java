package dev.lingualens.bench;

import dev.lingualens.common.mixture.AttackTarget;
import dev.lingualens.common.mixture.BpeTrainer;
import dev.lingualens.common.mixture.ByteShares;
import dev.lingualens.common.mixture.LazyMixtureSolver;
import dev.lingualens.common.mixture.Merge;
import dev.lingualens.common.mixture.MergeReplay;
import dev.lingualens.common.mixture.MixtureProblem;
import dev.lingualens.common.mixture.MixtureSolution;
import dev.lingualens.common.mixture.PairCountHistory;
import dev.lingualens.common.mixture.PreTokenization;
import dev.lingualens.common.mixture.SolverEpoch;
import dev.lingualens.common.mixture.WordCounter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Benchmark helper for {@code scripts/bench/mixture-lp.sh} (not part of the pipeline): the mixture
 * LP (methods.md 3.4) alone, on instances built from the man pages installed on this machine (one
 * category per language folder, troff source with the request lines dropped), at several depths T,
 * under several solver settings. Two kinds of instance:
 *
 * <ul>
 *   <li>{@code --tokenizer=DIR|FILE}: a real tokenizer's first T cleaned merges, attacked with each
 *       category's text;
 *   <li>{@code --train-mb=X}: a byte-level BPE trained (our trainer) on X MB per category of the
 *       first half of each category's text, T = the largest --merges; attacked with the second half
 *       (prints log10 MSE in bytes against the known training mixture, equal weights).
 * </ul>
 *
 * <pre>java ... MixtureLpBench --man=/usr/share/man --langs=man1,fr,de --mb=1 --merges=1000,3000
 *     --solvers=default,paper [--tokenizer=DIR | --train-mb=2] [--time-limit=600]</pre>
 *
 * Prints one {@code BENCH} line per (T, solver) with the LP's epochs, rows, GLOP iterations and
 * seconds.
 */
public final class MixtureLpBench {
  private MixtureLpBench() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a =
        new LinkedHashMap<>(
            Map.of(
                "man",
                "/usr/share/man",
                "langs",
                "man1,fr,de,sv,pt,nl,uk,it,ja,pl",
                "mb",
                "1",
                "merges",
                "1000,3000",
                "solvers",
                "default,paper",
                "time-limit",
                "0",
                "train-mb",
                "0",
                "max-epochs",
                "100000"));
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("arguments are --key=value, got " + arg);
      }
      a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    List<String> langs = List.of(a.get("langs").split(","));
    int[] depths =
        Arrays.stream(a.get("merges").split(",")).mapToInt(Integer::parseInt).sorted().toArray();
    int maxT = depths[depths.length - 1];
    long estimateBytes = (long) (Double.parseDouble(a.get("mb")) * 1e6);
    long trainBytes = (long) (Double.parseDouble(a.get("train-mb")) * 1e6);
    double timeLimit = Double.parseDouble(a.get("time-limit"));

    PreTokenization pre;
    List<Merge> merges;
    int offset = 0;
    AttackTarget target = null;
    if (a.containsKey("tokenizer")) {
      Path tok = Paths.get(a.get("tokenizer"));
      if (Files.isDirectory(tok)) {
        tok = tok.resolve("tokenizer.json");
      }
      target = AttackTarget.load("bench", tok, 0, maxT, true, AttackTarget.Whitespace.AUTO);
      pre = target.preTokenization();
      merges = target.merges();
    } else {
      pre = PreTokenization.gpt2WithDigitRuns();
      merges = null;
    }
    long t0 = System.nanoTime();
    List<WordCounter> estimates = new ArrayList<>();
    WordCounter training = new WordCounter(pre);
    double[] trained = new double[langs.size()];
    for (String lang : langs) {
      List<String> texts = read(Paths.get(a.get("man"), lang), trainBytes + estimateBytes);
      WordCounter est = new WordCounter(pre);
      long used = 0;
      for (String t : texts) {
        long b = t.getBytes(StandardCharsets.UTF_8).length;
        if (trainBytes > 0 && used < trainBytes) {
          training.add(t);
          trained[estimates.size()] += b;
        } else {
          est.add(t);
        }
        used += b;
      }
      estimates.add(est);
    }
    double[] truth = null;
    if (merges == null) {
      merges = BpeTrainer.train(training.counts(), maxT, 1);
      double total = Arrays.stream(trained).sum();
      truth =
          Arrays.stream(trained)
              .map(x -> x / total)
              .toArray(); // ≈ equal, up to the cut at a text boundary
    }
    System.err.printf(
        "[bench] %d categories, %.1f s to read%s%n",
        langs.size(),
        (System.nanoTime() - t0) / 1e9,
        target == null ? " and train " + merges.size() + " merges" : "");
    for (int T : depths) {
      long r0 = System.nanoTime();
      List<Merge> attacked = merges.subList(offset, Math.min(merges.size(), offset + T));
      List<PairCountHistory> histories = new ArrayList<>();
      for (int i = 0; i < langs.size(); i++) {
        WordCounter c = estimates.get(i);
        histories.add(
            MergeReplay.replay(
                langs.get(i),
                c.counts(),
                c.bytes(),
                merges.subList(0, offset + attacked.size()),
                offset,
                attacked.size()));
      }
      MixtureProblem problem = new MixtureProblem(histories, attacked);
      double replaySeconds = (System.nanoTime() - r0) / 1e9;
      for (String name : a.get("solvers").split(",")) {
        LazyMixtureSolver.Options o =
            switch (name) {
              case "default" -> LazyMixtureSolver.Options.defaults();
              case "paper" -> LazyMixtureSolver.Options.paper();
              case "full-keep" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 0, 0, true, 0, 0);
              case "full-cold" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 0, 0, false, 0, 0);
              case "all-rows-warm" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 2, 0, true, 0, 0);
              case "drop1" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 1, 0, false, 0, 0);
              case "drop5" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 5, 0, false, 0, 0);
              case "batch1" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 1, Integer.MAX_VALUE, 10_000, 2, 0, false, 0, 0);
              case "batch100" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 100, Integer.MAX_VALUE, 10_000, 2, 0, false, 0, 0);
              case "all-rows" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 2, 0, false, 0, 0);
              case "worst2000" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 2, 0, false, 2000, 0);
              case "worst5000" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 2, 0, false, 5000, 0);
              case "worst2000-warm" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 2, 0, true, 2000, 0);
              case "batch1-warm" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 1, Integer.MAX_VALUE, 10_000, 2, 0, true, 0, 0);
              case "batch3-warm" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 3, Integer.MAX_VALUE, 10_000, 2, 0, true, 0, 0);
              case "keep-warm" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 0, 0, true, 0, 0);
              case "per-pair-drop10" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 10, 0, true, 0, 10);
              case "per-pair5-drop5" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 5, 0, true, 0, 5);
              case "per-pair-keep" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 0, 0, true, 0, 10);
              case "per-pair-drop2" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 2, 0, true, 0, 10);
              case "per-pair30-drop5" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 5, 0, true, 0, 30);
              case "per-pair3" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 2, 0, true, 0, 3);
              case "per-pair30" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 2, 0, true, 0, 30);
              case "worst500" ->
                  new LazyMixtureSolver.Options(
                      1e-6, 10, Integer.MAX_VALUE, 10_000, 2, 0, false, 500, 0);
              default -> throw new IllegalArgumentException("unknown solver setting " + name);
            };
        o = o.withMaxEpochs(Integer.parseInt(a.get("max-epochs"))).withTimeLimit(timeLimit);
        long s0 = System.nanoTime();
        MixtureSolution s = LazyMixtureSolver.solve(problem, o);
        double seconds = (System.nanoTime() - s0) / 1e9;
        double scan = 0;
        double solve = 0;
        long iterations = 0;
        int maxRows = 0;
        for (SolverEpoch e : s.trace()) {
          scan += e.scanSeconds();
          solve += e.solveSeconds();
          iterations += e.iterations();
          maxRows = Math.max(maxRows, e.totalConstraints());
        }
        String mse = "";
        if (truth != null) {
          double[] beta =
              ByteShares.fromPairShares(
                  s.alpha(),
                  histories.stream().mapToLong(PairCountHistory::bytes).toArray(),
                  histories.stream().mapToLong(PairCountHistory::totalPairs).toArray());
          double sq = 0;
          for (int i = 0; i < beta.length; i++) {
            sq += (beta[i] - truth[i]) * (beta[i] - truth[i]);
          }
          mse = String.format(" log10_mse=%.2f", Math.log10(sq / beta.length));
        }
        System.out.printf(
            "BENCH T=%d n=%d solver=%s converged=%s seconds=%.2f epochs=%d scan_s=%.2f solve_s=%.2f"
                + " iterations=%d rows_found=%d max_live_rows=%d objective=%.9g lower=%.9g upper=%.9g replay_s=%.2f%s"
                + " alpha=%s%n",
            attacked.size(),
            langs.size(),
            name,
            s.converged(),
            seconds,
            s.trace().size(),
            scan,
            solve,
            iterations,
            s.constraints().size(),
            maxRows,
            s.objective(),
            s.lowerBound(),
            s.upperBound(),
            replaySeconds,
            mse,
            Arrays.toString(
                Arrays.stream(s.alpha()).map(x -> Math.round(x * 1e6) / 1e6).toArray()));
      }
    }
  }

  /**
   * Troff sources under dir (gzipped or not), request lines and font escapes dropped, up to
   * maxBytes.
   */
  static List<String> read(Path dir, long maxBytes) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    List<String> texts = new ArrayList<>();
    long bytes = 0;
    for (Path f : files) {
      if (bytes >= maxBytes) {
        break;
      }
      StringBuilder b = new StringBuilder();
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  f.toString().endsWith(".gz")
                      ? new GZIPInputStream(Files.newInputStream(f))
                      : Files.newInputStream(f),
                  StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.startsWith(".") || line.startsWith("'")) {
            continue;
          }
          b.append(line.replaceAll("\\\\f[BIRP]|\\\\-|\\\\\\(..|\\\\&", "")).append('\n');
        }
      } catch (IOException e) {
        continue; // not gzip / unreadable: skip
      }
      String text = b.toString();
      texts.add(text);
      bytes += text.getBytes(StandardCharsets.UTF_8).length;
    }
    return texts;
  }
}
