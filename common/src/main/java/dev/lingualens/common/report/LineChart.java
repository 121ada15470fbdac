package dev.lingualens.common.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Objects;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/** Numeric x (e.g. layer index) against y, one line per series (e.g. language). */
public final class LineChart extends AbstractChart<LineChart> {
  private static final double PLOT_HEIGHT = 320;

  /** Beyond this many points per series, markers clutter more than they help. */
  private static final int MAX_MARKED_POINTS = 60;

  private record Series(String name, double[] x, double[] y) {}

  /** An interval around a series, at the series' x values. */
  private record Band(double[] low, double[] high) {}

  private final List<Series> series = new ArrayList<>();
  private final java.util.Map<String, Band> bands = new java.util.HashMap<>();
  private boolean logY;
  private double referenceValue = Double.NaN;
  private String referenceLabel = "";

  public LineChart(String title) {
    super(title);
  }

  /** y values at x = 0, 1, 2, … (e.g. one per layer). */
  public LineChart addSeries(String name, List<? extends Number> y) {
    double[] ys = toDoubles(y);
    return addSeries(name, IntStream.range(0, ys.length).asDoubleStream().toArray(), ys);
  }

  public LineChart addSeries(String name, List<? extends Number> x, List<? extends Number> y) {
    return addSeries(name, toDoubles(x), toDoubles(y));
  }

  /** Points are drawn in x order; a NaN in either coordinate breaks the line. */
  public LineChart addSeries(String name, double[] x, double[] y) {
    Objects.requireNonNull(name, "series name");
    requireLength("series", name, y.length, x.length, "x values");
    if (series.stream().anyMatch(s -> s.name().equals(name))) {
      throw new IllegalArgumentException("duplicate series '" + name + "'");
    }
    Integer[] order = IntStream.range(0, x.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
    series.add(
        new Series(
            name,
            Arrays.stream(order).mapToDouble(i -> x[i]).toArray(),
            Arrays.stream(order).mapToDouble(i -> y[i]).toArray()));
    return this;
  }

  /**
   * A shaded interval (e.g. a bootstrap CI) around an added series, drawn in its colour; {@code
   * low} and {@code high} are in the order the series' x values were given.
   */
  public LineChart addBand(String seriesName, double[] x, double[] low, double[] high) {
    Series s =
        series.stream()
            .filter(t -> t.name().equals(seriesName))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no series '" + seriesName + "'"));
    requireLength("band", seriesName, low.length, x.length, "x values");
    requireLength("band", seriesName, high.length, x.length, "x values");
    double[] lo = new double[s.x().length];
    double[] hi = new double[s.x().length];
    for (int i = 0; i < s.x().length; i++) {
      lo[i] = Double.NaN;
      hi[i] = Double.NaN;
      for (int j = 0; j < x.length; j++) {
        if (x[j] == s.x()[i]) {
          lo[i] = low[j];
          hi[i] = high[j];
        }
      }
    }
    bands.put(seriesName, new Band(lo, hi));
    return this;
  }

  public LineChart referenceLine(double y, String label) {
    this.referenceValue = y;
    this.referenceLabel = Objects.requireNonNullElse(label, "");
    return this;
  }

  public LineChart logScale(boolean enabled) {
    this.logY = enabled;
    return this;
  }

  @Override
  boolean hasData() {
    return series.stream()
        .anyMatch(
            s ->
                IntStream.range(0, s.x().length)
                    .anyMatch(i -> Double.isFinite(s.x()[i]) && Scale.isShowable(s.y()[i], logY)));
  }

  @Override
  String render() {
    DoubleSummaryStatistics xs =
        series.stream()
            .flatMapToDouble(s -> DoubleStream.of(s.x()))
            .filter(Double::isFinite)
            .summaryStatistics();
    Scale xScale = LinearScale.tight(xs.getMin(), xs.getMax());
    DoubleStream ys =
        DoubleStream.concat(
            series.stream().flatMapToDouble(s -> DoubleStream.of(s.y())),
            bands.values().stream()
                .flatMapToDouble(
                    b -> DoubleStream.concat(DoubleStream.of(b.low()), DoubleStream.of(b.high())))
                .filter(Double::isFinite));
    Scale yScale =
        Scale.covering(DoubleStream.concat(ys, DoubleStream.of(referenceValue)), logY, false)
            .orElseThrow();
    List<Legend.Entry> entries = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      entries.add(Legend.Entry.line(series.get(i).name(), Palette.color(i), Palette.dash(i)));
    }
    Legend legend = new Legend(entries, width - 2 * MARGIN);
    double left = leftMargin(Axes.tickLabelWidth(yScale, yScale::tickLabel));
    Plot plot =
        new Plot(left, TITLE_HEIGHT + legend.height() + 8, width - left - 2 * MARGIN, PLOT_HEIGHT);
    double tickArea = 22;
    double height = plot.bottom() + tickArea + footerHeight();

    Svg svg = new Svg(width, height, title());
    svg.title(title());
    legend.draw(svg, MARGIN, TITLE_HEIGHT);
    Axes.verticalValueAxis(svg, yScale, plot, yScale::tickLabel);
    Axes.horizontalValueAxis(svg, xScale, plot, xScale::tickLabel);
    Axes.horizontalReference(svg, yScale, plot, referenceValue, referenceLabel);
    for (int i = 0; i < series.size(); i++) {
      Band band = bands.get(series.get(i).name());
      if (band != null) {
        drawBand(svg, series.get(i), band, xScale, yScale, plot, Palette.color(i));
      }
    }
    for (int i = 0; i < series.size(); i++) {
      drawSeries(svg, series.get(i), xScale, yScale, plot, Palette.color(i), Palette.dash(i));
    }
    drawAxisTitlesAndCaption(svg, plot, plot.bottom() + tickArea);
    return svg.finish();
  }

