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
   * bf16 is the top half of an fp32: widen in Java, because DJL 0.35.1's PyTorch engine has no BF16
   * type (creating or converting to one aborts the JVM).
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

  /**
   * Float to IEEE 754 half, rounding to nearest, ties to even (what numpy and PyTorch do); values
   * from 65520 up become infinity.
   */
  static short floatToF16(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7fffffff;
    if (abs > 0x7f800000) {
      return (short) (sign | 0x7e00);
    }
    if (abs >= 0x477ff000) {
      return (short) (sign | 0x7c00);
    }
    int exp = (abs >>> 23) - 127;
    int mant = abs & 0x7fffff;
    if (exp >= -14) {
      return (short) (sign | roundShift(((exp + 15) << 23) | mant, 13));
    }
    if (exp < -25) {
      return (short) sign;
    }
    // a half subnormal counts units of 2^-24: the 24-bit significand times 2^(exp + 1)
    return (short) (sign | roundShift(mant | 0x800000, -(exp + 1)));
  }

  /** x >> shift rounded to nearest, ties to even; a carry rolls into the exponent as it should. */
  private static int roundShift(int x, int shift) {
    int kept = x >>> shift;
    int rest = x & ((1 << shift) - 1);
    int half = 1 << (shift - 1);
    return rest > half || (rest == half && (kept & 1) == 1) ? kept + 1 : kept;
  }
}
