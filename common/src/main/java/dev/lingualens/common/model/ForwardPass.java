package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * State of one forward pass: inputs on the device, the request, and what has been captured. Every
 * NDArray made during the pass lives in the caller's NDScope and is released when it closes.
 */
final class ForwardPass {
  final NDManager manager;
  final ForwardRequest request;
  final TokenBatch batch;
  final NDArray ids;

  /** [B,T] float mask, 1 = real token, in the compute dtype's device. */
  final NDArray mask;

  private final Map<String, HostTensor> captured = new LinkedHashMap<>();

  ForwardPass(NDManager manager, ForwardRequest request, TokenBatch batch) {
    this.manager = manager;
    this.request = request;
    this.batch = batch;
    Shape bt = new Shape(batch.size(), batch.width());
    this.ids = manager.create(batch.flatIds(), bt);
    this.mask = manager.create(batch.flatMask(), bt);
  }

  boolean wants(String hook) {
    return request.wants(hook);
  }

  /**
   * Offers an activation to the request: copied to the host if captured, folded if a reducer wants
   * it.
   */
  void hook(String name, NDArray value) {
    HookReducer reducer = request.reducer(name);
    if (reducer != null) {
      reducer.reduce(name, value, mask);
    }
    if (request.captured().contains(name)) {
      NDArray f =
          value.getDataType() == DataType.FLOAT32 ? value : value.toType(DataType.FLOAT32, false);
      captured.put(name, new HostTensor(f.toFloatArray(), value.getShape().getShape()));
    }
  }

  Map<String, HostTensor> captured() {
    return captured;
  }
}
