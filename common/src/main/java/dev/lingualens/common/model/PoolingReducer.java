package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * Pools hooks to one vector per row on the device and copies only [B,D] per hook to the host,
 * instead of the whole [B,T,D] hidden state (32 layers × T tokens of a 7B model would dominate the
 * pass otherwise). Padding never leaks: LAST gathers row b's position {@code length−1}; MEAN masks
 * pads out of the sum.
 */
public final class PoolingReducer implements HookReducer {
  private final Pooling pooling;
  private final Map<String, float[][]> pooled = new HashMap<>();

  public PoolingReducer(Pooling pooling) {
    this.pooling = pooling;
  }

  @Override
  public void reduce(String hook, NDArray value, NDArray mask) {
    NDArray v =
        value.getDataType() == DataType.FLOAT32 ? value : value.toType(DataType.FLOAT32, false);
    long b = v.getShape().get(0);
    long d = v.getShape().get(2);
    NDArray out =
        switch (pooling) {
          case CLS -> v.get(":, 0, :");
          case LAST -> {
            NDArray last =
                mask.sum(new int[] {1}).sub(1).toType(DataType.INT64, false).reshape(b, 1, 1);
            yield v.gather(last.broadcast(new Shape(b, 1, d)), 1).reshape(b, d);
          }
          case MEAN ->
              v.mul(mask.expandDims(-1)).sum(new int[] {1}).div(mask.sum(new int[] {1}, true));
        };
    float[] flat = out.toFloatArray();
    float[][] rows = new float[(int) b][(int) d];
    for (int i = 0; i < b; i++) {
      System.arraycopy(flat, (int) (i * d), rows[i], 0, (int) d);
    }
    pooled.put(hook, rows);
  }

  /** [B][D] for a hook of the last pass; null when the pass did not offer it. */
  public float[][] get(String hook) {
    return pooled.get(hook);
  }
}
