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
 * Which layers of a Mistral, Qwen2 or Qwen3 config attend through a sliding window, as Hugging
 * Face's MistralConfig / Qwen2Config / Qwen3Config decide it (expected sets worked out by hand from
 * their rules: Mistral every layer, default window 4096; Qwen only with use_sliding_window, layers
 * i ≥ max_window_layers, default 28, unless layer_types lists them). The window itself is checked
 * numerically by the mistral-window golden fixture.
 */
class LlamaWindowConfigTest {
  @TempDir Path tmp;

  private DecoderVariant variant(String type, int layers, String extra) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(type + Math.abs((layers + extra).hashCode())));
    Files.writeString(
        dir.resolve("config.json"),
        """
        {"model_type": "%s", "hidden_size": 32, "num_attention_heads": 4,
         "num_hidden_layers": %d, "intermediate_size": 64, "vocab_size": 96%s}
        """
            .formatted(type, layers, extra));
    return ModelConfig.read(dir).variant();
  }

  @Test
  void mistralWindowsEveryLayerWith4096WhenTheKeyIsAbsentAndNoneWhenNull() throws IOException {
    DecoderVariant v01 = variant("mistral", 3, "");
    assertThat(v01.slidingWindow()).isEqualTo(4096);
    assertThat(v01.slidingLayers()).isEqualTo(Set.of(0, 1, 2));
    DecoderVariant small = variant("mistral", 2, ", \"sliding_window\": 4");
    assertThat(small.slidingWindow()).isEqualTo(4);
    assertThat(small.sliding(0)).isTrue();
    assertThat(small.sliding(1)).isTrue();
    // Mistral v0.2 and later
    assertThat(variant("mistral", 2, ", \"sliding_window\": null").slidingLayers()).isEmpty();
    // MistralConfig ignores layer_types (it only warns)
    assertThat(
            variant(
                    "mistral",
                    2,
                    ", \"sliding_window\": 8,"
                        + " \"layer_types\": [\"full_attention\", \"full_attention\"]")
                .slidingLayers())
        .isEqualTo(Set.of(0, 1));
  }

  @Test
  void qwenCarriesAWindowItDoesNotUseUnlessUseSlidingWindowIsTrue() throws IOException {
    // Qwen2.5-7B's config: use_sliding_window false, sliding_window 131072, max_window_layers 28
    String qwen25 =
        ", \"use_sliding_window\": false, \"sliding_window\": 131072, \"max_window_layers\": 28";
    for (String type : new String[] {"qwen2", "qwen3"}) {
      assertThat(variant(type, 30, qwen25)).isEqualTo(DecoderVariant.NONE);
      // absent use_sliding_window is false too
      assertThat(variant(type, 30, ", \"sliding_window\": 4096")).isEqualTo(DecoderVariant.NONE);
    }
  }

  @Test
  void qwenSlidesTheLayersFromMaxWindowLayersOn() throws IOException {
    DecoderVariant v =
        variant(
            "qwen2",
            5,
            ", \"use_sliding_window\": true, \"sliding_window\": 16, \"max_window_layers\": 3");
    assertThat(v.slidingWindow()).isEqualTo(16);
    assertThat(v.slidingLayers()).isEqualTo(Set.of(3, 4));
    // default max_window_layers 28: a 30-layer model slides its last two
    assertThat(variant("qwen3", 30, ", \"use_sliding_window\": true").slidingLayers())
        .isEqualTo(Set.of(28, 29));
    assertThat(variant("qwen3", 30, ", \"use_sliding_window\": true").slidingWindow())
        .isEqualTo(4096);
    // max_window_layers 0: every layer
    assertThat(
            variant(
                    "qwen2",
                    2,
                    ", \"use_sliding_window\": true, \"sliding_window\": 4, \"max_window_layers\": 0")
                .slidingLayers())
        .isEqualTo(Set.of(0, 1));
    // more full layers than layers: none slides
    assertThat(
            variant(
                    "qwen2",
                    4,
                    ", \"use_sliding_window\": true, \"sliding_window\": 4, \"max_window_layers\": 4")
                .slidingLayers())
        .isEmpty();
  }

  @Test
  void qwenLayerTypesOverrideMaxWindowLayers() throws IOException {
    DecoderVariant v =
        variant(
            "qwen2",
            3,
            ", \"use_sliding_window\": true, \"sliding_window\": 8, \"max_window_layers\": 0,"
                + " \"layer_types\": [\"sliding_attention\", \"full_attention\","
                + " \"sliding_attention\"]");
    assertThat(v.slidingLayers()).isEqualTo(Set.of(0, 2));
  }

  @Test
  void qwenLayerTypesThatSlideWithoutAWindowAreRefused() {
    assertThatThrownBy(
            () ->
                variant(
                    "qwen2",
                    2,
                    ", \"use_sliding_window\": false,"
                        + " \"layer_types\": [\"full_attention\", \"sliding_attention\"]"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("layer_types names sliding_attention layers [1]")
        .hasMessageNotContaining("\n");
  }

  @Test
  void badWindowKeysAreRefusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                variant(
                    "qwen2",
                    2,
                    ", \"use_sliding_window\": true, \"sliding_window\": 4,"
                        + " \"max_window_layers\": -1"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'max_window_layers'");
    assertThatThrownBy(() -> variant("qwen2", 2, ", \"use_sliding_window\": \"yes\""))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'use_sliding_window'");
    assertThatThrownBy(() -> variant("mistral", 2, ", \"sliding_window\": 0"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'sliding_window'");
  }

  @Test
  void llamaHasNoWindowWhateverTheConfigSays() throws IOException {
    assertThat(variant("llama", 2, ", \"sliding_window\": 4")).isEqualTo(DecoderVariant.NONE);
  }
}
