package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lingualens.common.model.DecoderVariant.BlockLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How config.json keys become the Phi-3, OLMo 2 and Cohere {@link DecoderVariant}s, with Hugging
 * Face's defaults for absent keys (Phi3Config: no window; CohereConfig: logit_scale 0.0625, tied
 * embeddings, layer_norm_eps 1e-5), and the variants we do not implement refused by their key.
 */
class Phi3OlmoCohereConfigTest {
  @TempDir Path tmp;

  private ModelConfig config(String type, String extra) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(type + Math.abs(extra.hashCode())));
    Files.writeString(
        dir.resolve("config.json"),
        """
        {"model_type": "%s", "hidden_size": 32, "num_attention_heads": 4,
         "num_hidden_layers": 3, "intermediate_size": 64, "vocab_size": 96%s}
        """
            .formatted(type, extra));
    return ModelConfig.read(dir);
  }

  @Test
  void phi3WindowsEveryLayerWhenTheConfigSetsOne() throws IOException {
    DecoderVariant v = config("phi3", ", \"sliding_window\": 2047").variant();
    assertThat(v.slidingWindow()).isEqualTo(2047);
    assertThat(v.slidingLayers()).isEqualTo(Set.of(0, 1, 2));
    assertThat(v.layout()).isEqualTo(BlockLayout.PRE_NORM);
    assertThat(config("phi3", ", \"sliding_window\": null").variant().sliding(0)).isFalse();
    assertThat(config("phi3", "").variant().sliding(0)).isFalse();
  }

  @Test
  void phi3LongRopeTakesItsAttentionFactorFromThePositionRatio() throws IOException {
    RopeScaling r =
        config(
                "phi3",
                ", \"max_position_embeddings\": 131072, \"original_max_position_embeddings\": 4096,"
                    + " \"rope_scaling\": {\"type\": \"su\", \"long_factor\": [2.0, 4.0],"
                    + " \"short_factor\": [1.0, 1.5]}")
            .ropeScaling();
    // sqrt(1 + ln 32 / ln 4096) = sqrt(1 + 5/12), as Phi-3-mini-128k
    assertThat(r.attentionFactor()).isCloseTo(Math.sqrt(17.0 / 12), within(1e-12));
    // head_dim 4: inv_freq = 1 / (factor * 10000^(2i/4)); long past 4096 tokens
    assertThat(r.inverseFrequencies(4, 10000, 4096)).containsExactly(1f, 1f / 150f);
    assertThat(r.inverseFrequencies(4, 10000, 4097)).containsExactly(0.5f, 1f / 400f);
  }

  @Test
  void anUnknownRopeTypeIsRefusedNamingIt() {
    assertThatThrownBy(
            () -> config("phi3", ", \"rope_scaling\": {\"type\": \"yarn\", \"factor\": 4.0}"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'yarn'")
        .hasMessageContaining("supported: default, linear, llama3, longrope");
  }

  @Test
  void partialRotaryIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> config("phi3", ", \"partial_rotary_factor\": 0.75"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("partial_rotary_factor 0.75");
  }

  @Test
  void olmo2IsPostNormWithItsOwnEpsilon() throws IOException {
    ModelConfig c = config("olmo2", ", \"rms_norm_eps\": 1e-6");
    assertThat(c.variant().layout()).isEqualTo(BlockLayout.POST_NORM);
    assertThat(c.normEps()).isEqualTo(1e-6);
    assertThat(c.tiedEmbeddings()).isFalse();
  }

  @Test
  void cohereTakesCohereConfigsDefaults() throws IOException {
    ModelConfig c = config("cohere", "");
    DecoderVariant v = c.variant();
    assertThat(v.layout()).isEqualTo(BlockLayout.PARALLEL);
    assertThat(v.layerNorms() && v.interleavedRope()).isTrue();
    assertThat(v.logitScale()).isEqualTo(0.0625);
    assertThat(c.tiedEmbeddings()).isTrue();
    assertThat(c.normEps()).isEqualTo(1e-5);
    assertThat(config("cohere", ", \"logit_scale\": 0.125").variant().logitScale())
        .isEqualTo(0.125);
  }

  @Test
  void commandRPlusQkNormIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> config("cohere", ", \"use_qk_norm\": true"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("use_qk_norm");
  }
}
