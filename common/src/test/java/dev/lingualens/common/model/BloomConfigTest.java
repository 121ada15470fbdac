package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BLOOM's config keys (BloomConfig's names and aliases) and ALiBi's slopes, computed here by hand
 * from the ALiBi paper's construction; the forward itself is {@link GoldenForwardTest}'s.
 */
class BloomConfigTest {
  @TempDir Path tmp;

  private ModelConfig config(String body) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("bloom" + Math.abs(body.hashCode())));
    Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bloom\", " + body + "}");
    return ModelConfig.read(dir);
  }

  @Test
  void bloom560mKeysGiveItsShapes() throws IOException {
    // bigscience/bloom-560m
    ModelConfig c =
        config(
            "\"hidden_size\": 1024, \"n_head\": 16, \"n_layer\": 24, \"vocab_size\": 250880,"
                + " \"layer_norm_epsilon\": 1e-05, \"pad_token_id\": 3,"
                + " \"apply_residual_connection_post_layernorm\": false");
    assertThat(c.family()).isEqualTo(ModelFamily.BLOOM);
    assertThat(c.hiddenSize()).isEqualTo(1024);
    assertThat(c.heads()).isEqualTo(16);
    assertThat(c.kvHeads()).isEqualTo(16);
    assertThat(c.headDim()).isEqualTo(64);
    assertThat(c.layers()).isEqualTo(24);
    assertThat(c.intermediateSize()).isEqualTo(4096);
    assertThat(c.vocabSize()).isEqualTo(250880);
    assertThat(c.maxPositions()).as("BLOOM's training length").isEqualTo(2048);
    assertThat(c.tiedEmbeddings()).isTrue();
    assertThat(ModelFamily.BLOOM.compactMatrices()).isTrue();
  }

  @Test
  void oldConfigNamesAreReadAsBloomConfigReadsThem() throws IOException {
    ModelConfig c =
        config(
            "\"n_embed\": 4096, \"num_attention_heads\": 32, \"num_hidden_layers\": 30,"
                + " \"vocab_size\": 250880, \"seq_length\": 4096");
    assertThat(c.hiddenSize()).isEqualTo(4096);
    assertThat(c.heads()).isEqualTo(32);
    assertThat(c.layers()).isEqualTo(30);
    assertThat(c.maxPositions()).isEqualTo(4096);
  }

  @Test
  void residualAfterTheLayerNormIsRefusedByItsKey() {
    assertThatThrownBy(
            () ->
                config(
                    "\"hidden_size\": 32, \"n_head\": 4, \"n_layer\": 2, \"vocab_size\": 96,"
                        + " \"apply_residual_connection_post_layernorm\": true"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("apply_residual_connection_post_layernorm true")
        .hasMessageContaining("only false");
  }

  @Test
  void missingAndIndivisibleShapesAreNamed() {
    assertThatThrownBy(() -> config("\"hidden_size\": 32, \"n_head\": 4, \"vocab_size\": 96"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("missing 'n_layer' or 'num_hidden_layers'");
    assertThatThrownBy(
            () -> config("\"hidden_size\": 30, \"n_head\": 4, \"n_layer\": 2, \"vocab_size\": 96"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("hidden size 30 is not a multiple of n_head 4");
  }

  /** Powers of two: 2^(-8/n), its square, ... (8 heads: 1/2, 1/4, ..., 1/256). */
  @Test
  void slopesOfAPowerOfTwoAreGeometric() {
    assertThat(BloomModel.alibiSlopes(8))
        .containsExactly(1 / 2f, 1 / 4f, 1 / 8f, 1 / 16f, 1 / 32f, 1 / 64f, 1 / 128f, 1 / 256f);
    float[] s16 = BloomModel.alibiSlopes(16);
    for (int h = 0; h < 16; h++) {
      assertThat((double) s16[h]).isCloseTo(Math.pow(2, -0.5 * (h + 1)), within(1e-7));
    }
  }

  /**
   * The fixture's 6 heads: the 4-head slopes (base 2^-2) then the 1st and 3rd of the 8-head slopes
   * (base 2^-1); 12 heads: the 8-head slopes then 2^-0.5, 2^-1.5, 2^-2.5, 2^-3.5.
   */
  @Test
  void otherHeadCountsInterleaveTheNextPowerOfTwo() {
    assertThat(BloomModel.alibiSlopes(6))
        .containsExactly(1 / 4f, 1 / 16f, 1 / 64f, 1 / 256f, 1 / 2f, 1 / 8f);
    float[] s12 = BloomModel.alibiSlopes(12);
    for (int h = 0; h < 8; h++) {
      assertThat(s12[h]).isEqualTo((float) Math.pow(2, -(h + 1)));
    }
    for (int i = 0; i < 4; i++) {
      assertThat((double) s12[8 + i]).isCloseTo(Math.pow(2, -0.5 - i), within(1e-7));
    }
  }
}