  private static void drawSeries(
      Svg svg, Series s, Scale xScale, Scale yScale, Plot plot, String color, String dash) {
    StringBuilder d = new StringBuilder();
    boolean penDown = false;
    boolean markPoints = s.x().length <= MAX_MARKED_POINTS;
    List<double[]> markers = new ArrayList<>();
    for (int i = 0; i < s.x().length; i++) {
      double x = s.x()[i];
      double y = s.y()[i];
      if (!xScale.canShow(x) || !yScale.canShow(y)) {
        penDown = false;
        continue;
      }
      double px = plot.x(xScale, x);
      double py = plot.y(yScale, y);
      d.append(penDown ? " L" : (d.length() == 0 ? "M" : " M"))
          .append(Svg.num(px))
          .append(' ')
          .append(Svg.num(py));
      penDown = true;
      markers.add(new double[] {px, py, x, y});
    }
    if (d.length() > 0) {
      svg.path(d.toString(), color, 2, dash, "series-line", s.name());
    }
    if (markPoints) {
      for (double[] m : markers) {
        String tooltip = s.name() + " — x: " + compact(m[2]) + ", y: " + Format.number(m[3]);
        svg.circle(m[0], m[1], 3, color, "point", tooltip);
      }
    }
  }

  /** Upper edge left to right, lower edge back; points a scale cannot show are left out. */
  private static void drawBand(
      Svg svg, Series s, Band band, Scale xScale, Scale yScale, Plot plot, String color) {
    List<double[]> upper = new ArrayList<>();
    List<double[]> lower = new ArrayList<>();
    for (int i = 0; i < s.x().length; i++) {
      double x = s.x()[i];
      if (xScale.canShow(x) && yScale.canShow(band.low()[i]) && yScale.canShow(band.high()[i])) {
        upper.add(new double[] {plot.x(xScale, x), plot.y(yScale, band.high()[i])});
        lower.add(new double[] {plot.x(xScale, x), plot.y(yScale, band.low()[i])});
      }
    }
    if (upper.size() < 2) {
      return;
    }
    StringBuilder d = new StringBuilder();
    for (double[] p : upper) {
      d.append(d.length() == 0 ? "M" : " L")
          .append(Svg.num(p[0]))
          .append(' ')
          .append(Svg.num(p[1]));
    }
    for (int i = lower.size() - 1; i >= 0; i--) {
      d.append(" L").append(Svg.num(lower.get(i)[0])).append(' ').append(Svg.num(lower.get(i)[1]));
    }
    svg.area(d.append(" Z").toString(), color, 0.18, "series-band", s.name() + " interval");
  }

  private static String compact(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Format.number(value);
  }
}
