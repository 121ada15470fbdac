package dev.lingualens.common.report;

import dev.lingualens.common.report.Svg.Anchor;
import dev.lingualens.common.report.Svg.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Labelled points (e.g. languages: corpus size vs. token premium), optionally coloured by group.
 */
public final class ScatterChart extends AbstractChart<ScatterChart> {
  private static final double PLOT_HEIGHT = 380;
  private static final int MAX_LABEL_CHARS = 20;
  private static final String UNGROUPED_COLOR = "#888888";

  private record Point(String label, double x, double y, String group) {}

  private final List<Point> points = new ArrayList<>();
  private boolean logX;
  private boolean logY;
  private boolean labelPoints = true;

  public ScatterChart(String title) {
    super(title);
  }

  public ScatterChart addPoint(String label, double x, double y) {
    return addPoint(label, x, y, null);
  }

  /**
   * @param group colour/legend group (e.g. script or family); null for the default colour
   */
  public ScatterChart addPoint(String label, double x, double y, String group) {
    points.add(new Point(Objects.requireNonNull(label, "label"), x, y, group));
    return this;
  }

  public ScatterChart logX(boolean enabled) {
    this.logX = enabled;
    return this;
  }

  public ScatterChart logY(boolean enabled) {
    this.logY = enabled;
    return this;
  }

  /** Whether to print each point's label beside it (hover text is always present). */
  public ScatterChart labelPoints(boolean enabled) {
    this.labelPoints = enabled;
    return this;
  }

  @Override
  boolean hasData() {
    return points.stream().anyMatch(this::isShown);
  }

  private boolean isShown(Point p) {
    return Scale.isShowable(p.x(), logX) && Scale.isShowable(p.y(), logY);
  }

  @Override
  String render() {
    List<Point> shown = points.stream().filter(this::isShown).toList();
    Scale xScale = Scale.covering(shown.stream().mapToDouble(Point::x), logX, false).orElseThrow();
    Scale yScale = Scale.covering(shown.stream().mapToDouble(Point::y), logY, false).orElseThrow();
    Map<String, String> groupColors = groupColors();
    List<Legend.Entry> entries = new ArrayList<>();
    groupColors.forEach((group, color) -> entries.add(Legend.Entry.box(group, color)));
    Legend legend = new Legend(entries, width - 2 * MARGIN);
    double left = leftMargin(Axes.tickLabelWidth(yScale, yScale::tickLabel));
    double top = TITLE_HEIGHT + legend.height() + 8;
    Plot plot = new Plot(left, top, width - left - 2 * MARGIN, PLOT_HEIGHT);
    double tickArea = 22;
    double height = plot.bottom() + tickArea + footerHeight();

    Svg svg = new Svg(width, height, title());
    svg.title(title());
    legend.draw(svg, MARGIN, TITLE_HEIGHT);
    Axes.verticalValueAxis(svg, yScale, plot, yScale::tickLabel);
    Axes.horizontalValueAxis(svg, xScale, plot, xScale::tickLabel);
    for (Point p : shown) {
      double x = plot.x(xScale, p.x());
      double y = plot.y(yScale, p.y());
      String color =
          p.group() != null
              ? groupColors.get(p.group())
              : groupColors.isEmpty() ? Palette.color(0) : UNGROUPED_COLOR;
      String tooltip = p.label() + " — x: " + Format.number(p.x()) + ", y: " + Format.number(p.y());
      svg.circle(x, y, 4, color, "point", tooltip);
      if (labelPoints) {
        String label = TextMetrics.truncate(p.label(), MAX_LABEL_CHARS);
        boolean fitsOnTheRight =
            x + 6 + TextMetrics.width(label, TextStyle.SMALL.size) <= width - MARGIN / 2;
        svg.text(
            fitsOnTheRight ? x + 6 : x - 6,
            y - 5,
            label,
            TextStyle.SMALL,
            fitsOnTheRight ? Anchor.START : Anchor.END,
            "point-label");
      }
    }
    drawAxisTitlesAndCaption(svg, plot, plot.bottom() + tickArea);
    return svg.finish();
  }

  private Map<String, String> groupColors() {
    Map<String, String> colors = new LinkedHashMap<>();
    for (Point p : points) {
      if (p.group() != null && !colors.containsKey(p.group())) {
        colors.put(p.group(), Palette.color(colors.size()));
      }
    }
    return colors;
  }
}
