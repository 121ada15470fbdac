package dev.lingualens.common.report;

import static dev.lingualens.common.report.SvgAssertions.num;
import static dev.lingualens.common.report.SvgAssertions.parse;
import static dev.lingualens.common.report.SvgAssertions.yTick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

class StackedBarChartTest {
  private static final List<String> SCRIPTS = List.of("Latin", "Cyrillic", "Han");

  @Test
  void normalizedBarsFillTheAxisFromZeroToHundredPercent() {
    Document doc =
        parse(
            new StackedBarChart("Vocabulary by script", SCRIPTS)
                .addBar("tok-a", 60, 30, 10)
                .addBar("tok-b", 2, 1, 1)
                .normalized(true));

    Elements segments = doc.select("rect.segment");
    assertThat(segments).hasSize(6);
    double fullHeight = yTick(doc, "0%") - yTick(doc, "100%");
    double tokA = segments.subList(0, 3).stream().mapToDouble(s -> num(s, "height")).sum();
    double tokB = segments.subList(3, 6).stream().mapToDouble(s -> num(s, "height")).sum();
    assertThat(tokA).isCloseTo(fullHeight, within(0.1));
    assertThat(tokB).isCloseTo(fullHeight, within(0.1));
    assertThat(num(segments.get(0), "height")).isCloseTo(0.6 * fullHeight, within(0.05));
    assertThat(doc.select("text.legend-label").eachText()).containsExactlyElementsOf(SCRIPTS);
  }

  @Test
  void rawValuesStackOnTopOfEachOther() {
    Document doc = parse(new StackedBarChart("Counts", SCRIPTS).addBar("tok", 1, 0, 3));

    Elements segments = doc.select("rect.segment");
    assertThat(segments).as("zero segments are skipped").hasSize(2);
    assertThat(num(segments.get(1), "y") + num(segments.get(1), "height"))
        .isCloseTo(num(segments.get(0), "y"), within(0.02));
    assertThat(num(segments.get(1), "height"))
        .isCloseTo(3 * num(segments.get(0), "height"), within(0.05));
  }

  @Test
  void rejectsNegativeAndMismatchedValuesNamingTheBar() {
    StackedBarChart chart = new StackedBarChart("Bad", SCRIPTS);

    assertThatThrownBy(() -> chart.addBar("neg", 1, -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neg");
    assertThatThrownBy(() -> chart.addBar("short", 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("short");
  }
}
