package dev.lingualens.common.report;

import dev.lingualens.common.report.Svg.Anchor;
import dev.lingualens.common.report.Svg.TextStyle;
import java.util.List;
import java.util.Objects;

/** Title, axis titles, caption and width shared by every chart, plus the no-data fallback. */
public abstract class AbstractChart<S extends AbstractChart<S>> implements Chart {
  static final double DEFAULT_WIDTH = 900;
  static final double MARGIN = 12;

  /** Room for the chart title; its baseline sits at y = 20. */
  static final double TITLE_HEIGHT = 32;

  private final String title;
  String xLabel = "";
  String yLabel = "";
  String caption = "";
  double width = DEFAULT_WIDTH;

  AbstractChart(String title) {
    this.title = Objects.requireNonNull(title, "title");
  }

  public S xLabel(String label) {
    this.xLabel = Objects.requireNonNullElse(label, "");
    return self();
  }

  public S yLabel(String label) {
    this.yLabel = Objects.requireNonNullElse(label, "");
    return self();
  }

  /** A line of small text under the chart, e.g. correlation coefficients or the sample size. */
  public S caption(String text) {
    this.caption = Objects.requireNonNullElse(text, "");
    return self();
  }

  /** Width in SVG units (the page scales the chart down on narrow screens). */
  public S width(int pixels) {
    if (pixels < 300) {
      throw new IllegalArgumentException("chart width must be at least 300, got " + pixels);
    }
    this.width = pixels;
    return self();
  }

  @Override
  public String title() {
    return title;
  }

  @Override
  public final String toSvg() {
    return hasData() ? render() : Svg.noData(title, width);
  }

  abstract boolean hasData();

  abstract String render();

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  double leftMargin(double tickLabelWidth) {
    return MARGIN + (yLabel.isEmpty() ? 0 : Axes.TITLE_GAP) + tickLabelWidth + 8;
  }

  double footerHeight() {
    return (xLabel.isEmpty() ? 0 : Axes.TITLE_GAP)
        + (caption.isEmpty() ? 0 : Axes.TITLE_GAP)
        + MARGIN / 2;
  }

  /** Axis titles and caption; {@code axisBottom} is where the tick or category labels end. */
  void drawAxisTitlesAndCaption(Svg svg, Plot plot, double axisBottom) {
    Axes.verticalTitle(svg, yLabel, MARGIN + 10, plot);
    Axes.horizontalTitle(svg, xLabel, plot, axisBottom + 14);
    if (!caption.isEmpty()) {
      double y = axisBottom + (xLabel.isEmpty() ? 0 : Axes.TITLE_GAP) + 14;
      svg.text(MARGIN, y, caption, TextStyle.CAPTION, Anchor.START, "chart-caption");
    }
  }

  static double[] toDoubles(List<? extends Number> values) {
    Objects.requireNonNull(values, "values");
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      Number n = values.get(i);
      out[i] = n == null ? Double.NaN : n.doubleValue();
    }
    return out;
  }

  static void requireLength(
      String kind, String name, int actual, int expected, String expectedWhat) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          kind
              + " '"
              + name
              + "' has "
              + actual
              + " values but there are "
              + expected
              + " "
              + expectedWhat);
    }
  }
}
