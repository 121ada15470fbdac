package probe;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Random;

/**
 * One Llama-2-7B MLP projection (tokens × 4096 → 11008, bf16 weights ~ N(0, 0.02)) three ways, the
 * repetitions interleaved so that load on a shared machine hits all of them alike: fp32 weights
 * resident (2× the memory), the runtime's widen-per-op path (fp16 × 2^k → toType(FLOAT32) → × 2^−k →
 * linear, as StoredWeight does), and bf16 compute through make_ts.py's module; then where the
 * widening's time goes: the widening alone, the same conversion into one reused fp32 array (and the
 * linear on it), and allocating a fresh fp32 array of the weight's size alone. Prints each result's
 * max |difference| from the fp32 one.
 *
 * <p>Usage: Bench TS_DIR TOKENS REPS
 */
public class Bench {
  public static void main(String[] a) throws Exception {
    int tokens = Integer.parseInt(a[1]);
    int reps = Integer.parseInt(a[2]);
    int in = 4096;
    int out = 11008;
    Random rnd = new Random(1);
    ByteBuffer bits = ByteBuffer.allocateDirect(2 * in * out).order(ByteOrder.nativeOrder());
    float[] w32 = new float[in * out];
    for (int i = 0; i < w32.length; i++) {
      short b = (short) (Float.floatToIntBits((float) (rnd.nextGaussian() * 0.02)) >>> 16);
      bits.putShort(b);
      w32[i] = Float.intBitsToFloat((b & 0xffff) << 16); // the bf16 value, exactly
    }
    bits.rewind();
    float[] xs = new float[tokens * in];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = (float) rnd.nextGaussian();
    }
    try (Model model = Model.newInstance("bf16_linear", "PyTorch")) {
      model.load(Paths.get(a[0]), "bf16_linear");
      Block block = model.getBlock();
      NDManager m = model.getNDManager();
      ParameterStore ps = new ParameterStore(m, false);
      NDArray x = m.create(xs, new Shape(tokens, in));
      NDArray wFp32 = m.create(w32, new Shape(out, in));
      // StoredWeight's scale: the largest magnitude into fp16's top binade, so every bf16 is exact
      int k = (int) Math.floor(Math.log(65504.0 / wFp32.abs().max().getFloat()) / Math.log(2));
      float unscale = (float) Math.pow(2, -k);
      NDArray wF16 = wFp32.mul(1f / unscale).toType(DataType.FLOAT16, false);
      NDArray wBits = m.create(bits, new Shape(out, in), DataType.FLOAT16);

      NDArray ref = Linear.linear(x, wFp32).singletonOrThrow();
      float scale = ref.abs().max().getFloat();
      float dWiden = widened(x, wF16, unscale).sub(ref).abs().max().getFloat();
      NDArray bf16 = block.forward(ps, new NDList(x, wBits), false).singletonOrThrow();
      float dBf16 = bf16.sub(ref).abs().max().getFloat();
      System.out.printf(
          "tokens %d: max|fp32| %.3f; max diff widen-per-op %.3e, bf16 %.3e (%.2e of max|fp32|)%n",
          tokens, scale, dWiden, dBf16, dBf16 / scale);

      NDArray reused = m.zeros(new Shape(out, in), DataType.FLOAT32);
      float dReused = widenInto(reused, wF16, unscale).sub(wFp32).abs().max().getFloat();
      System.out.printf("  widened into a reused array: max diff from the fp32 weight %.1e%n", dReused);

      String[] names = {
        "fp32 resident",
        "widen-per-op",
        "bf16 TorchScript",
        "widen alone",
        "widen + unscale alone",
        "widen into reused array",
        "reused array + linear",
        "fresh fp32 array alone"
      };
      long[][] t = new long[names.length][reps];
      for (int r = 0; r < reps; r++) {
        long s = System.nanoTime();
        Linear.linear(x, wFp32).singletonOrThrow().toFloatArray();
        t[0][r] = System.nanoTime() - s;
        s = System.nanoTime();
        widened(x, wF16, unscale).toFloatArray();
        t[1][r] = System.nanoTime() - s;
        s = System.nanoTime();
        block.forward(ps, new NDList(x, wBits), false).singletonOrThrow().toFloatArray();
        t[2][r] = System.nanoTime() - s;
        s = System.nanoTime();
        wF16.toType(DataType.FLOAT32, false).close();
        t[3][r] = System.nanoTime() - s;
        s = System.nanoTime();
        wF16.toType(DataType.FLOAT32, false).muli(unscale).close();
        t[4][r] = System.nanoTime() - s;
        s = System.nanoTime();
        widenInto(reused, wF16, unscale);
        t[5][r] = System.nanoTime() - s;
        s = System.nanoTime();
        Linear.linear(x, widenInto(reused, wF16, unscale)).singletonOrThrow().toFloatArray();
        t[6][r] = System.nanoTime() - s;
        s = System.nanoTime();
        m.zeros(new Shape(out, in), DataType.FLOAT32).close();
        t[7][r] = System.nanoTime() - s;
      }
      for (int i = 0; i < names.length; i++) {
        long[] v = t[i].clone();
        Arrays.sort(v);
        System.out.printf(
            "  %-24s min %5.0f ms  median %5.0f ms%n", names[i], v[0] / 1e6, v[reps / 2] / 1e6);
      }
    }
  }

  /** The conversion without an allocation: index_put_ copies (and converts) into dst. */
  private static NDArray widenInto(NDArray dst, NDArray wF16, float unscale) {
    dst.set(new NDIndex(":"), wF16);
    return dst.muli(unscale);
  }

  private static NDArray widened(NDArray x, NDArray wF16, float unscale) {
    NDArray wide = wF16.toType(DataType.FLOAT32, false).muli(unscale);
    try {
      return Linear.linear(x, wide).singletonOrThrow();
    } finally {
      wide.close();
    }
  }
}
