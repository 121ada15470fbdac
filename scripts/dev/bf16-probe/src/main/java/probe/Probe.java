package probe;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * One bf16 capability per JVM, since a failure aborts the process (exit 134): {@code create} (a
 * BF16 array from stored bytes), {@code totype} (fp32 → BF16), {@code zeros} (an empty BF16 array),
 * {@code fp16} (control: fp16 matmul + softmax), {@code torchscript DIR} (bf16 matmul through
 * make_ts.py's module, against fp32 on the same bf16-exact weights).
 */
public class Probe {
  static final float[] X = {1.5f, -2.25f, 3f, 0.125f, 1f, 2f};
  static final float[] W = {0.5f, 1f, -1f, 2f, 0.25f, -4f}; // exact in bf16

  public static void main(String[] a) throws Exception {
    String step = a[0];
    System.out.println("libtorch " + Engine.getInstance().getVersion() + ", step " + step);
    System.out.flush();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(X, new Shape(2, 3));
      NDArray w = m.create(W, new Shape(2, 3));
      switch (step) {
        case "create" -> {
          NDArray b = m.create(bf16Bytes(W), new Shape(2, 3), DataType.BFLOAT16);
          System.out.println("created " + b.getDataType());
        }
        case "totype" -> System.out.println("converted " + x.toType(DataType.BFLOAT16, false));
        case "zeros" -> System.out.println("zeros " + m.zeros(new Shape(2), DataType.BFLOAT16));
        case "fp16" -> {
          NDArray h = x.toType(DataType.FLOAT16, false);
          System.out.println("fp16 " + h.matMul(h.transpose()).softmax(-1).getDataType());
        }
        case "torchscript" -> torchScript(Paths.get(a[1]), x, w);
        default -> throw new IllegalArgumentException("unknown step " + step);
      }
    }
    System.out.println("ok");
  }

  private static void torchScript(java.nio.file.Path dir, NDArray x, NDArray w) throws Exception {
    try (Model model = Model.newInstance("bf16_linear", "PyTorch")) {
      model.load(dir, "bf16_linear");
      NDManager m = model.getNDManager();
      NDArray bits = m.create(bf16Bytes(W), new Shape(2, 3), DataType.FLOAT16);
      NDArray y =
          model
              .getBlock()
              .forward(new ParameterStore(m, false), new NDList(x, bits), false)
              .singletonOrThrow();
      System.out.println("bf16 linear " + y.getDataType() + " " + Arrays.toString(y.toFloatArray()));
      System.out.println("fp32 linear " + Arrays.toString(x.matMul(w.transpose()).toFloatArray()));
    }
  }

  static ByteBuffer bf16Bytes(float[] values) {
    ByteBuffer b = ByteBuffer.allocateDirect(2 * values.length).order(ByteOrder.nativeOrder());
    for (float v : values) {
      b.putShort((short) (Float.floatToIntBits(v) >>> 16));
    }
    return b.rewind();
  }
}
