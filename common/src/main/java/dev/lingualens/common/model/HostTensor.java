package dev.lingualens.common.model;

import java.util.Arrays;

/** A captured activation copied to the Java heap as fp32, row-major. */
public record HostTensor(float[] data, long[] shape) {
  public float get(long... index) {
    long flat = 0;
    for (int i = 0; i < shape.length; i++) {
      flat = flat * shape[i] + index[i];
    }
    return data[Math.toIntExact(flat)];
  }

  @Override
  public String toString() {
    return "HostTensor" + Arrays.toString(shape);
  }
}
