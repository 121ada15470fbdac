package dev.lingualens.jobs.lape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lingualens.common.model.ForwardRequest;
import dev.lingualens.common.model.HookPoints;
import dev.lingualens.common.model.TokenBatch;
import dev.lingualens.common.model.TransformerModel;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.model.ModelHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Executor side of {@code neurons}: windows arrive sorted by language; for each language, batches
 * of windows run through the shared model while reducers on every layer's {@code mlp.hook_pre} add
 * {@code act(pre) > 0} into int64 counters that stay on the device. Activations never leave the
 * batch; memory is O(layers × neurons) per partition. Emits one partial per (language, layer).
 */
final class CountActivations
    implements PairFlatMapFunction<Iterator<Row>, String, ActivationCounts>, InputSchema.Reader {
  static final InputSchema INPUT =
      InputSchema.of("CountActivations", "lang string, ids array<int>");
  private final ModelHandle ref;
  private final boolean powerSums;
  private final org.apache.spark.util.CollectionAccumulator<String> loads;

  /** {@code loads} gets this executor's id each time its JVM actually loads the model. */
  CountActivations(
      ModelHandle ref,
      boolean powerSums,
      org.apache.spark.util.CollectionAccumulator<String> loads) {
    this.ref = ref;
    this.powerSums = powerSums;
    this.loads = loads;
  }

  @Override
  public InputSchema inputSchema() {
    return INPUT;
  }

  @Override
  public Iterator<Tuple2<String, ActivationCounts>> call(Iterator<Row> windows) {
    try (ExecutorResources.Lease<TransformerModel> lease = ref.model()) {
      if (lease.loaded()) {
        loads.add(org.apache.spark.SparkEnv.get().executorId());
      }
      return count(lease.get(), windows);
    }
  }

  private Iterator<Tuple2<String, ActivationCounts>> count(
      TransformerModel model, Iterator<Row> windows) {
    int layers = model.config().layers();
    int neurons = model.config().intermediateSize();
    List<Tuple2<String, ActivationCounts>> out = new ArrayList<>();
    try (NDManager counters = NDManager.newBaseManager(model.device())) {
      String lang = null;
      NDArray[] counts = null;
      NDArray[][] sums = null;
      long tokens = 0;
      List<long[]> batch = new ArrayList<>();
      while (windows.hasNext() || !batch.isEmpty()) {
        Row r = windows.hasNext() ? windows.next() : null;
        boolean langChanges = r != null && lang != null && !lang.equals(r.getAs("lang"));
        if (r == null || langChanges || batchFull(batch)) {
          if (!batch.isEmpty()) {
            run(model, batch, counts, sums);
            for (long[] w : batch) {
              tokens += w.length;
            }
            batch.clear();
          }
          if ((r == null || langChanges) && lang != null) {
            emit(out, lang, counts, sums, tokens);
            lang = null;
          }
        }
        if (r != null) {
          if (lang == null) {
            lang = r.getAs("lang");
            tokens = 0;
            counts = new NDArray[layers];
            sums = powerSums ? new NDArray[layers][4] : null;
            for (int l = 0; l < layers; l++) {
              counts[l] = counters.zeros(new Shape(neurons), DataType.INT64);
              if (powerSums) {
                for (int k = 0; k < 4; k++) {
                  sums[l][k] = counters.zeros(new Shape(neurons), DataType.FLOAT64);
                }
              }
            }
          }
          List<Integer> ids = RowValues.list(r, "ids");
          long[] w = new long[ids.size()];
          for (int i = 0; i < w.length; i++) {
            w[i] = ids.get(i);
          }
          batch.add(w);
        }
      }
    }
    return out.iterator();
  }

  private boolean batchFull(List<long[]> batch) {
    if (batch.isEmpty()) {
      return false;
    }
    long width = batch.get(0).length;
    return batch.size() >= ref.maxRows() || (batch.size() + 1) * width > ref.batchTokens();
  }

  private void run(TransformerModel model, List<long[]> batch, NDArray[] counts, NDArray[][] sums) {
    ForwardRequest req = ForwardRequest.capture();
    for (int l = 0; l < counts.length; l++) {
      int layer = l;
      req.reduce(
          HookPoints.mlpPre(l),
          (name, pre, mask) -> {
            NDArray a = model.activate(pre);
            NDArray real = mask.expandDims(-1).toType(a.getDataType(), false);
            // active = act(pre) > 0 in the compute dtype, at real tokens only (windows hold no
            // padding)
            NDArray active =
                a.gt(0).toType(DataType.INT64, false).mul(real.toType(DataType.INT64, false));
            counts[layer].addi(active.sum(new int[] {0, 1}));
            if (sums != null) {
              NDArray af =
                  a.toType(DataType.FLOAT64, false).mul(real.toType(DataType.FLOAT64, false));
              NDArray power = af;
              for (int k = 0; k < 4; k++) {
                sums[layer][k].addi(power.sum(new int[] {0, 1}));
                power = power.mul(af);
              }
            }
          });
    }
    model.forward(TokenBatch.of(batch, 0), req);
  }

  private static void emit(
      List<Tuple2<String, ActivationCounts>> out,
      String lang,
      NDArray[] counts,
      NDArray[][] sums,
      long tokens) {
    for (int l = 0; l < counts.length; l++) {
      double[][] ps = null;
      if (sums != null) {
        ps = new double[4][];
        for (int k = 0; k < 4; k++) {
          ps[k] = sums[l][k].toDoubleArray();
        }
      }
      out.add(
          new Tuple2<>(
              lang + "\u0000" + l, new ActivationCounts(counts[l].toLongArray(), tokens, ps)));
    }
  }
}
