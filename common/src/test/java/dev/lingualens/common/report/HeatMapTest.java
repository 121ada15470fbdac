package dev.lingualens.common.report;

import static dev.lingualens.common.report.SvgAssertions.parse;
import static dev.lingualens.common.report.SvgAssertions.tooltip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

class HeatMapTest {
  private static final List<String> LANGUAGES = List.of("en", "hi", "zh");
  private static final List<String> LAYERS = List.of("L0", "L1", "L2", "L3");

  private static HeatMap sample() {
    return new HeatMap(
        "NLL by layer",
        LANGUAGES,
        LAYERS,
        new double[][] {
          {0.1, 0.2, 0.3, 0.4},
          {0.5, 0.9, 0.7, 0.6},
          {0.2, 0.3, Double.NaN, 0.8}
        });
  }

  private static Element cell(Document doc, String tooltipPrefix) {
    return doc.select("rect.cell").stream()
        .filter(c -> tooltip(c).startsWith(tooltipPrefix))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void drawsOneCellPerRowAndColumn() {
    Document doc = parse(sample());

    assertThat(doc.select("rect.cell")).hasSize(LANGUAGES.size() * LAYERS.size());
    assertThat(doc.select("text.row-label").eachText()).containsExactlyElementsOf(LANGUAGES);
    assertThat(doc.select("text.x-tick-label").eachText()).containsExactlyElementsOf(LAYERS);
  }

  @Test
  void sequentialScaleGivesTheExtremeColoursToMinAndMax() {
    HeatMap map = sample();
    Document doc = parse(map);

    assertThat(cell(doc, "hi × L1:").attr("fill")).isEqualTo(map.colorScale().highestColor());
    assertThat(cell(doc, "en × L0:").attr("fill")).isEqualTo(map.colorScale().lowestColor());
    assertThat(cell(doc, "en × L1:").attr("fill"))
        .isNotEqualTo(map.colorScale().highestColor())
        .isNotEqualTo(map.colorScale().lowestColor());
  }

  @Test
  void missingCellsAreGreyWithADashTooltip() {
    Element missing = cell(parse(sample()), "zh × L2:");

    assertThat(missing.attr("fill")).isEqualTo(ColorScale.MISSING_COLOR);
    assertThat(tooltip(missing)).isEqualTo("zh × L2: –");
  }

  @Test
  void divergingScaleIsCentredOnZero() {
    HeatMap map =
        new HeatMap(
                "ΔNLL", List.of("a"), List.of("neg", "zero", "pos"), new double[][] {{-2, 0, 1}})
            .diverging(true);
    Document doc = parse(map);

    assertThat(cell(doc, "a × neg:").attr("fill")).isEqualTo(map.colorScale().lowestColor());
    assertThat(cell(doc, "a × zero:").attr("fill")).isEqualTo("#f7f7f7");
    String halfRed = cell(doc, "a × pos:").attr("fill");
    assertThat(halfRed).isNotEqualTo(map.colorScale().highestColor());
    assertThat(Integer.parseInt(halfRed.substring(1, 3), 16))
        .as("red channel dominates above zero")
        .isGreaterThan(Integer.parseInt(halfRed.substring(5, 7), 16));
  }

  @Test
  void hasAColourLegendSpanningTheDomain() {
    HeatMap map = sample().valueLabel("NLL (nats)");
    Document doc = parse(map);

    Elements steps = doc.select("rect.legend-step");
    assertThat(steps).hasSizeGreaterThan(10);
    assertThat(doc.select("text.legend-label").eachText()).contains("0.900", "0.100");
    assertThat(doc.select("text.legend-title").text()).isEqualTo("NLL (nats)");
  }

  @Test
  void cellValuesCanBePrinted() {
    Document doc = parse(sample().showValues(true));

    assertThat(doc.select("text.cell-value").eachText()).hasSize(11).contains("0.900");
  }

  @Test
  void buildsCellByCellFromLabels() {
    HeatMap map =
        new HeatMap("Sparse", LANGUAGES, LAYERS).set("hi", "L3", 2.0).setRow("en", 1, 2, 3, 4);

    assertThat(
            parse(map).select("rect.cell").stream()
                .filter(c -> !c.attr("fill").equals(ColorScale.MISSING_COLOR)))
        .hasSize(5);
    assertThatThrownBy(() -> map.set("xx", "L0", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("xx");
  }

  @Test
  void mismatchedRowNamesTheRow() {
    assertThatThrownBy(
            () ->
                new HeatMap(
                    "Bad", List.of("en", "hi"), List.of("a", "b"), new double[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hi");
  }

  @Test
  void allMissingRendersAPlaceholder() {
    Document doc = parse(new HeatMap("Empty", LANGUAGES, LAYERS));

    assertThat(doc.select("rect.cell")).isEmpty();
    assertThat(doc.select("text.no-data-label").text()).isEqualTo("No data");
  }
}
