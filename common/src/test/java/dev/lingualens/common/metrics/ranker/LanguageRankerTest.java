package dev.lingualens.common.metrics.ranker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** methods.md 1.7 worked example, layer presets and ranking ties. */
class LanguageRankerTest {
  // [pair][layer][d]
  static final float[][][] ENGLISH = {{{1, 0}, {0.6f, 0.8f}}, {{0, 1}, {1, 0}}};
  static final float[][][] TARGET = {{{1, 1}, {0.6f, 0.8f}}, {{0, 1}, {0, 1}}};

  @Test
  void workedExampleOfMethods17() {
    double[][] cos = LanguageRanker.pairCosines(ENGLISH, TARGET);
    assertThat(cos[0][0]).isCloseTo(1 / Math.sqrt(2), within(1e-7));
    assertThat(cos[0][1]).isCloseTo(1.0, within(1e-7));
    assertThat(cos[1][0]).isCloseTo(1.0, within(1e-7));
    assertThat(cos[1][1]).isCloseTo(0.0, within(1e-7));
    double[] s = LanguageRanker.layerSimilarity(cos);
    assertThat(s[0]).isCloseTo(0.853553, within(5e-7));
    assertThat(s[1]).isCloseTo(0.5, within(5e-7));
    assertThat(LanguageRanker.score(s, LayerPreset.ALL)).isCloseTo(0.676777, within(5e-7));
    // the score is also the mean of per-pair preset scores (what the bootstrap resamples)
    double[] perPair = LanguageRanker.pairScores(cos, LayerPreset.ALL);
    assertThat((perPair[0] + perPair[1]) / 2).isCloseTo(0.676777, within(5e-7));
  }

  @Test
  void presetsAreOneBasedAndClipped() {
    assertThat(LayerPreset.ALL.layers(3)).containsExactly(1, 2, 3);
    assertThat(LayerPreset.EVERY5.layers(32)).containsExactly(5, 10, 15, 20, 25, 30);
    assertThat(LayerPreset.EVERY5.layers(12)).containsExactly(5, 10);
    // no layer 5 in a 4-layer model: the deepest layer stands in
    assertThat(LayerPreset.EVERY5.layers(4)).containsExactly(4);
    assertThat(LayerPreset.parse("layers:2, 7,3").layers(5)).containsExactly(2, 3);
    double[] s = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    assertThat(LanguageRanker.score(s, LayerPreset.EVERY5)).isCloseTo(0.5, within(1e-12));
    assertThat(LanguageRanker.score(s, LayerPreset.parse("layers:1,6")))
        .isCloseTo(0.35, within(1e-12));
  }

  @Test
  void badPresetsNameTheBadValue() {
    assertThatThrownBy(() -> LayerPreset.parse("EVERY7")).hasMessageContaining("'EVERY7'");
    assertThatThrownBy(() -> LayerPreset.parse("layers:0,2")).hasMessageContaining("got 0");
    assertThatThrownBy(() -> LayerPreset.parse("layers:a")).hasMessageContaining("'a'");
  }

  @Test
  void rankingBreaksTiesByCode() {
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("spa", 0.5);
    scores.put("deu", 0.7);
    scores.put("fra", 0.5);
    scores.put("arb", 0.2);
    List<LanguageRanker.Ranked> r = LanguageRanker.rank(scores);
    assertThat(r)
        .extracting(LanguageRanker.Ranked::lang)
        .containsExactly("deu", "fra", "spa", "arb");
    assertThat(r).extracting(LanguageRanker.Ranked::rank).containsExactly(1, 2, 3, 4);
  }

  @Test
  void zeroVectorAndShapeMismatchAreErrors() {
    assertThatThrownBy(() -> LanguageRanker.cosine(new float[] {0, 0}, new float[] {1, 0}))
        .hasMessageContaining("zero vector");
    assertThatThrownBy(() -> LanguageRanker.cosine(new float[] {1}, new float[] {1, 0}))
        .hasMessageContaining("1 vs 2");
  }
}
