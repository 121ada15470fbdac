package dev.lingualens.common.report;

import dev.lingualens.common.report.Svg.Anchor;
import dev.lingualens.common.report.Svg.TextStyle;
import java.util.function.DoubleFunction;

/** Gridlines, tick labels and axis titles for value (numeric) axes. */
final class Axes {
  static final double TITLE_GAP = 20;
  static final double REFERENCE_LABEL_HEIGHT = 14;

  private Axes() {}

  static double tickLabelWidth(Scale scale, DoubleFunction<String> labeler) {
    double max = 0;
    for (double tick : scale.ticks()) {
      max = Math.max(max, TextMetrics.width(labeler.apply(tick), TextStyle.TICK.size));
    }
    return max;
  }

  static void verticalValueAxis(Svg svg, Scale scale, Plot plot, DoubleFunction<String> labeler) {
    for (double tick : scale.ticks()) {
      double y = plot.y(scale, tick);
      svg.line(plot.left(), y, plot.right(), y, Palette.GRID, 1, null, "grid");
      svg.textCenteredOn(
          plot.left() - 6, y, labeler.apply(tick), TextStyle.TICK, Anchor.END, "y-tick-label");
    }
    svg.line(plot.left(), plot.top(), plot.left(), plot.bottom(), Palette.AXIS, 1, null, "axis");
  }

  static void horizontalValueAxis(Svg svg, Scale scale, Plot plot, DoubleFunction<String> labeler) {
    for (double tick : scale.ticks()) {
      double x = plot.x(scale, tick);
      svg.line(x, plot.top(), x, plot.bottom(), Palette.GRID, 1, null, "grid");
      svg.text(
          x,
          plot.bottom() + 16,
          labeler.apply(tick),
          TextStyle.TICK,
          Anchor.MIDDLE,
          "x-tick-label");
    }
    svg.line(
        plot.left(), plot.bottom(), plot.right(), plot.bottom(), Palette.AXIS, 1, null, "axis");
  }

  static void verticalTitle(Svg svg, String label, double x, Plot plot) {
    if (!label.isEmpty()) {
      double y = plot.top() + plot.height() / 2;
      svg.text(
          x,
          y,
          label,
          TextStyle.AXIS_LABEL,
          Anchor.MIDDLE,
          "axis-label y-axis-label",
          -90,
          null,
          null);
    }
  }

  static void horizontalTitle(Svg svg, String label, Plot plot, double y) {
    if (!label.isEmpty()) {
      svg.text(
          plot.left() + plot.width() / 2,
          y,
          label,
          TextStyle.AXIS_LABEL,
          Anchor.MIDDLE,
          "axis-label x-axis-label");
    }
  }

  /** Dashed line across the plot at a value, labelled at its right end. */
  static void horizontalReference(Svg svg, Scale scale, Plot plot, double value, String label) {
    if (!scale.canShow(value)) {
      return;
    }
    double y = plot.y(scale, value);
    svg.line(
        plot.left(), y, plot.right(), y, Palette.REFERENCE_LINE, 1.25, "5 4", "reference-line");
    if (!label.isEmpty()) {
      svg.haloText(plot.right() - 4, y - 4, label, TextStyle.SMALL, Anchor.END, "reference-label");
    }
  }

  /** The label goes above the plot, so callers reserve {@link #REFERENCE_LABEL_HEIGHT} there. */
  static void verticalReference(Svg svg, Scale scale, Plot plot, double value, String label) {
    if (!scale.canShow(value)) {
      return;
    }
    double x = plot.x(scale, value);
    svg.line(
        x, plot.top(), x, plot.bottom(), Palette.REFERENCE_LINE, 1.25, "5 4", "reference-line");
    if (!label.isEmpty()) {
      svg.haloText(x, plot.top() - 4, label, TextStyle.SMALL, Anchor.MIDDLE, "reference-label");
    }
  }
}
