package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How config.json keys become a Gemma {@link DecoderVariant}: Hugging Face's defaults when a key is
 * absent (Gemma2Config: query_pre_attn_scalar 256, caps 50 and 30, window 4096, even layers local),
 * an explicit null turning a feature off, and layer_types overriding the alternation.
 */
class GemmaConfigTest {
  @TempDir Path tmp;

  private ModelConfig config(String type, String extra) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(type + Math.abs(extra.hashCode())));
    Files.writeString(
        dir.resolve("config.json"),
        """
        {"model_type": "%s", "hidden_size": 32, "num_attention_heads": 4,
         "num_hidden_layers": 4, "intermediate_size": 32, "vocab_size": 96%s}
        """
            .formatted(type, extra));
    return ModelConfig.read(dir);
  }

  @Test
  void absentKeysTakeHuggingFacesGemma2Defaults() throws IOException {
    ModelConfig c = config("gemma2", "");
    DecoderVariant v = c.variant();
    assertThat(c.family()).isEqualTo(ModelFamily.GEMMA2);
    assertThat(c.headDim()).isEqualTo(256);
    assertThat(c.tiedEmbeddings()).isTrue();
    assertThat(c.activation()).isEqualTo("gelu_pytorch_tanh");
    assertThat(v.queryPreAttnScalar()).isEqualTo(256);
    assertThat(v.attnSoftcap()).isEqualTo(50);
    assertThat(v.finalSoftcap()).isEqualTo(30);
    assertThat(v.slidingWindow()).isEqualTo(4096);
    assertThat(v.slidingLayers()).isEqualTo(Set.of(0, 2));
    assertThat(v.sandwichNorms() && v.unitOffsetNorms() && v.scaledEmbeddings()).isTrue();
  }

  @Test
  void explicitNullsTurnCapsAndWindowOff() throws IOException {
    DecoderVariant v =
        config(
                "gemma2",
                ", \"attn_logit_softcapping\": null, \"final_logit_softcapping\": null,"
                    + " \"sliding_window\": null")
            .variant();
    assertThat(v.attnSoftcap()).isZero();
    assertThat(v.finalSoftcap()).isZero();
    assertThat(v.sliding(0)).isFalse();
  }

  @Test
  void layerTypesOverrideTheAlternation() throws IOException {
    DecoderVariant v =
        config(
                "gemma2",
                ", \"sliding_window\": 8, \"layer_types\": [\"full_attention\", \"sliding_attention\","
                    + " \"sliding_attention\", \"full_attention\"]")
            .variant();
    assertThat(v.slidingLayers()).isEqualTo(Set.of(1, 2));
    assertThat(v.sliding(1)).isTrue();
    assertThat(v.sliding(0)).isFalse();
  }

  @Test
  void aBadLayerTypeIsNamed() {
    assertThatThrownBy(
            () ->
                config(
                    "gemma2",
                    ", \"layer_types\": [\"full_attention\", \"chunked_attention\","
                        + " \"sliding_attention\", \"full_attention\"]"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("layer_types[1] is 'chunked_attention'");
  }

  @Test
  void gemmaOneHasNoGemma2Features() throws IOException {
    ModelConfig c = config("gemma", ", \"hidden_act\": \"gelu\", \"head_dim\": 16");
    DecoderVariant v = c.variant();
    // early Gemma configs say hidden_act "gelu"; the model was trained with tanh-GELU
    assertThat(c.activation()).isEqualTo("gelu_pytorch_tanh");
    assertThat(c.headDim()).isEqualTo(16);
    assertThat(v.scaledEmbeddings() && v.unitOffsetNorms()).isTrue();
    assertThat(v.sandwichNorms()).isFalse();
    assertThat(v.attnSoftcap() + v.finalSoftcap() + v.slidingWindow()).isZero();
  }

  @Test
  void gemma3SlidesFiveLayersInSixWithItsOwnRopeBase() throws IOException {
    ModelConfig c =
        config(
            "gemma3_text",
            ", \"num_hidden_layers\": 12, \"rope_scaling\": {\"rope_type\": \"linear\","
                + " \"factor\": 8.0}");
    DecoderVariant v = c.variant();
    assertThat(c.family()).isEqualTo(ModelFamily.GEMMA3);
    // Gemma3TextConfig: every 6th layer (5, 11) global, window 4096, no caps, bases 1e6 / 1e4
    assertThat(v.slidingLayers()).isEqualTo(Set.of(0, 1, 2, 3, 4, 6, 7, 8, 9, 10));
    assertThat(v.slidingWindow()).isEqualTo(4096);
    assertThat(v.attnSoftcap() + v.finalSoftcap()).isZero();
    assertThat(v.queryPreAttnScalar()).isEqualTo(256);
    assertThat(c.ropeTheta()).isEqualTo(1_000_000);
    assertThat(v.localRopeTheta()).isEqualTo(10_000);
    assertThat(c.ropeScaling().type()).isEqualTo("linear");
    assertThat(v.sandwichNorms() && v.unitOffsetNorms() && v.scaledEmbeddings()).isTrue();
  }

  @Test
  void gemma3ReadsTheNewerRopeParameters() throws IOException {
    ModelConfig c =
        config(
            "gemma3_text",
            ", \"rope_parameters\": {\"full_attention\": {\"rope_type\": \"linear\","
                + " \"factor\": 4.0, \"rope_theta\": 500000.0}, \"sliding_attention\":"
                + " {\"rope_type\": \"default\", \"rope_theta\": 20000.0}}");
    assertThat(c.ropeTheta()).isEqualTo(500_000);
    assertThat(c.ropeScaling().factor()).isEqualTo(4);
    assertThat(c.variant().localRopeTheta()).isEqualTo(20_000);
  }
}
