package dev.lingualens.common.report;

import static dev.lingualens.common.report.SvgAssertions.num;
import static dev.lingualens.common.report.SvgAssertions.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.jsoup.nodes.Document;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

class ScatterChartTest {

  @Test
  void drawsLabelledPointsAndCaption() {
    Document doc =
        parse(
            new ScatterChart("Size vs premium")
                .addPoint("English", 1e6, 1.0)
                .addPoint("हिन्दी", 1e4, 3.2)
                .caption("Pearson r = −0.71, Spearman ρ = −0.65"));

    assertThat(doc.select("circle.point")).hasSize(2);
    assertThat(doc.select("text.point-label").eachText()).containsExactly("English", "हिन्दी");
    assertThat(doc.select("text.chart-caption").text())
        .isEqualTo("Pearson r = −0.71, Spearman ρ = −0.65");
  }

  @Test
  void logXPlacesDecadesAtEqualSpacingAndDropsNonPositive() {
    Document doc =
        parse(
            new ScatterChart("Log x")
                .addPoint("a", 1, 1)
                .addPoint("b", 10, 1)
                .addPoint("c", 100, 1)
                .addPoint("zero", 0, 1)
                .logX(true));

    Elements points = doc.select("circle.point");
    assertThat(points).hasSize(3);
    double first = num(points.get(1), "cx") - num(points.get(0), "cx");
    assertThat(num(points.get(2), "cx") - num(points.get(1), "cx"))
        .isPositive()
        .isCloseTo(first, within(0.05));
  }

  @Test
  void groupsGetDistinctColoursAndALegend() {
    Document doc =
        parse(
            new ScatterChart("Groups")
                .addPoint("en", 1, 1, "Latin")
                .addPoint("ru", 2, 2, "Cyrillic")
                .addPoint("fr", 3, 1, "Latin"));

    Elements points = doc.select("circle.point");
    assertThat(points.get(0).attr("fill"))
        .isEqualTo(points.get(2).attr("fill"))
        .isNotEqualTo(points.get(1).attr("fill"));
    assertThat(doc.select("text.legend-label").eachText()).containsExactly("Latin", "Cyrillic");
  }
}
