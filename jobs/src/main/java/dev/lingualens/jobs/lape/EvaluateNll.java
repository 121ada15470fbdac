package dev.lingualens.jobs.lape;

import ai.djl.ndarray.types.DataType;
import dev.lingualens.common.model.ForwardRequest;
import dev.lingualens.common.model.HookPoints;
import dev.lingualens.common.model.TokenBatch;
import dev.lingualens.common.model.TransformerModel;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.model.ModelHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Executor side of {@code ablate}: each batch of held-out windows runs once per condition (no mask,
 * then each language's mask zeroed at {@code mlp.hook_post} in every layer); a reducer sums the
 * log-probabilities of positions 2..W on the device, so only two numbers per batch leave it.
 */
final class EvaluateNll
    implements PairFlatMapFunction<Iterator<Row>, String, double[]>, InputSchema.Reader {
  static final InputSchema INPUT = InputSchema.of("EvaluateNll", "lang string, ids array<int>");
  static final String NONE = "none";
  private final ModelHandle ref;
  private final Map<String, Map<Integer, int[]>> masks;

  EvaluateNll(ModelHandle ref, Map<String, Map<Integer, int[]>> masks) {
    this.ref = ref;
    this.masks = masks;
  }

  @Override
  public InputSchema inputSchema() {
    return INPUT;
  }

  @Override
  public Iterator<Tuple2<String, double[]>> call(Iterator<Row> windows) {
    try (ExecutorResources.Lease<TransformerModel> lease = ref.model()) {
      return evaluate(lease.get(), windows);
    }
  }

  private Iterator<Tuple2<String, double[]>> evaluate(
      TransformerModel model, Iterator<Row> windows) {
    Map<String, double[]> sums = new HashMap<>();
    List<long[]> batch = new ArrayList<>();
    String lang = null;
    while (windows.hasNext() || !batch.isEmpty()) {
      Row r = windows.hasNext() ? windows.next() : null;
      boolean flush = r == null || (lang != null && !lang.equals(r.getAs("lang"))) || full(batch);
      if (flush && !batch.isEmpty()) {
        evaluate(model, lang, batch, sums);
        batch.clear();
      }
      if (r != null) {
        lang = r.getAs("lang");
        List<Integer> ids = RowValues.list(r, "ids");
        batch.add(ids.stream().mapToLong(Integer::longValue).toArray());
      }
    }
    List<Tuple2<String, double[]>> out = new ArrayList<>();
    sums.forEach((k, v) -> out.add(new Tuple2<>(k, v)));
    return out.iterator();
  }

  private boolean full(List<long[]> batch) {
    return !batch.isEmpty()
        && (batch.size() >= ref.maxRows()
            || (long) (batch.size() + 1) * batch.get(0).length > ref.batchTokens());
  }

  private void evaluate(
      TransformerModel model, String evalLang, List<long[]> batch, Map<String, double[]> sums) {
    TokenBatch tokens = TokenBatch.of(batch, 0);
    long predicted = 0;
    for (long[] w : batch) {
      predicted += w.length - 1;
    }
    List<String> conditions = new ArrayList<>();
    conditions.add(NONE);
    conditions.addAll(masks.keySet());
    for (String condition : conditions) {
      double[] logprob = new double[1];
      ForwardRequest req =
          ForwardRequest.capture()
              .reduce(
                  HookPoints.LOGPROBS,
                  (name, value, mask) ->
                      logprob[0] = value.toType(DataType.FLOAT64, false).sum().getDouble());
      if (!condition.equals(NONE)) {
        masks.get(condition).forEach(req::zeroNeurons);
      }
      model.forward(tokens, req);
      double[] acc = sums.computeIfAbsent(condition + "\u0000" + evalLang, k -> new double[2]);
      acc[0] += logprob[0];
      acc[1] += predicted;
    }
  }
}
