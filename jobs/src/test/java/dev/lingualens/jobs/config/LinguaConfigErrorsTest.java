package dev.lingualens.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.ingest.IngestSettings;
import dev.lingualens.jobs.model.ModelHandle;
import dev.lingualens.jobs.model.ModelSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration mistakes surface as ConfigException messages a user can act on. */
class LinguaConfigErrorsTest {
  @TempDir Path tmp;

  @Test
  void unknownCliKeyIsRejectedByName() {
    assertThatThrownBy(() -> LinguaConfig.resolve(Map.of("output.dri", "x"), Map.of(), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'output.dri'")
        .hasMessageContaining("command line");
  }

  @Test
  void unknownSparkConfKeyIsRejectedByName() {
    assertThatThrownBy(
            () ->
                LinguaConfig.resolve(
                    Map.of(), Map.of("spark.lingualens.ingest.partitons", "4"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.partitons")
        .hasMessageContaining("spark.lingualens.ingest.partitons");
  }

  @Test
  void unknownConfFileKeyIsRejectedByNameAndFile() throws IOException {
    Path conf = Files.writeString(tmp.resolve("typo.conf"), "report.titel = x\n");

    assertThatThrownBy(() -> LinguaConfig.resolve(Map.of(), Map.of(), conf))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("report.titel")
        .hasMessageContaining(conf.toString());
  }

  @Test
  void nonIntegerNamesKeyValueAndSource() throws IOException {
    Path conf = Files.writeString(tmp.resolve("bad.conf"), "ingest.max-line-bytes=abc\n");
    LinguaConfig config = LinguaConfig.resolve(Map.of(), Map.of(), conf);

    assertThatThrownBy(() -> config.get(IngestSettings.MAX_LINE_BYTES))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.max-line-bytes")
        .hasMessageContaining("'abc'")
        .hasMessageContaining("conf file")
        .hasMessageContaining(conf.toString());
  }

  @Test
  void integerBelowMinimumNamesTheBound() {
    LinguaConfig config = LinguaConfig.resolve(Map.of("ingest.partitions", "0"), Map.of(), null);

    assertThatThrownBy(() -> config.get(IngestSettings.PARTITIONS))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.partitions")
        .hasMessageContaining("'0'")
        .hasMessageContaining("command line")
        .hasMessageContaining("≥ 1");
  }

  @Test
  void integerAboveIntRangeIsRejected() {
    LinguaConfig config =
        LinguaConfig.resolve(Map.of("ingest.max-line-bytes", "3000000000"), Map.of(), null);

    assertThatThrownBy(() -> config.get(IngestSettings.MAX_LINE_BYTES))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("3000000000");
    assertThat(Key.longInt("ingest.max-line-bytes", "1", 1, "as a long").from(config))
        .isEqualTo(3_000_000_000L);
  }

  @Test
  void confidenceOutsideRangeIsRejected() {
    LinguaConfig config =
        LinguaConfig.resolve(Map.of("ingest.langid.min-confidence", "1.5"), Map.of(), null);

    assertThatThrownBy(() -> config.get(IngestSettings.LANGID_MIN_CONFIDENCE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.langid.min-confidence")
        .hasMessageContaining("'1.5'");
  }

  @Test
  void missingConfFileGivesClearMessageWithPath() {
    Path missing = tmp.resolve("does-not-exist.conf");

    assertThatThrownBy(() -> LinguaConfig.resolve(Map.of(), Map.of(), missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining(missing.toAbsolutePath().toString());
  }

  @Test
  void askingForUndefinedKeyIsAnError() {
    assertThatThrownBy(() -> LinguaConfig.defaults().entry("no.such.key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no.such.key");
  }

  @Test
  void aBadDeviceOrDtypeFailsOnTheDriverNamingTheValue() {
    LinguaConfig device = LinguaConfig.resolve(Map.of("model.device", "tpu:0"), Map.of(), null);
    assertThatThrownBy(() -> ModelSettings.from(device))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.device")
        .hasMessageContaining("'tpu:0'");
    LinguaConfig bf16 = LinguaConfig.resolve(Map.of("model.dtype", "bfloat16"), Map.of(), null);
    assertThatThrownBy(() -> ModelSettings.from(bf16))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'bfloat16'")
        .hasMessageContaining("aborts the JVM");
    LinguaConfig fp16OnCpu =
        LinguaConfig.resolve(
            Map.of("model.device", "cpu", "model.dtype", "float16"), Map.of(), null);
    assertThatThrownBy(() -> ModelSettings.from(fp16OnCpu))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.dtype")
        .hasMessageContaining("needs a GPU");
    LinguaConfig fine = LinguaConfig.resolve(Map.of("model.device", "gpu:1"), Map.of(), null);
    assertThat(ModelSettings.from(fine).device()).isEqualTo("gpu:1");
  }

  /**
   * Gemma's activations overflow fp16: float16 is refused on the driver; auto on a GPU never picks
   * it for such a family (the gemma2 fixture is stored in fp32, so auto is float32 there anyway).
   */
  @Test
  void float16ForGemmaFailsOnTheDriverNamingTheFamily() {
    String gemma2 =
        dev.lingualens.jobs.Repo.root()
            .resolve("common/src/test/resources/fixtures/models/gemma2")
            .toString();
    LinguaConfig c =
        LinguaConfig.resolve(
            Map.of("model.path", gemma2, "model.device", "gpu:0", "model.dtype", "float16"),
            Map.of(),
            null);
    assertThatThrownBy(() -> ModelHandle.fromConfig(c))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'float16' for 'model.dtype'")
        .hasMessageContaining("model family gemma2 overflows float16")
        .hasMessageContaining("model.dtype=float32");
    LinguaConfig auto =
        LinguaConfig.resolve(
            Map.of("model.path", gemma2, "model.device", "gpu:0", "model.dtype", "auto"),
            Map.of(),
            null);
    assertThat(ModelHandle.fromConfig(auto).options().dtype())
        .isEqualTo(ai.djl.ndarray.types.DataType.FLOAT32);
    LinguaConfig fp32 =
        LinguaConfig.resolve(
            Map.of("model.path", gemma2, "model.device", "gpu:0", "model.dtype", "float32"),
            Map.of(),
            null);
    assertThat(ModelHandle.fromConfig(fp32).dtype()).isEqualTo("float32");
  }
}
