package dev.lingualens.common.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.DoubleStream;

/** Vertical bars: one group per category (e.g. language), one bar per series (e.g. tokenizer). */
public final class GroupedBarChart extends AbstractChart<GroupedBarChart> {
  private static final double PLOT_HEIGHT = 340;
  private static final double GROUP_PADDING = 0.2;

  private final List<String> categories;
  private final Map<String, double[]> series = new LinkedHashMap<>();
  private boolean logScale;
  private double referenceValue = Double.NaN;
  private String referenceLabel = "";

  public GroupedBarChart(String title, List<String> categories) {
    super(title);
    this.categories = List.copyOf(categories);
  }

  /** Values in category order; null or NaN leaves a gap. */
  public GroupedBarChart addSeries(String name, List<? extends Number> values) {
    return addSeries(name, toDoubles(values));
  }

  public GroupedBarChart addSeries(String name, double... values) {
    Objects.requireNonNull(name, "series name");
    requireLength("series", name, values.length, categories.size(), "categories");
    if (series.putIfAbsent(name, values.clone()) != null) {
      throw new IllegalArgumentException("duplicate series '" + name + "'");
    }
    return this;
  }

  /** A dashed horizontal line, e.g. y = 1 labelled "parity with English". */
  public GroupedBarChart referenceLine(double y, String label) {
    this.referenceValue = y;
    this.referenceLabel = Objects.requireNonNullElse(label, "");
    return this;
  }

  /** Log-scaled y axis; non-positive values are left out. */
  public GroupedBarChart logScale(boolean enabled) {
    this.logScale = enabled;
    return this;
  }

  @Override
  boolean hasData() {
    return allValues().anyMatch(v -> Scale.isShowable(v, logScale));
  }

  private DoubleStream allValues() {
    return series.values().stream().flatMapToDouble(DoubleStream::of);
  }

  @Override
  String render() {
    Scale scale =
        Scale.covering(
                DoubleStream.concat(allValues(), DoubleStream.of(referenceValue)), logScale, true)
            .orElseThrow();
    double left = leftMargin(Axes.tickLabelWidth(scale, scale::tickLabel));
    double plotWidth = width - left - MARGIN;
    double band = plotWidth / categories.size();
    CategoryAxis axis = new CategoryAxis(categories, band);
    Legend legend = new Legend(legendEntries(), width - 2 * MARGIN);
    double top = TITLE_HEIGHT + legend.height() + 8;
    Plot plot = new Plot(left, top, plotWidth, PLOT_HEIGHT);
    double height = plot.bottom() + axis.height() + footerHeight();

    Svg svg = new Svg(width, height, title());
    svg.title(title());
    legend.draw(svg, MARGIN, TITLE_HEIGHT);
    Axes.verticalValueAxis(svg, scale, plot, scale::tickLabel);
    drawBars(svg, scale, plot, band);
    double baselineY = plot.y(scale, scale.baseline());
    svg.line(plot.left(), baselineY, plot.right(), baselineY, Palette.AXIS, 1, null, "axis");
    Axes.horizontalReference(svg, scale, plot, referenceValue, referenceLabel);
    axis.draw(svg, i -> left + (i + 0.5) * band, plot.bottom());
    drawAxisTitlesAndCaption(svg, plot, plot.bottom() + axis.height());
    return svg.finish();
  }

  private void drawBars(Svg svg, Scale scale, Plot plot, double band) {
    double barWidth = band * (1 - GROUP_PADDING) / series.size();
    double baselineY = plot.y(scale, scale.baseline());
    int seriesIndex = 0;
    for (Map.Entry<String, double[]> s : series.entrySet()) {
      String color = Palette.color(seriesIndex);
      for (int c = 0; c < categories.size(); c++) {
        double value = s.getValue()[c];
        if (!scale.canShow(value)) {
          continue;
        }
        double x = plot.left() + c * band + band * GROUP_PADDING / 2 + seriesIndex * barWidth;
        double y = plot.y(scale, value);
        String tooltip = categories.get(c) + " — " + s.getKey() + ": " + Format.number(value);
        svg.rect(
            x, Math.min(y, baselineY), barWidth, Math.abs(baselineY - y), color, "bar", tooltip);
      }
      seriesIndex++;
    }
  }

  private List<Legend.Entry> legendEntries() {
    List<Legend.Entry> entries = new ArrayList<>();
    int i = 0;
    for (String name : series.keySet()) {
      entries.add(Legend.Entry.box(name, Palette.color(i++)));
    }
    return entries;
  }
}
