package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * bf16/f16 checkpoints keep their matrices in two bytes on a fp32 CPU model: the storage is exact
 * and the resident size is the checkpoint's (the forward's numbers are {@link GoldenForwardTest}'s
 * llama-bf16 and llama-f16 cases).
 */
class CompactWeightsTest {
  static {
    System.setProperty("ai.djl.offline", "true");
  }

  /** Every finite half is a fixed point, and every midpoint rounds to the even neighbour. */
  @Test
  void floatToHalfRoundsToNearestEven() {
    for (int h = 0; h < 0x7c00; h++) {
      float v = DType.f16ToFloat((short) h);
      assertThat(DType.floatToF16(v) & 0xffff).as("half %04x", h).isEqualTo(h);
      assertThat(DType.floatToF16(-v) & 0xffff).as("half -%04x", h).isEqualTo(h | 0x8000);
      float next = h + 1 < 0x7c00 ? DType.f16ToFloat((short) (h + 1)) : 65536f;
      float mid = (v + next) / 2; // exact in fp32: halves have 11 significant bits
      int even = (h & 1) == 0 ? h : h + 1;
      assertThat(DType.floatToF16(mid) & 0xffff).as("midpoint above %04x", h).isEqualTo(even);
      assertThat(DType.floatToF16(Math.nextDown(mid)) & 0xffff).isEqualTo(h);
      assertThat(DType.floatToF16(Math.nextUp(mid)) & 0xffff).isEqualTo(h + 1);
    }
    assertThat(DType.floatToF16(Float.MIN_VALUE)).isEqualTo((short) 0);
    assertThat(DType.floatToF16(1e6f)).isEqualTo((short) 0x7c00);
  }

  /**
   * Every bf16 value within 2^28 of the tensor's largest comes back bit for bit; smaller ones
   * within 2^-40 of the largest (the bound {@link StoredWeight} states).
   */
  @Test
  void bf16MatricesComeBackExactlyAfterWidening() {
    int top = 3; // largest magnitude 2^3..2^4
    List<Short> values = new ArrayList<>();
    for (int bits = 0; bits < 0x10000; bits++) {
      float v = DType.bf16ToFloat((short) bits);
      if (Float.isFinite(v) && Math.abs(v) < 0x1p4f) {
        values.add((short) bits);
      }
    }
    ByteBuffer staging =
        ByteBuffer.allocateDirect(2 * values.size()).order(ByteOrder.LITTLE_ENDIAN);
    values.forEach(staging::putShort);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      StoredWeight w =
          StoredWeight.compact(m, staging, DType.BF16, new Shape(values.size() / 2, 2));
      assertThat(w.bytes()).isEqualTo(2L * values.size());
      NDArray wide = w.widened(DataType.FLOAT32);
      float[] got = wide.toFloatArray();
      long rounded = 0;
      for (int i = 0; i < got.length; i++) {
        float want = DType.bf16ToFloat(values.get(i));
        if (Math.abs(want) >= Math.scalb(1f, top - 28)) {
          assertThat(got[i]).as("bf16 %04x", values.get(i)).isEqualTo(want);
        } else {
          assertThat((double) Math.abs(got[i] - want))
              .isLessThanOrEqualTo(Math.scalb(1.0, top - 40));
          rounded += got[i] == want ? 0 : 1;
        }
      }
      assertThat(w.inexact()).isEqualTo(rounded).isPositive();
      w.release(wide);
    }
  }

  @Test
  void aBf16CheckpointStaysAtItsStoredSize() throws Exception {
    for (String fixture : List.of("llama-bf16", "llama-f16", "llama")) {
      try (ReferenceFixture ref = new ReferenceFixture(fixture);
          TransformerModel model = TransformerModel.load(ref.folder, ModelOptions.cpu())) {
        long stored = storedBytes(ref);
        if (fixture.equals("llama")) {
          assertThat(model.residentWeightBytes()).isEqualTo(stored);
        } else {
          // matrices stay in two bytes; only the norm gains (a few hundred values) are widened
          assertThat(model.residentWeightBytes())
              .as(fixture)
              .isGreaterThanOrEqualTo(stored)
              .isLessThan(stored * 11 / 10);
          assertThat(model.inexactWeights()).isZero();
        }
        assertThat(ModelWeights.bytes(ref.folder, DataType.FLOAT32))
            .as(fixture + ": the size known before loading")
            .isEqualTo(model.residentWeightBytes());
      }
    }
  }

  /** The checkpoint's tensor bytes: the file minus its 8-byte length and JSON header. */
  private static long storedBytes(ReferenceFixture ref) throws Exception {
    java.nio.file.Path file = ref.folder.resolve("model.safetensors");
    ByteBuffer len = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN);
    return Files.size(file) - 8 - len.getLong();
  }
}
