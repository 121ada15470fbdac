package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How XGLM's config.json keys (d_model, num_layers, attention_heads, ffn_dim) map onto {@link
 * ModelConfig}, with XGLMConfig's defaults for absent keys (scale_embedding true, pad_token_id 1,
 * GELU, tied embeddings, 2048 positions) and torch's LayerNorm eps, which the config cannot set.
 */
class XglmConfigTest {
  @TempDir Path tmp;

  private ModelConfig config(String extra) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("xglm" + Math.abs(extra.hashCode())));
    Files.writeString(
        dir.resolve("config.json"),
        """
        {"model_type": "xglm", "d_model": 1024, "num_layers": 24, "attention_heads": 16,
         "ffn_dim": 4096, "vocab_size": 256008%s}
        """
            .formatted(extra));
    return ModelConfig.read(dir);
  }

  @Test
  void xglm564mShapesAndDefaults() throws IOException {
    ModelConfig c = config("");
    assertThat(c.family()).isEqualTo(ModelFamily.XGLM);
    assertThat(c.hiddenSize()).isEqualTo(1024);
    assertThat(c.layers()).isEqualTo(24);
    assertThat(c.heads()).isEqualTo(16);
    assertThat(c.kvHeads()).isEqualTo(16);
    assertThat(c.headDim()).isEqualTo(64);
    assertThat(c.intermediateSize()).isEqualTo(4096);
    assertThat(c.maxPositions()).isEqualTo(2048);
    assertThat(c.normEps()).isEqualTo(1e-5);
    assertThat(c.padTokenId()).isEqualTo(1);
    assertThat(c.activation()).isEqualTo("gelu");
    assertThat(c.tiedEmbeddings()).isTrue();
    assertThat(c.variant().scaledEmbeddings()).isTrue();
    assertThat(config(", \"scale_embedding\": false").variant().scaledEmbeddings()).isFalse();
  }

  @Test
  void badShapesAreRefusedNamingTheKeys() {
    assertThatThrownBy(() -> config(", \"attention_heads\": 0"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'attention_heads'");
    assertThatThrownBy(() -> config(", \"attention_heads\": 3"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("d_model 1024 must be even and divisible by attention_heads 3");
    assertThatThrownBy(() -> config(", \"pad_token_id\": -1"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("pad_token_id -1");
  }

  @Test
  void missingLayersAreReportedAsNumLayers() throws Exception {
    try (ReferenceFixture ref = new ReferenceFixture("xglm")) {
      Path dir = Files.createDirectories(tmp.resolve("more-layers"));
      for (String f : new String[] {"model.safetensors", "tokenizer.json"}) {
        Files.copy(ref.folder.resolve(f), dir.resolve(f));
      }
      Files.writeString(
          dir.resolve("config.json"),
          Files.readString(ref.folder.resolve("config.json"))
              .replace("\"num_layers\": 2", "\"num_layers\": 3"));
      assertThatThrownBy(() -> ModelConfig.read(dir))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("num_layers is 3 but the weights hold layers 0..1");
    }
  }
}
