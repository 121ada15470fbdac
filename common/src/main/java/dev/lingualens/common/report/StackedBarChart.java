package dev.lingualens.common.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleFunction;
import java.util.stream.DoubleStream;

/**
 * One vertical bar per item (e.g. tokenizer), split into stacked segments per category (e.g. the
 * share of its vocabulary per script).
 */
public final class StackedBarChart extends AbstractChart<StackedBarChart> {
  private static final double PLOT_HEIGHT = 320;
  private static final double BAR_FILL = 0.7;
  private static final double MAX_BAR_WIDTH = 80;

  private final List<String> categories;
  private final Map<String, double[]> bars = new LinkedHashMap<>();
  private boolean normalized;

  /**
   * @param categories the stacked segments, bottom to top; they form the legend
   */
  public StackedBarChart(String title, List<String> categories) {
    super(title);
    this.categories = List.copyOf(categories);
  }

  public StackedBarChart addBar(String item, List<? extends Number> values) {
    return addBar(item, toDoubles(values));
  }

  /** Values per category in category order; NaN counts as 0, negatives are rejected. */
  public StackedBarChart addBar(String item, double... values) {
    Objects.requireNonNull(item, "item");
    requireLength("bar", item, values.length, categories.size(), "categories");
    for (double v : values) {
      if (v < 0 || Double.isInfinite(v)) {
        throw new IllegalArgumentException(
            "bar '" + item + "' has value " + v + "; stacked values must be finite and >= 0");
      }
    }
    if (bars.putIfAbsent(item, DoubleStream.of(values).map(v -> Double.isNaN(v) ? 0 : v).toArray())
        != null) {
      throw new IllegalArgumentException("duplicate bar '" + item + "'");
    }
    return this;
  }

  /** Rescales every bar to sum to 1 and labels the axis in percent. */
  public StackedBarChart normalized(boolean enabled) {
    this.normalized = enabled;
    return this;
  }

  @Override
  boolean hasData() {
    return bars.values().stream().anyMatch(v -> DoubleStream.of(v).sum() > 0);
  }

  @Override
  String render() {
    Scale scale =
        normalized
            ? new LinearScale(0, 1, 0.2)
            : LinearScale.covering(
                0,
                bars.values().stream().mapToDouble(v -> DoubleStream.of(v).sum()).max().orElse(1),
                true);
    DoubleFunction<String> tickLabel =
        normalized ? v -> Math.round(v * 100) + "%" : scale::tickLabel;
    double left = leftMargin(Axes.tickLabelWidth(scale, tickLabel));
    double plotWidth = width - left - MARGIN;
    List<String> items = new ArrayList<>(bars.keySet());
    double band = plotWidth / items.size();
    CategoryAxis axis = new CategoryAxis(items, band);
    List<Legend.Entry> entries = new ArrayList<>();
    for (int i = 0; i < categories.size(); i++) {
      entries.add(Legend.Entry.box(categories.get(i), Palette.color(i)));
    }
    Legend legend = new Legend(entries, width - 2 * MARGIN);
    Plot plot = new Plot(left, TITLE_HEIGHT + legend.height() + 8, plotWidth, PLOT_HEIGHT);
    double height = plot.bottom() + axis.height() + footerHeight();

    Svg svg = new Svg(width, height, title());
    svg.title(title());
    legend.draw(svg, MARGIN, TITLE_HEIGHT);
    Axes.verticalValueAxis(svg, scale, plot, tickLabel);
    double barWidth = Math.min(MAX_BAR_WIDTH, band * BAR_FILL);
    for (int b = 0; b < items.size(); b++) {
      double x = plot.left() + (b + 0.5) * band - barWidth / 2;
      drawStack(svg, scale, plot, items.get(b), bars.get(items.get(b)), x, barWidth);
    }
    svg.line(
        plot.left(), plot.bottom(), plot.right(), plot.bottom(), Palette.AXIS, 1, null, "axis");
    axis.draw(svg, i -> left + (i + 0.5) * band, plot.bottom());
    drawAxisTitlesAndCaption(svg, plot, plot.bottom() + axis.height());
    return svg.finish();
  }

  private void drawStack(
      Svg svg, Scale scale, Plot plot, String item, double[] values, double x, double barWidth) {
    double total = DoubleStream.of(values).sum();
    double divisor = normalized && total > 0 ? total : 1;
    double cumulative = 0;
    for (int c = 0; c < categories.size(); c++) {
      if (values[c] == 0) {
        continue;
      }
      double bottom = plot.y(scale, cumulative / divisor);
      cumulative += values[c];
      double top = plot.y(scale, cumulative / divisor);
      String tooltip =
          item
              + " — "
              + categories.get(c)
              + ": "
              + Format.number(values[c])
              + " ("
              + Format.percent(values[c] / total)
              + ")";
      svg.rect(x, top, barWidth, bottom - top, Palette.color(c), "segment", tooltip);
    }
  }
}
