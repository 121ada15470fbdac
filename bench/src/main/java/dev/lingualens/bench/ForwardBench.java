package dev.lingualens.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.model.ForwardRequest;
import dev.lingualens.common.model.HookPoints;
import dev.lingualens.common.model.HookReducer;
import dev.lingualens.common.model.HostTensor;
import dev.lingualens.common.model.ModelOptions;
import dev.lingualens.common.model.TokenBatch;
import dev.lingualens.common.model.TransformerModel;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark helper for {@code scripts/bench/forward.sh} (not part of the pipeline): tokens/s of
 * {@link TransformerModel#forward} on one fixed batch.
 *
 * <pre>
 * ForwardBench --model DIR --ids FILE [--warmup 2] [--passes 5] [--modes logits,count,hidden]
 *              [--threads N] [--interop-threads N] [--json-out FILE] [--dump-hidden FILE] [--dump-counts FILE]
 *              [--profile]
 * </pre>
 *
 * The ids file is {@code make_bench_model.py --ids-out}'s JSON; every row is full length (no
 * padding). Modes (forward_torch.py runs the same work under the same names):
 *
 * <ul>
 *   <li>{@code logits}: the full forward including the unembedding. Logits are only computed when a
 *       request wants them, so the request is {@code capture()} plus a reducer on {@code logits}
 *       that does nothing: the lm_head matmul runs, nothing is copied to the host.
 *   <li>{@code count}: {@code logits} plus a reducer on every layer's {@code mlp.hook_pre} that
 *       adds {@code (pre > 0) & mask} summed over batch and tokens into an int64 [F] counter per
 *       layer, in place ({@code addi}), counters allocated once outside the pass.
 *   <li>{@code hidden}: {@code capture(last_hidden_state)}: no unembedding; the [B,T,D] result is
 *       copied to the Java heap (part of what a caller of this API pays).
 *   <li>{@code gemm}: no forward: only the pass's matmuls (q, k, v, o, gate, up, down per layer,
 *       lm_head) as {@code Linear.linear} on random fp32 weights of the model's shapes; isolates
 *       the GEMM library.
 * </ul>
 *
 * Threads: the PyTorch engine reads {@code ai.djl.pytorch.num_threads} / {@code
 * num_interop_threads} when it starts; {@code --threads} / {@code --interop-threads} set them
 * before the engine is touched (a -D on the command line wins). {@code --profile} runs one extra
 * pass per mode with a timestamping reducer on every hook point (the model computes them all
 * anyway) and prints the wall time and the calling thread's CPU time spent between consecutive
 * hooks, summed over layers (with one intra-op thread libtorch runs every op on the calling thread,
 * so its CPU time is the op's). Each timed pass also records the process CPU time and minor page
 * faults. Writes one JSON line per mode to --json-out; human lines go to stderr.
 */
public final class ForwardBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HookReducer NOTHING = (hook, value, mask) -> {};

  private ForwardBench() {}

  public static void main(String[] argv) throws IOException {
    Map<String, String> opts = options(argv);
    Path model = Paths.get(required(opts, "model"));
    Path idsFile = Paths.get(required(opts, "ids"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "2"));
    int passes = Integer.parseInt(opts.getOrDefault("passes", "5"));
    List<String> modes =
        Arrays.asList(opts.getOrDefault("modes", "logits,count,hidden").split(","));
    if (opts.containsKey("threads") && System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", opts.get("threads"));
    }
    if (opts.containsKey("interop-threads")
        && System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", opts.get("interop-threads"));
    }

    TokenBatch batch = readIds(idsFile);
    int tokens = batch.size() * batch.width();
    long t0 = System.nanoTime();
    try (TransformerModel m = TransformerModel.load(model, ModelOptions.cpu());
        NDManager state = NDManager.newBaseManager(Device.cpu())) {
      Engine engine = Engine.getEngine("PyTorch");
      System.err.printf(
          Locale.ROOT,
          "[ours] DJL %s, engine %s %s, threads %s intra / %s inter-op (properties), "
              + "%.1f M parameters loaded in %.1f s, batch %dx%d%n",
          Engine.getDjlVersion(),
          engine.getEngineName(),
          engine.getVersion(),
          System.getProperty("ai.djl.pytorch.num_threads", "default"),
          System.getProperty("ai.djl.pytorch.num_interop_threads", "default"),
          m.parameterCount() / 1e6,
          (System.nanoTime() - t0) / 1e9,
          batch.size(),
          batch.width());
      int layers = m.config().layers();
      int ffn = m.config().intermediateSize();

      if (opts.containsKey("dump-hidden")) {
        HostTensor h =
            m.forward(batch, ForwardRequest.capture(HookPoints.LAST_HIDDEN))
                .get(HookPoints.LAST_HIDDEN);
        ByteBuffer buf = ByteBuffer.allocate(h.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(h.data());
        Files.write(Paths.get(opts.get("dump-hidden")), buf.array());
      }
      if (opts.containsKey("dump-counts")) {
        NDArray[] counts = counters(state, layers, ffn);
        m.forward(batch, countingRequest(layers, counts));
        Map<String, Long> totals = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
          totals.put(String.valueOf(l), counts[l].sum().toLongArray()[0]);
        }
        Files.writeString(Paths.get(opts.get("dump-counts")), JSON.writeValueAsString(totals));
        for (NDArray c : counts) {
          c.close();
        }
      }

      Writer out =
          opts.containsKey("json-out")
              ? Files.newBufferedWriter(
                  Paths.get(opts.get("json-out")),
                  StandardCharsets.UTF_8,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.APPEND)
              : null;
      try {
        for (String mode : modes) {
          NDArray[] counts = mode.equals("count") ? counters(state, layers, ffn) : null;
          ForwardRequest request =
              switch (mode) {
                case "logits" -> ForwardRequest.capture().reduce(HookPoints.LOGITS, NOTHING);
                case "count" -> countingRequest(layers, counts).reduce(HookPoints.LOGITS, NOTHING);
                case "hidden" -> ForwardRequest.capture(HookPoints.LAST_HIDDEN);
                case "gemm" -> null;
                default ->
                    throw new IllegalArgumentException(
                        "unknown mode '" + mode + "': logits, count, hidden or gemm");
              };
          GemmChain gemm = request == null ? new GemmChain(state, m, batch) : null;
          Runnable pass = gemm != null ? gemm::run : () -> m.forward(batch, request);
          for (int w = 0; w < warmup; w++) {
            pass.run();
          }
          double[] secs = new double[passes];
          double[] cpus = new double[passes];
          long[] faults = new long[passes];
          for (int p = 0; p < passes; p++) {
            long f0 = minorFaults();
            long c0 = processCpuNanos();
            long s = System.nanoTime();
            pass.run();
            secs[p] = (System.nanoTime() - s) / 1e9;
            cpus[p] = (processCpuNanos() - c0) / 1e9;
            faults[p] = minorFaults() - f0;
          }
          double med = median(secs);
          System.err.printf(
              Locale.ROOT,
              "[ours]  %-6s: median %8.1f ms/pass, %8.1f tokens/s (min %.1f ms; cpu/wall %.2f; "
                  + "%d minor page faults/pass)%n",
              mode,
              med * 1e3,
              tokens / med,
              Arrays.stream(secs).min().orElse(0) * 1e3,
              Arrays.stream(cpus).sum() / Arrays.stream(secs).sum(),
              Arrays.stream(faults).sorted().toArray()[passes / 2]);
          if (out != null) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("side", "ours");
            rec.put("mode", mode);
            rec.put("tokens", tokens);
            rec.put("passes", passes);
            rec.put("seconds", secs);
            rec.put("cpu_seconds", cpus);
            rec.put("minor_faults", faults);
            out.write(JSON.writeValueAsString(rec) + "\n");
            out.flush();
          }
          if (gemm != null) {
            gemm.close();
          }
          if (opts.containsKey("profile") && request != null) {
            Map<String, Object> prof = profile(m, batch, request, mode);
            if (out != null) {
              out.write(JSON.writeValueAsString(prof) + "\n");
              out.flush();
            }
          }
          if (counts != null) {
            for (NDArray c : counts) {
              c.close();
            }
          }
        }
      } finally {
        if (out != null) {
          out.close();
        }
      }
    }
  }

  /**
   * Mode {@code gemm}: only the matmuls of a pass, as DJL {@code Linear.linear} calls of the
   * model's shapes on random fp32 weights (one layer's set, used for every layer, plus the
   * unembedding): q, k, v, o, gate, up, down per layer, then lm_head. Isolates the GEMM library
   * from everything else a forward does.
   */
  private static final class GemmChain implements AutoCloseable {
    private final NDManager manager;
    private final int layers;
    private final NDArray x;
    private final NDArray ctx;
    private final NDArray act;
    private final NDArray[] w;
    private final NDArray lm;

    GemmChain(NDManager parent, TransformerModel m, TokenBatch batch) {
      manager = parent.newSubManager();
      var c = m.config();
      layers = c.layers();
      long b = batch.size();
      long t = batch.width();
      long d = c.hiddenSize();
      long qd = (long) c.heads() * c.headDim();
      long kvd = (long) c.kvHeads() * c.headDim();
      long f = c.intermediateSize();
      x = manager.randomNormal(new ai.djl.ndarray.types.Shape(b, t, d));
      ctx = manager.randomNormal(new ai.djl.ndarray.types.Shape(b, t, qd));
      act = manager.randomNormal(new ai.djl.ndarray.types.Shape(b, t, f));
      w =
          new NDArray[] {
            manager.randomNormal(new ai.djl.ndarray.types.Shape(qd, d)),
            manager.randomNormal(new ai.djl.ndarray.types.Shape(kvd, d)),
            manager.randomNormal(new ai.djl.ndarray.types.Shape(kvd, d)),
            manager.randomNormal(new ai.djl.ndarray.types.Shape(d, qd)),
            manager.randomNormal(new ai.djl.ndarray.types.Shape(f, d)),
            manager.randomNormal(new ai.djl.ndarray.types.Shape(f, d)),
            manager.randomNormal(new ai.djl.ndarray.types.Shape(d, f))
          };
      lm = manager.randomNormal(new ai.djl.ndarray.types.Shape(c.vocabSize(), d));
    }

    void run() {
      try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
        scope.suppressNotUsedWarning();
        for (int l = 0; l < layers; l++) {
          for (int i = 0; i < 3; i++) {
            Linear.linear(x, w[i]).singletonOrThrow();
          }
          Linear.linear(ctx, w[3]).singletonOrThrow();
          Linear.linear(x, w[4]).singletonOrThrow();
          Linear.linear(x, w[5]).singletonOrThrow();
          Linear.linear(act, w[6]).singletonOrThrow();
        }
        Linear.linear(x, lm).singletonOrThrow();
      }
    }

    @Override
    public void close() {
      manager.close();
    }
  }

  private static NDArray[] counters(NDManager state, int layers, int ffn) {
    NDArray[] counts = new NDArray[layers];
    for (int l = 0; l < layers; l++) {
      counts[l] = state.zeros(new ai.djl.ndarray.types.Shape(ffn), DataType.INT64);
    }
    return counts;
  }

  /** counts[L] += ((mlp.hook_pre > 0) & mask).sum over batch and tokens, in place. */
  private static ForwardRequest countingRequest(int layers, NDArray[] counts) {
    ForwardRequest r = ForwardRequest.capture();
    for (int l = 0; l < layers; l++) {
      NDArray c = counts[l];
      r.reduce(
          HookPoints.mlpPre(l),
          (hook, value, mask) ->
              c.addi(value.gt(0).logicalAnd(mask.expandDims(-1).gt(0)).sum(new int[] {0, 1})));
    }
    return r;
  }

  /**
   * One pass with a timestamp at every hook (reducers chained in front of the request's own),
   * printing the time between consecutive hooks summed over layers, keyed by the later hook.
   */
  private static Map<String, Object> profile(
      TransformerModel m, TokenBatch batch, ForwardRequest base, String mode) {
    int layers = m.config().layers();
    List<String> order = new ArrayList<>();
    order.add(HookPoints.EMBED);
    for (int l = 0; l < layers; l++) {
      order.addAll(
          List.of(
              HookPoints.attnOut(l),
              HookPoints.residMid(l),
              HookPoints.mlpPre(l),
              HookPoints.mlpPreLinear(l),
              HookPoints.mlpPost(l),
              HookPoints.mlpOut(l),
              HookPoints.residPost(l)));
    }
    order.addAll(List.of(HookPoints.LN_FINAL, HookPoints.LAST_HIDDEN, HookPoints.LOGITS));
    Map<String, Double> segment = new LinkedHashMap<>();
    Map<String, Double> segmentCpu = new LinkedHashMap<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] last = new long[1];
    long[] lastCpu = new long[1];
    String[] lastName = {"start"};
    ForwardRequest r = ForwardRequest.capture();
    r.captured().addAll(base.captured());
    for (String hook : order) {
      boolean wanted = base.wants(hook);
      HookReducer own = base.reducer(hook);
      if (hook.equals(HookPoints.LOGITS) && !wanted) {
        continue;
      }
      String key = hook.replaceFirst("^blocks\\.\\d+\\.", "blocks.*.");
      r.reduce(
          hook,
          (h, value, mask) -> {
            long now = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            segment.merge(lastName[0] + " -> " + key, (now - last[0]) / 1e6, Double::sum);
            segmentCpu.merge(lastName[0] + " -> " + key, (cpu - lastCpu[0]) / 1e6, Double::sum);
            if (own != null) {
              own.reduce(h, value, mask);
              long after = System.nanoTime();
              long afterCpu = threads.getCurrentThreadCpuTime();
              segment.merge("reducer on " + key, (after - now) / 1e6, Double::sum);
              segmentCpu.merge("reducer on " + key, (afterCpu - cpu) / 1e6, Double::sum);
              now = after;
              cpu = afterCpu;
            }
            last[0] = now;
            lastCpu[0] = cpu;
            lastName[0] = key;
          });
    }
    lastCpu[0] = threads.getCurrentThreadCpuTime();
    long cpuStart = lastCpu[0];
    last[0] = System.nanoTime();
    long s = last[0];
    m.forward(batch, r);
    double total = (System.nanoTime() - s) / 1e6;
    double totalCpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
    double listed = segment.values().stream().mapToDouble(Double::doubleValue).sum();
    System.err.printf(
        Locale.ROOT,
        "[ours]  profile of one %s pass: %.1f ms (calling thread's CPU %.1f ms)%n",
        mode,
        total,
        totalCpu);
    segment.forEach(
        (k, v) ->
            System.err.printf(
                Locale.ROOT,
                "[ours]    %-58s %8.1f ms %5.1f %%  cpu %8.1f ms%n",
                k,
                v,
                100 * v / total,
                segmentCpu.get(k)));
    System.err.printf(
        Locale.ROOT,
        "[ours]    %-58s %8.1f ms %5.1f %%%n",
        "(after the last hook: pass end, host copies)",
        total - listed,
        100 * (total - listed) / total);
    segment.put("(after the last hook)", total - listed);
    segmentCpu.put(
        "(after the last hook)",
        totalCpu - segmentCpu.values().stream().mapToDouble(Double::doubleValue).sum());
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("side", "ours");
    rec.put("mode", mode);
    rec.put("profile_total_ms", total);
    rec.put("profile_ms", segment);
    rec.put("profile_thread_cpu_total_ms", totalCpu);
    rec.put("profile_thread_cpu_ms", segmentCpu);
    return rec;
  }

  private static TokenBatch readIds(Path file) throws IOException {
    JsonNode doc = JSON.readTree(file.toFile());
    List<long[]> rows = new ArrayList<>();
    for (JsonNode row : doc.get("ids")) {
      long[] r = new long[row.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = row.get(i).asLong();
      }
      rows.add(r);
    }
    return TokenBatch.of(rows, 0);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /**
   * Minor page faults of this process so far (field 10 of /proc/self/stat), or -1 where there is
   * none.
   */
  private static long minorFaults() {
    try {
      String stat = Files.readString(Paths.get("/proc/self/stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static Map<String, String> options(String[] argv) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--")) {
        usage("unexpected argument '" + argv[i] + "'");
      }
      String key = argv[i].substring(2);
      if (key.equals("profile")) {
        opts.put(key, "true");
      } else if (i + 1 < argv.length) {
        opts.put(key, argv[++i]);
      } else {
        usage("--" + key + " needs a value");
      }
    }
    return opts;
  }

  private static String required(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null) {
      usage("missing --" + key);
    }
    return v;
  }

  private static void usage(String problem) {
    System.err.println(
        "ForwardBench: "
            + problem
            + "\nusage: ForwardBench --model DIR --ids FILE [--warmup N] "
            + "[--passes N] [--modes logits,count,hidden] [--threads N] [--interop-threads N] [--json-out FILE] "
            + "[--dump-hidden FILE] [--dump-counts FILE] [--profile]");
    System.exit(2);
  }
}
