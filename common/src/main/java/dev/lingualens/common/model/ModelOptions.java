package dev.lingualens.common.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;

/**
 * Where and in which precision a model runs: fp32 on the CPU; on a GPU, {@code auto} follows the
 * checkpoint's stored dtype (see {@link #parse(String, String, DType, ModelFamily)}).
 */
public record ModelOptions(Device device, DataType dtype) {
  /**
   * Why bf16 compute is refused, measured on DJL 0.35.1 and 0.36.0 (libtorch 2.7.1, whose engine
   * and JNI are the same bytes): the JNI's type table has no BF16, so creating a BF16 array from
   * bytes aborts the JVM just as toType does (scripts/dev/bf16-probe).
   */
  static final String NO_BF16 =
      "dtype bfloat16 is not supported: DJL's PyTorch engine (0.35.1, and 0.36.0 alike) has no BF16"
          + " type (creating or converting to a bf16 array aborts the JVM); bf16 checkpoints run"
          + " with model.dtype=auto (or float32): fp32 compute with the weights kept in their two"
          + " bytes";

  public static ModelOptions cpu() {
    return new ModelOptions(Device.cpu(), DataType.FLOAT32);
  }

  /**
   * Device and dtype when the checkpoint is not known (validation of the settings): {@code auto} on
   * a GPU then reads as float16, the precision of an unknown checkpoint's usual GPU run.
   */
  public static ModelOptions parse(String device, String dtype) {
    return parse(device, dtype, DType.F16, null);
  }

  /**
   * @param device "cpu", "gpu" / "cuda" (first GPU), "gpu:N"
   * @param dtype "float32", "float16", or "auto": fp32 on the CPU; on a GPU the checkpoint's stored
   *     dtype, except that bf16 (which DJL cannot compute in) and fp16 for a family that overflows
   *     it run in fp32 — never bf16 → fp16, whose narrower range changes results
   * @param stored the checkpoint's dtype ({@link WeightStore#storedDtype})
   * @param family the model's family, null when unknown
   */
  public static ModelOptions parse(String device, String dtype, DType stored, ModelFamily family) {
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
          case "auto" ->
              d.isGpu() && stored == DType.F16 && (family == null || !family.overflowsFp16())
                  ? DataType.FLOAT16
                  : DataType.FLOAT32;
          case "float32", "fp32" -> DataType.FLOAT32;
          case "float16", "fp16" -> DataType.FLOAT16;
          case "bfloat16", "bf16" -> throw new IllegalArgumentException(NO_BF16);
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
