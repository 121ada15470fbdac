package dev.lingualens.common.report;

import static dev.lingualens.common.report.SvgAssertions.num;
import static dev.lingualens.common.report.SvgAssertions.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

class LineChartTest {

  @Test
  void drawsOneLinePerSeriesWithLegend() {
    Document doc =
        parse(
            new LineChart("Per layer")
                .addSeries("en", List.of(1.0, 2.0, 3.0))
                .addSeries("hi", List.of(2.0, 2.5, 2.0)));

    assertThat(doc.select("path.series-line")).hasSize(2);
    assertThat(doc.select("circle.point")).hasSize(6);
    assertThat(doc.select("text.legend-label").eachText()).containsExactly("en", "hi");
    assertThat(doc.select("path.series-line").get(0).attr("stroke"))
        .isNotEqualTo(doc.select("path.series-line").get(1).attr("stroke"));
  }

  @Test
  void pointsAreSpacedByTheirXValues() {
    Document doc =
        parse(
            new LineChart("Uneven x")
                .addSeries("s", new double[] {0, 1, 3}, new double[] {1, 1, 1}));

    Elements points = doc.select("circle.point");
    double step = num(points.get(1), "cx") - num(points.get(0), "cx");
    assertThat(num(points.get(2), "cx") - num(points.get(1), "cx"))
        .isCloseTo(2 * step, within(0.05));
  }

  @Test
  void missingValuesBreakTheLine() {
    Document doc =
        parse(new LineChart("Gap").addSeries("s", List.of(1.0, 2.0, Double.NaN, 3.0, 4.0)));

    String d = doc.selectFirst("path.series-line").attr("d");
    assertThat(d.chars().filter(c -> c == 'M')).hasSize(2);
    assertThat(doc.select("circle.point")).hasSize(4);
  }

  @Test
  void mismatchedLengthsNameTheSeries() {
    assertThatThrownBy(
            () ->
                new LineChart("Bad")
                    .addSeries("Tamil", new double[] {0, 1, 2}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Tamil");
  }

  @Test
  void emptyRendersAPlaceholder() {
    assertThat(parse(new LineChart("Nothing")).select("text.no-data-label").text())
        .isEqualTo("No data");
  }
}
