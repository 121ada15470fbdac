package dev.lingualens.bench;

import dev.lingualens.common.model.ForwardRequest;
import dev.lingualens.common.model.HookPoints;
import dev.lingualens.common.model.LogitLens;
import dev.lingualens.common.model.ModelOptions;
import dev.lingualens.common.model.TokenBatch;
import dev.lingualens.common.model.TransformerModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benchmark helper for {@code scripts/bench/latent.sh} (not part of the pipeline): prompts/s of the
 * logit lens against plain forward passes of the same model and batch.
 *
 * <pre>
 * LatentLensBench --model DIR [--batch 8] [--seq 64] [--candidates 60] [--top-k 5] [--passes 5] [--rounds 3]
 * </pre>
 *
 * Modes, interleaved within each round so a slow patch of a shared machine hits all of them:
 *
 * <ul>
 *   <li>{@code hidden}: the forward up to the final norm, no unembedding (a no-op reducer on {@code
 *       last_hidden_state}): the least any lens must pay.
 *   <li>{@code logits}: the full forward with the unembedding at every position (no-op reducer on
 *       {@code logits}): what a plain next-token forward of our runtime costs.
 *   <li>{@code lens}: {@link LogitLens#run} at each row's last position, every lens layer, {@code
 *       --candidates} candidate tokens per prompt and the top-k, copied to the host.
 * </ul>
 */
public final class LatentLensBench {
  public static void main(String[] args) {
    Path model = null;
    int batch = 8;
    int seq = 64;
    int candidates = 60;
    int topK = 5;
    int passes = 5;
    int rounds = 3;
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--model" -> model = Path.of(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--seq" -> seq = Integer.parseInt(v);
        case "--candidates" -> candidates = Integer.parseInt(v);
        case "--top-k" -> topK = Integer.parseInt(v);
        case "--passes" -> passes = Integer.parseInt(v);
        case "--rounds" -> rounds = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (model == null) {
      throw new IllegalArgumentException("--model DIR is required");
    }
    try (TransformerModel m = TransformerModel.load(model, ModelOptions.cpu())) {
      int vocab = m.config().vocabSize();
      SplittableRandom random = new SplittableRandom(7);
      List<long[]> rows = new ArrayList<>();
      int[] positions = new int[batch];
      int[][] cands = new int[batch][candidates];
      for (int b = 0; b < batch; b++) {
        long[] ids = new long[seq];
        for (int t = 0; t < seq; t++) {
          ids[t] = random.nextInt(vocab);
        }
        rows.add(ids);
        positions[b] = seq - 1;
        for (int k = 0; k < candidates; k++) {
          cands[b][k] = random.nextInt(vocab);
        }
      }
      TokenBatch tokens = TokenBatch.of(rows, 0);
      ForwardRequest hidden =
          new ForwardRequest().reduce(HookPoints.LAST_HIDDEN, (name, value, mask) -> {});
      ForwardRequest logits =
          new ForwardRequest().reduce(HookPoints.LOGITS, (name, value, mask) -> {});
      Runnable[] modes = {
        () -> m.forward(tokens, hidden),
        () -> m.forward(tokens, logits),
        () -> LogitLens.run(m, tokens, positions, cands, 5)
      };
      String[] names = {"hidden", "logits", "lens"};
      for (Runnable mode : modes) {
        mode.run(); // warm-up
      }
      // With one libtorch thread every op runs on this thread, so its CPU time is the pass's work,
      // steady on a loaded machine where wall time is not.
      java.lang.management.ThreadMXBean threads =
          java.lang.management.ManagementFactory.getThreadMXBean();
      double[][] seconds = new double[3][rounds * passes];
      double[][] cpu = new double[3][rounds * passes];
      for (int r = 0; r < rounds; r++) {
        for (int p = 0; p < passes; p++) {
          for (int mode = 0; mode < 3; mode++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            modes[mode].run();
            seconds[mode][r * passes + p] = (System.nanoTime() - t0) / 1e9;
            cpu[mode][r * passes + p] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
          }
        }
      }
      System.out.printf(
          "model %s: %d layers, hidden %d, vocab %d; batch %d x %d tokens; %d candidates, top-%d%n",
          model.getFileName(),
          m.config().layers(),
          m.config().hiddenSize(),
          vocab,
          batch,
          seq,
          candidates,
          topK);
      double[] median = new double[3];
      double[] medianCpu = new double[3];
      for (int mode = 0; mode < 3; mode++) {
        double[] s = seconds[mode].clone();
        Arrays.sort(s);
        median[mode] = s[s.length / 2];
        double[] c = cpu[mode].clone();
        Arrays.sort(c);
        medianCpu[mode] = c[c.length / 2];
        System.out.printf(
            "%-7s wall median %.4f s/batch  %.2f prompts/s  (min %.4f, max %.4f);"
                + " calling thread's CPU median %.4f s%n",
            names[mode],
            median[mode],
            batch / median[mode],
            s[0],
            s[s.length - 1],
            medianCpu[mode]);
      }
      System.out.printf(
          "wall: lens / hidden = %.3f, lens / logits = %.3f; calling thread's CPU (the whole work with"
              + " one libtorch thread): lens / hidden = %.3f, lens / logits = %.3f (medians of %d passes)%n",
          median[2] / median[0],
          median[2] / median[1],
          medianCpu[2] / medianCpu[0],
          medianCpu[2] / medianCpu[1],
          rounds * passes);
    }
  }
}
