package dev.lingualens.common.report;

import static dev.lingualens.common.report.SvgAssertions.num;
import static dev.lingualens.common.report.SvgAssertions.parse;
import static dev.lingualens.common.report.SvgAssertions.tooltip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

class HorizontalBarChartTest {

  @Test
  void keepsRankOrderAndScalesBarLengths() {
    Document doc =
        parse(
            new HorizontalBarChart("Ranking")
                .addBar("my", 4.0)
                .addBar("hi", 2.0)
                .addBar("en", 1.0));

    assertThat(doc.select("text.bar-label").eachText()).containsExactly("my", "hi", "en");
    Elements bars = doc.select("rect.bar");
    assertThat(bars).hasSize(3);
    double unit = num(bars.get(2), "width");
    assertThat(num(bars.get(0), "width")).isCloseTo(4 * unit, within(0.05));
    assertThat(num(bars.get(0), "y")).isLessThan(num(bars.get(1), "y"));
  }

  @Test
  void errorBarsSpanTheInterval() {
    Document doc =
        parse(
            new HorizontalBarChart("CI")
                .addBar("with interval", 2.0, 1.0, 3.0)
                .addBar("without", 1.0));

    Element bar = doc.selectFirst("rect.bar");
    double x0 = num(bar, "x");
    double perUnit = num(bar, "width") / 2;
    Elements errorBars = doc.select("line.error-bar");
    assertThat(errorBars).hasSize(1);
    assertThat(num(errorBars.get(0), "x1")).isCloseTo(x0 + perUnit, within(0.05));
    assertThat(num(errorBars.get(0), "x2")).isCloseTo(x0 + 3 * perUnit, within(0.05));
    assertThat(doc.select("line.error-cap")).hasSize(2);
    assertThat(tooltip(bar)).isEqualTo("with interval: 2.000 [1.000, 3.000]");
  }

  @Test
  void rejectsInvertedIntervals() {
    assertThatThrownBy(() -> new HorizontalBarChart("Bad").addBar("sw", 1, 2, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sw");
  }

  @Test
  void emptyRendersAPlaceholder() {
    assertThat(parse(new HorizontalBarChart("Nothing")).select("text.no-data-label").text())
        .isEqualTo("No data");
  }
}
