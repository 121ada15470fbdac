package dev.lingualens.common.metrics.ranker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand-computed retrieval cases: ties, a hub that the margin corrects. */
class RetrievalTest {
  @Test
  void identicalSpacesRetrievePerfectly() {
    float[][] v = {{1, 0, 0}, {0, 2, 0}, {0, 0, 3}};
    Retrieval.Result r = Retrieval.evaluate(v, v, 4);
    assertThat(r.p1Avg()).isEqualTo(1.0);
    assertThat(r.xsimError()).isEqualTo(0.0);
    assertThat(r.p1MarginAvg()).isEqualTo(1.0);
  }

  @Test
  void tiesGoToTheLowestIndex() {
    // cos rows: x0 → (1, 0), x1 → (1, 0): x1's argmax is 0 (miss)
    // cos columns: y0 → (1, 1): tie, index 0 (hit); y1 → (0, 0): tie, index 0 (miss)
    float[][] src = {{1, 0}, {1, 0}};
    float[][] tgt = {{1, 0}, {0, 1}};
    Retrieval.Result r = Retrieval.evaluate(src, tgt, 4);
    assertThat(r.p1SrcToTgt()).isEqualTo(0.5);
    assertThat(r.p1TgtToSrc()).isEqualTo(0.5);
    assertThat(r.xsimError()).isEqualTo(0.5);
  }

  @Test
  void marginDemotesAHub() {
    // x = unit axes, so cos(x_i, y_j) = y_j[i] / |y_j|.
    // y1 = (1,1,1)/√3 is a hub: 0.57735 to every x. y0 = (4,3,3)/√34, y2 = (4,1,4)/√33.
    //   cos = [[0.685994 0.577350 0.696311]
    //          [0.514496 0.577350 0.174078]
    //          [0.514496 0.577350 0.696311]]
    // src→tgt: x0 picks y2 (0.696 > 0.686) → 2/3. tgt→src: y0 → x0 hit; y1 ties → x0 miss;
    //   y2 ties x0/x2 → x0 miss → 1/3.
    // Margin, k = 2: src neighbourhoods (top-2 mean / 2) = (0.345576, 0.272962, 0.318415),
    //   tgt = (0.300123, 0.288675, 0.348155); x0: y0 0.685994/0.645699 = 1.06241 beats
    //   y2 0.696311/0.693731 = 1.00372, and every row and column then peaks on the diagonal.
    float[][] src = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    float[][] tgt = {{4, 3, 3}, {1, 1, 1}, {4, 1, 4}};
    Retrieval.Result r = Retrieval.evaluate(src, tgt, 2);
    assertThat(r.p1SrcToTgt()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(r.p1TgtToSrc()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(r.p1Avg()).isCloseTo(0.5, within(1e-12));
    assertThat(r.p1MarginSrcToTgt()).isEqualTo(1.0);
    assertThat(r.p1MarginTgtToSrc()).isEqualTo(1.0);
    assertThat(r.p1MarginAvg()).isEqualTo(1.0);
  }

  @Test
  void marginKIsClippedToN() {
    float[][] src = {{1, 0}, {0, 1}};
    // k = 4 > n = 2 behaves as k = 2
    assertThat(Retrieval.evaluate(src, src, 4)).isEqualTo(Retrieval.evaluate(src, src, 2));
  }
}
