package dev.lingualens.common.report;

import static dev.lingualens.common.report.SvgAssertions.num;
import static dev.lingualens.common.report.SvgAssertions.parse;
import static dev.lingualens.common.report.SvgAssertions.tooltip;
import static dev.lingualens.common.report.SvgAssertions.yTick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

class GroupedBarChartTest {
  private static final List<String> LANGUAGES = List.of("en", "fr", "hi");

  @Test
  void drawsOneBarPerCategoryAndSeries() {
    GroupedBarChart chart =
        new GroupedBarChart("Premium", LANGUAGES)
            .addSeries("tok-a", 1.0, 1.5, 3.0)
            .addSeries("tok-b", 1.0, 1.2, 2.5);

    Document doc = parse(chart);

    assertThat(doc.select("rect.bar")).hasSize(LANGUAGES.size() * 2);
    assertThat(doc.select("text.legend-label").eachText()).containsExactly("tok-a", "tok-b");
    assertThat(doc.select("svg").attr("viewBox")).startsWith("0 0 900 ");
  }

  @Test
  void barHeightsAreProportionalToValuesOnALinearAxisFromZero() {
    Document doc = parse(new GroupedBarChart("Linear", LANGUAGES).addSeries("s", 1, 2, 4));

    Elements bars = doc.select("rect.bar");
    double h1 = num(bars.get(0), "height");
    assertThat(num(bars.get(1), "height")).isCloseTo(2 * h1, within(0.05));
    assertThat(num(bars.get(2), "height")).isCloseTo(4 * h1, within(0.05));
    double baseline = num(bars.get(0), "y") + h1;
    assertThat(num(bars.get(2), "y") + num(bars.get(2), "height"))
        .isCloseTo(baseline, within(0.02));
    assertThat(yTick(doc, "0")).isCloseTo(baseline, within(0.02));
  }

  @Test
  void logAxisPlacesPowersOfTenAtEqualSpacing() {
    Document doc =
        parse(new GroupedBarChart("Log", LANGUAGES).addSeries("s", 1, 10, 100).logScale(true));

    double y1 = yTick(doc, "1");
    double y10 = yTick(doc, "10");
    double y100 = yTick(doc, "100");
    assertThat(y1 - y10).isPositive().isCloseTo(y10 - y100, within(0.05));
    assertThat(doc.select("text.y-tick-label").eachText()).contains("2", "5", "20", "50");

    Elements bars = doc.select("rect.bar");
    assertThat(num(bars.get(1), "y")).isCloseTo(y10, within(0.05));
    assertThat(num(bars.get(2), "y")).isCloseTo(y100, within(0.05));
  }

  @Test
  void logAxisSnapsToOneTwoFiveInsteadOfWholeDecades() {
    Document doc =
        parse(new GroupedBarChart("Premium", LANGUAGES).addSeries("s", 1, 4, 15).logScale(true));

    assertThat(doc.select("text.y-tick-label").eachText())
        .containsExactly("1", "2", "5", "10", "20");
  }

  @Test
  void referenceLineSitsAtItsValue() {
    Document doc =
        parse(
            new GroupedBarChart("Ref", LANGUAGES)
                .addSeries("s", 0.5, 1.5, 2)
                .referenceLine(1.0, "parity with English"));

    Element line = doc.selectFirst("line.reference-line");
    assertThat(line).isNotNull();
    double expected = (yTick(doc, "0.0") + yTick(doc, "2.0")) / 2;
    assertThat(num(line, "y1")).isCloseTo(expected, within(0.05));
    assertThat(doc.select("text.reference-label").text()).isEqualTo("parity with English");
  }

  @Test
  void barsCarryHoverValues() {
    Document doc = parse(new GroupedBarChart("Hover", List.of("fr")).addSeries("tok-a", 1.5));

    assertThat(tooltip(doc.selectFirst("rect.bar"))).isEqualTo("fr — tok-a: 1.500");
  }

  @Test
  void missingValuesLeaveGaps() {
    Document doc =
        parse(
            new GroupedBarChart("Gaps", List.of("a", "b"))
                .addSeries("s1", Arrays.asList(1.0, null))
                .addSeries("s2", 2.0, Double.NaN));

    assertThat(doc.select("rect.bar")).hasSize(2);
  }

  @Test
  void negativeValuesHangBelowZero() {
    Document doc = parse(new GroupedBarChart("Signed", List.of("a", "b")).addSeries("s", 1, -1));

    Elements bars = doc.select("rect.bar");
    double zero = yTick(doc, "0.0");
    assertThat(num(bars.get(0), "y") + num(bars.get(0), "height")).isCloseTo(zero, within(0.02));
    assertThat(num(bars.get(1), "y")).isCloseTo(zero, within(0.02));
    assertThat(num(bars.get(1), "height")).isCloseTo(num(bars.get(0), "height"), within(0.05));
  }

  @Test
  void manyCategoriesGetRotatedLabels() {
    List<String> thirty = IntStream.range(0, 30).mapToObj(i -> "language-" + i).toList();
    Document doc =
        parse(
            new GroupedBarChart("Many", thirty)
                .addSeries("s", IntStream.range(1, 31).asDoubleStream().toArray()));

    Elements labels = doc.select("text.x-tick-label");
    assertThat(labels).hasSize(30);
    assertThat(labels).allSatisfy(l -> assertThat(l.attr("transform")).startsWith("rotate(-45 "));
  }

  @Test
  void mismatchedSeriesLengthNamesTheSeries() {
    GroupedBarChart chart = new GroupedBarChart("Bad", LANGUAGES);

    assertThatThrownBy(() -> chart.addSeries("tok-short", 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tok-short");
  }

  @Test
  void emptyChartsRenderAPlaceholder() {
    for (GroupedBarChart chart :
        List.of(
            new GroupedBarChart("No categories", List.of()).addSeries("s"),
            new GroupedBarChart("No series", LANGUAGES),
            new GroupedBarChart("All NaN", LANGUAGES)
                .addSeries("s", Double.NaN, Double.NaN, Double.NaN),
            new GroupedBarChart("Log of zeros", LANGUAGES)
                .addSeries("s", 0, 0, 0)
                .logScale(true))) {
      Document doc = parse(chart);
      assertThat(doc.select("rect.bar")).as(chart.title()).isEmpty();
      assertThat(doc.select("text.no-data-label").text()).as(chart.title()).isEqualTo("No data");
    }
  }
}
