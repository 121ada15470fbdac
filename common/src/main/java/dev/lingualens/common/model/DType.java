package dev.lingualens.common.model;

import java.util.Locale;

/** Tensor element types we read from safetensors. */
public enum DType {
  F32(4),
  F16(2),
  BF16(2),
  I64(8),
  I32(4);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }

  static DType parse(String name, String where) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(
          where + ": unsupported dtype '" + name + "' (supported: F32, F16, BF16, I64, I32)");
    }
  }

  /**
   * bf16 is the top half of an fp32: widen in Java, because DJL's toType(BFLOAT16) aborts the JVM.
   */
  static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** IEEE 754 half to float (Java 17 has no Float.float16ToFloat). */
  static float f16ToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      float v = mant * 0x1p-24f; // subnormal: mant * 2^-24
      return sign == 0 ? v : -v;
    }
    if (exp == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }
}
