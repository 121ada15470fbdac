package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken or unsupported model folders: one clear error naming the problem, before any tensor is
 * used.
 */
class ModelLoadErrorsTest {
  @TempDir Path tmp;

  private Path copyOf(String family) throws IOException {
    Path src;
    try (ReferenceFixture ref = new ReferenceFixture(family)) {
      src = ref.folder;
    }
    Path dst = tmp.resolve(family);
    Files.createDirectories(dst);
    try (Stream<Path> s = Files.list(src)) {
      for (Path p : s.toList()) {
        Files.copy(p, dst.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dst;
  }

  @Test
  void unsupportedFamilyNamesTheTypeAndTheSupportedList() throws IOException {
    Path m = copyOf("llama");
    Files.writeString(
        m.resolve("config.json"),
        Files.readString(m.resolve("config.json"))
            .replace("\"model_type\": \"llama\"", "\"model_type\": \"mamba\""));
    assertThatThrownBy(() -> TransformerModel.load(m, ModelOptions.cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'mamba'")
        .hasMessageContaining(
            "llama, mistral, qwen2, qwen3, gemma, gemma2, gemma3_text, phi3, olmo2, cohere, gpt2,"
                + " bloom, xglm, bert, xlm-roberta, roberta");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gemma", "gemma2", "gemma3_text"})
  void gemmaInFloat16IsRefusedNamingTheFamilyAndTheWayOut(String family) throws IOException {
    Path m = copyOf(family);
    ModelOptions fp16 =
        new ModelOptions(ai.djl.Device.cpu(), ai.djl.ndarray.types.DataType.FLOAT16);
    assertThatThrownBy(() -> TransformerModel.load(m, fp16))
        .isInstanceOf(IllegalArgumentException.class)
        // the family's name: gemma3 runs model_type gemma3_text
        .hasMessageContaining("model family " + family.replace("_text", "") + " overflows float16")
        .hasMessageContaining("model.dtype=float32");
  }

  @Test
  void truncatedSafetensorsIsRejectedBeforeReading() throws IOException {
    Path m = copyOf("llama");
    Path st = m.resolve("model.safetensors");
    byte[] all = Files.readAllBytes(st);
    Files.write(st, java.util.Arrays.copyOf(all, all.length - 1000));
    assertThatThrownBy(() -> TransformerModel.load(m, ModelOptions.cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining("truncated");
  }

  @Test
  void absurdHeaderLengthIsRejected() throws IOException {
    Path m = copyOf("llama");
    ByteBuffer b =
        ByteBuffer.allocate(16)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(Long.MAX_VALUE / 2)
            .putLong(0);
    Files.write(m.resolve("model.safetensors"), b.array());
    assertThatThrownBy(() -> TransformerModel.load(m, ModelOptions.cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("header length");
  }

  @Test
  void overlappingTensorsAreRejected() throws IOException {
    String header =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(8 + h.length + 12)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(h.length)
            .put(h);
    Path f = tmp.resolve("x.safetensors");
    Files.write(f, b.array());
    assertThatThrownBy(() -> SafetensorsFile.open(f))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("overlap");
  }

  @Test
  void shapeThatDisagreesWithTheByteRangeIsRejected() throws IOException {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(8 + h.length + 8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(h.length)
            .put(h);
    Path f = tmp.resolve("y.safetensors");
    Files.write(f, b.array());
    assertThatThrownBy(() -> SafetensorsFile.open(f))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'a'")
        .hasMessageContaining("12 bytes");
  }

  @Test
  void pickleCheckpointIsRefusedWithAConversionHint() throws IOException {
    Path m = copyOf("llama");
    Files.delete(m.resolve("model.safetensors"));
    Files.write(m.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 0x02});
    assertThatThrownBy(() -> TransformerModel.load(m, ModelOptions.cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("pytorch_model.bin")
        .hasMessageContaining("safetensors");
  }

  @Test
  void missingConfigIsNamed() throws IOException {
    Path m = copyOf("gpt2");
    Files.delete(m.resolve("config.json"));
    assertThatThrownBy(() -> TransformerModel.load(m, ModelOptions.cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("config.json");
  }

  @Test
  void shardIndexMayNotPointOutsideTheFolder() throws IOException {
    Path m = copyOf("gpt2");
    Files.delete(m.resolve("model.safetensors"));
    Files.writeString(
        m.resolve("model.safetensors.index.json"),
        "{\"weight_map\":{\"wte.weight\":\"../../etc/passwd.safetensors\"}}");
    assertThatThrownBy(() -> TransformerModel.load(m, ModelOptions.cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("../../etc/passwd.safetensors");
  }
}
