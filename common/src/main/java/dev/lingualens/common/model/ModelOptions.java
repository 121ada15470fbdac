package dev.lingualens.common.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;

/** Where and in which precision a model runs: CPU fp32 by default; fp16 on a GPU. */
public record ModelOptions(Device device, DataType dtype) {
  public static ModelOptions cpu() {
    return new ModelOptions(Device.cpu(), DataType.FLOAT32);
  }

  /**
   * @param device "cpu", "gpu" / "cuda" (first GPU), "gpu:N"
   * @param dtype "float32", "float16", or "auto" (fp16 on GPU, fp32 on CPU)
   */
  public static ModelOptions parse(String device, String dtype) {
    Device d =
        switch (device.trim().toLowerCase()) {
          case "cpu" -> Device.cpu();
          case "gpu", "cuda" -> Device.gpu();
          default -> {
            String s = device.trim().toLowerCase();
            if (s.matches("(gpu|cuda):\\d+")) {
              yield Device.gpu(Integer.parseInt(s.substring(s.indexOf(':') + 1)));
            }
            throw new IllegalArgumentException(
                "Bad device '" + device + "': expected cpu, gpu or gpu:N");
          }
        };
    DataType t =
        switch (dtype.trim().toLowerCase()) {
          case "auto" -> d.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
          case "float32", "fp32" -> DataType.FLOAT32;
          case "float16", "fp16" -> DataType.FLOAT16;
          case "bfloat16", "bf16" ->
              throw new IllegalArgumentException(
                  "dtype bfloat16 is not supported: DJL's "
                      + "conversion to BF16 aborts the JVM; use float16 on GPU or float32");
          default ->
              throw new IllegalArgumentException(
                  "Bad dtype '" + dtype + "': expected auto, float32 or float16");
        };
    if (t == DataType.FLOAT16 && !d.isGpu()) {
      throw new IllegalArgumentException(
          "dtype float16 needs a GPU device (CPU matmuls in fp16 are slow and inexact)");
    }
    return new ModelOptions(d, t);
  }
}
