package dev.lingualens.common.metrics.ranker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankCorrelationTest {
  @TempDir Path dir;

  @Test
  void againstReferenceUsesListedLanguagesAndTiesAbsentOnesAtTheBottom() throws IOException {
    Path f = dir.resolve("ref.properties");
    Files.writeString(
        f,
        "name = toy\nshare.en = 89\nshare.de = 0.17\nshare.fra = 0.13\nshare.es = 0.03\n"
            + "share.it = 0.01\n");
    ReferenceShares ref = ReferenceShares.read(f);
    assertThat(ref.percent()).containsOnlyKeys("eng", "deu", "fra", "spa", "ita");
    Map<String, Double> scores =
        Map.of(
            "eng", 1.0, "deu", 0.72, "fra", 0.65, "spa", 0.41, "ita", 0.30, "yor", 0.35, "hin",
            0.10);
    RankCorrelation.VsReference c = RankCorrelation.against(scores, ref, "eng");
    assertThat(c.listed()).containsExactly("deu", "fra", "ita", "spa");
    assertThat(c.absent()).containsExactly("hin", "yor");
    // the methods.md 1.7 numbers: the same four pairs
    assertThat(c.pearson().coefficient()).isCloseTo(0.99037, within(5e-6));
    assertThat(c.pearsonLog10().coefficient()).isCloseTo(0.99152, within(5e-6));
    assertThat(c.spearman().coefficient()).isCloseTo(1.0, within(1e-12));
    // with absent languages: shares ranks (5,4,3,2,1.5,1.5)... by hand: scores
    // 0.72,0.65,0.41,0.30,0.35,0.10
    // score ranks 6,5,4,2,3,1; share ranks 6,5,4,3,1.5,1.5
    double[] a = {6, 5, 4, 2, 3, 1};
    double[] b = {6, 5, 4, 3, 1.5, 1.5};
    assertThat(c.spearmanAll().coefficient()).isCloseTo(pearson(a, b), within(1e-12));
    assertThat(c.spearmanAll().n()).isEqualTo(6);
  }

  @Test
  void agreementBetweenModelsOnCommonLanguages() {
    Map<String, Double> a = Map.of("deu", 0.9, "fra", 0.8, "spa", 0.7, "hin", 0.1);
    Map<String, Double> b = Map.of("deu", 0.5, "fra", 0.6, "spa", 0.4, "yor", 0.3);
    RankCorrelation.Agreement g = RankCorrelation.between(a, b);
    assertThat(g.n()).isEqualTo(3);
    // ranks a: deu 3, fra 2, spa 1; b: deu 2, fra 3, spa 1 → ρ = 1 − 6·2/(3·8) = 0.5; τ = (2 − 1)/3
    assertThat(g.spearman().coefficient()).isCloseTo(0.5, within(1e-12));
    assertThat(g.kendall().coefficient()).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void badReferenceFilesNameTheProblem() throws IOException {
    Path f = dir.resolve("bad.properties");
    Files.writeString(f, "name = x\nshare.qqq = 1\n");
    assertThatThrownBy(() -> ReferenceShares.read(f)).hasMessageContaining("share.qqq");
    Files.writeString(f, "name = x\nshare.de = lots\n");
    assertThatThrownBy(() -> ReferenceShares.read(f)).hasMessageContaining("lots");
    Files.writeString(f, "share.de = 1\n");
    assertThatThrownBy(() -> ReferenceShares.read(f)).hasMessageContaining("'name'");
  }

  private static double pearson(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / y.length;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
