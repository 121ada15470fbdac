package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /**
   * A matrix read a few rows at a time (as a 250k-row embedding is, without a second copy of
   * itself) is the matrix read whole: same scale, same rounded values, same widened numbers; a
   * non-finite value in the last chunk still sends the tensor to the widened path.
   */
  @Test
  void aMatrixReadInChunksIsTheMatrixReadWhole() {
    java.util.Random random = new java.util.Random(13);
    int rows = 10;
    int cols = 6;
    ByteBuffer stored = ByteBuffer.allocateDirect(2 * rows * cols).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rows * cols; i++) {
      // magnitudes from 2^-40 to 2^5: some below 2^-29 of the largest, so some are rounded
      float v = (float) (random.nextGaussian() * Math.scalb(1.0, random.nextInt(46) - 40));
      stored.putShort(2 * i, (short) (Float.floatToIntBits(v) >>> 16));
    }
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      Shape shape = new Shape(rows, cols);
      ByteBuffer whole =
          ByteBuffer.allocateDirect(stored.capacity()).order(ByteOrder.LITTLE_ENDIAN);
      whole.put(stored.duplicate().clear()).clear();
      StoredWeight once = StoredWeight.compact(m, whole, DType.BF16, shape);
      ByteBuffer chunk = ByteBuffer.allocateDirect(2 * 3 * cols).order(ByteOrder.LITTLE_ENDIAN);
      List<long[]> reads = new ArrayList<>();
      StoredWeight.RowReader fromStored =
          (from, to, dst) -> {
            reads.add(new long[] {from, to});
            ByteBuffer src = stored.duplicate();
            src.position((int) (2 * from * cols)).limit((int) (2 * to * cols));
            dst.clear();
            dst.put(src);
          };
      StoredWeight chunked = StoredWeight.compact(m, chunk, DType.BF16, shape, 3, fromStored);
      // the scale pass, then the conversion pass, each over rows 0-3, 3-6, 6-9, 9-10
      assertThat(reads).hasSize(8);
      assertThat(reads.get(3)).containsExactly(9, 10);
      assertThat(chunked.inexact()).isEqualTo(once.inexact()).isPositive();
      assertThat(chunked.shape()).isEqualTo(shape);
      assertThat(chunked.widened(DataType.FLOAT32).toFloatArray())
          .containsExactly(once.widened(DataType.FLOAT32).toFloatArray());

      stored.putShort(2 * (rows * cols - 1), (short) 0x7f80); // +inf in the last row
      assertThat(StoredWeight.compact(m, chunk, DType.BF16, shape, 3, fromStored)).isNull();
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

  /**
   * The other Llama-block layouts keep their matrices compact too (Phi-3's fused qkv and gate-up
   * split as stored, LongRoPE, Cohere's parallel block, OLMo 2's post-norms, Gemma 3's local RoPE),
   * BLOOM's (per-head fused query_key_value used whole, tied 2-byte embedding) and XGLM's own block
   * (projections, FFN and tied embeddings compact, biases widened): a bf16 copy of each fixture
   * gives the same hidden states and logits as an fp32 copy holding the same bf16-rounded values,
   * in about half the resident bytes.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"phi3", "phi3-longrope", "cohere", "olmo2", "gemma3_text", "bloom", "xglm"})
  void otherLayoutsRunCompactAsTheyRunWide(String family, @TempDir Path tmp) throws Exception {
    try (ReferenceFixture ref = new ReferenceFixture(family)) {
      Path compact = copyAs(ref.folder, tmp.resolve("bf16"), true);
      Path wide = copyAs(ref.folder, tmp.resolve("f32"), false);
      TokenBatch batch = TokenBatch.of(ref.sequences(), ref.padId());
      try (TransformerModel small = TransformerModel.load(compact, ModelOptions.cpu());
          TransformerModel big = TransformerModel.load(wide, ModelOptions.cpu())) {
        for (int i = 0; i < 3; i++) {
          System.gc(); // a split part left aliasing a freed fused array would read garbage
          Thread.sleep(50);
        }
        assertThat(small.residentWeightBytes())
            .as(family + ": compact resident bytes")
            .isLessThan(big.residentWeightBytes() * 6 / 10)
            .isEqualTo(ModelWeights.bytes(compact, DataType.FLOAT32));
        assertThat(small.inexactWeights()).isZero();
        List<String> hooks = new ArrayList<>(List.of(HookPoints.LOGITS));
        for (int l = 0; l < small.config().layers(); l++) {
          hooks.add(HookPoints.residPost(l));
        }
        String[] wanted = hooks.toArray(String[]::new);
        Map<String, HostTensor> got = small.forward(batch, ForwardRequest.capture(wanted));
        Map<String, HostTensor> want = big.forward(batch, ForwardRequest.capture(wanted));
        for (String hook : hooks) {
          float[] a = got.get(hook).data();
          float[] b = want.get(hook).data();
          assertThat(a).as(family + " " + hook).hasSameSizeAs(b);
          for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as(family + " " + hook + "[" + i + "]").isCloseTo(b[i], within(1e-5f));
          }
        }
      }
    }
  }

  /**
   * The fixture's model with every tensor rounded to bf16 (to nearest even), stored as BF16 or as
   * the same values in F32; the other files copied.
   */
  private static Path copyAs(Path from, Path to, boolean bf16) throws Exception {
    Files.createDirectories(to);
    for (String name : List.of("config.json", "tokenizer.json", "tokenizer_config.json")) {
      if (Files.exists(from.resolve(name))) {
        Files.copy(from.resolve(name), to.resolve(name));
      }
    }
    ObjectNode header = new ObjectMapper().createObjectNode();
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    try (SafetensorsFile in = SafetensorsFile.open(from.resolve("model.safetensors"))) {
      for (SafetensorsFile.TensorInfo t : new TreeMap<>(in.tensors()).values()) {
        float[] v = in.floats(t);
        ByteBuffer out =
            ByteBuffer.allocate(v.length * (bf16 ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
          int bits = Float.floatToIntBits(f);
          short rounded = (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
          if (bf16) {
            out.putShort(rounded);
          } else {
            out.putFloat(DType.bf16ToFloat(rounded));
          }
        }
        ObjectNode info = header.putObject(t.name());
        info.put("dtype", bf16 ? "BF16" : "F32");
        ArrayNode shape = info.putArray("shape");
        for (long s : t.shape()) {
          shape.add(s);
        }
        info.putArray("data_offsets").add(data.size()).add(data.size() + out.capacity());
        data.write(out.array());
      }
    }
    byte[] json = new ObjectMapper().writeValueAsBytes(header);
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length);
    try (java.io.OutputStream out = Files.newOutputStream(to.resolve("model.safetensors"))) {
      out.write(len.array());
      out.write(json);
      data.writeTo(out);
    }
    return to;
  }

  /** The checkpoint's tensor bytes: the file minus its 8-byte length and JSON header. */
  private static long storedBytes(ReferenceFixture ref) throws Exception {
    java.nio.file.Path file = ref.folder.resolve("model.safetensors");
    ByteBuffer len = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN);
    return Files.size(file) - 8 - len.getLong();
  }
}
