package dev.lingualens.common.report;

import dev.lingualens.common.report.Svg.Anchor;
import dev.lingualens.common.report.Svg.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.DoubleStream;

/** One labelled horizontal bar per row, in insertion order, with optional confidence intervals. */
public final class HorizontalBarChart extends AbstractChart<HorizontalBarChart> {
  private static final double ROW_HEIGHT = 22;
  private static final double BAR_THICKNESS = 0.65;
  private static final double CAP_HEIGHT = 8;
  private static final int MAX_LABEL_CHARS = 32;

  private record Bar(String label, double value, double lower, double upper) {
    boolean hasInterval() {
      return !Double.isNaN(lower) && !Double.isNaN(upper);
    }
  }

  private final List<Bar> bars = new ArrayList<>();
  private boolean logScale;
  private double referenceValue = Double.NaN;
  private String referenceLabel = "";

  public HorizontalBarChart(String title) {
    super(title);
  }

  public HorizontalBarChart addBar(String label, double value) {
    return addBar(label, value, Double.NaN, Double.NaN);
  }

  /**
   * @param lower lower end of the error bar (e.g. 2.5th bootstrap percentile); NaN for none
   */
  public HorizontalBarChart addBar(String label, double value, double lower, double upper) {
    Objects.requireNonNull(label, "label");
    if (lower > upper) {
      throw new IllegalArgumentException(
          "bar '" + label + "' has lower bound " + lower + " above upper " + upper);
    }
    bars.add(new Bar(label, value, lower, upper));
    return this;
  }

  /** A dashed vertical line, e.g. x = 1 for parity. */
  public HorizontalBarChart referenceLine(double x, String label) {
    this.referenceValue = x;
    this.referenceLabel = Objects.requireNonNullElse(label, "");
    return this;
  }

  public HorizontalBarChart logScale(boolean enabled) {
    this.logScale = enabled;
    return this;
  }

  @Override
  boolean hasData() {
    return bars.stream().anyMatch(b -> Scale.isShowable(b.value(), logScale));
  }

  @Override
  String render() {
    DoubleStream extents =
        bars.stream().flatMapToDouble(b -> DoubleStream.of(b.value(), b.lower(), b.upper()));
    Scale scale =
        Scale.covering(
                DoubleStream.concat(extents, DoubleStream.of(referenceValue)), logScale, true)
            .orElseThrow();
    List<String> shownLabels =
        bars.stream().map(b -> TextMetrics.truncate(b.label(), MAX_LABEL_CHARS)).toList();
    double left = leftMargin(TextMetrics.maxWidth(shownLabels, TextStyle.LABEL.size));
    double top = TITLE_HEIGHT + 4 + (referenceLabel.isEmpty() ? 0 : Axes.REFERENCE_LABEL_HEIGHT);
    Plot plot = new Plot(left, top, width - left - MARGIN * 2, bars.size() * ROW_HEIGHT);
    double tickArea = 22;
    double height = plot.bottom() + tickArea + footerHeight();

    Svg svg = new Svg(width, height, title());
    svg.title(title());
    Axes.horizontalValueAxis(svg, scale, plot, scale::tickLabel);
    double baselineX = plot.x(scale, scale.baseline());
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double centerY = plot.top() + (i + 0.5) * ROW_HEIGHT;
      String shown = shownLabels.get(i);
      svg.text(
          left - 6,
          centerY + 4,
          shown,
          TextStyle.LABEL,
          Anchor.END,
          "bar-label",
          0,
          shown.equals(bar.label()) ? null : bar.label(),
          null);
      if (!scale.canShow(bar.value())) {
        continue;
      }
      double x = plot.x(scale, bar.value());
      double thickness = ROW_HEIGHT * BAR_THICKNESS;
      svg.rect(
          Math.min(x, baselineX),
          centerY - thickness / 2,
          Math.abs(x - baselineX),
          thickness,
          Palette.color(0),
          "bar",
          tooltip(bar));
      if (bar.hasInterval() && scale.canShow(bar.lower()) && scale.canShow(bar.upper())) {
        drawErrorBar(svg, plot.x(scale, bar.lower()), plot.x(scale, bar.upper()), centerY);
      }
    }
    svg.line(baselineX, plot.top(), baselineX, plot.bottom(), Palette.AXIS, 1, null, "axis");
    Axes.verticalReference(svg, scale, plot, referenceValue, referenceLabel);
    drawAxisTitlesAndCaption(svg, plot, plot.bottom() + tickArea);
    return svg.finish();
  }

  private static void drawErrorBar(Svg svg, double x1, double x2, double y) {
    String color = "#222222";
    svg.line(x1, y, x2, y, color, 1.25, null, "error-bar");
    svg.line(x1, y - CAP_HEIGHT / 2, x1, y + CAP_HEIGHT / 2, color, 1.25, null, "error-cap");
    svg.line(x2, y - CAP_HEIGHT / 2, x2, y + CAP_HEIGHT / 2, color, 1.25, null, "error-cap");
  }

  private static String tooltip(Bar bar) {
    String text = bar.label() + ": " + Format.number(bar.value());
    if (bar.hasInterval()) {
      text += " [" + Format.number(bar.lower()) + ", " + Format.number(bar.upper()) + "]";
    }
    return text;
  }
}
