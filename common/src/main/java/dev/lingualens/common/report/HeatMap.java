package dev.lingualens.common.report;

import dev.lingualens.common.report.Svg.Anchor;
import dev.lingualens.common.report.Svg.TextStyle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.DoubleStream;

/** Matrix of coloured cells (e.g. language × layer), sequential or diverging around zero. */
public final class HeatMap extends AbstractChart<HeatMap> {
  private static final double CELL_HEIGHT = 22;
  private static final double MAX_CELL_WIDTH = 64;
  private static final double LEGEND_AREA = 90;
  private static final double LEGEND_BAR_WIDTH = 14;
  private static final int LEGEND_STEPS = 40;

  /** Narrower cells cannot fit a formatted number. */
  private static final double MIN_WIDTH_FOR_VALUES = 40;

  private static final int MAX_ROW_LABEL_CHARS = 32;

  private final List<String> rows;
  private final List<String> columns;
  private final double[][] values;
  private final Map<String, Integer> rowIndex;
  private final Map<String, Integer> columnIndex;
  private boolean diverging;
  private double domainMin = Double.NaN;
  private double domainMax = Double.NaN;
  private boolean showValues;
  private String valueLabel = "";

  /** Starts with every cell missing (NaN); fill with {@link #set} or {@link #setRow}. */
  public HeatMap(String title, List<String> rowLabels, List<String> columnLabels) {
    super(title);
    this.rows = List.copyOf(rowLabels);
    this.columns = List.copyOf(columnLabels);
    this.rowIndex = indexOf("row", rows);
    this.columnIndex = indexOf("column", columns);
    this.values = new double[rows.size()][columns.size()];
    for (double[] row : values) {
      Arrays.fill(row, Double.NaN);
    }
  }

  public HeatMap(
      String title, List<String> rowLabels, List<String> columnLabels, double[][] values) {
    this(title, rowLabels, columnLabels);
    if (values.length != rows.size()) {
      throw new IllegalArgumentException(
          "heat map has " + rows.size() + " row labels but " + values.length + " rows");
    }
    for (int r = 0; r < values.length; r++) {
      setRow(rows.get(r), values[r]);
    }
  }

  public HeatMap set(String row, String column, double value) {
    values[lookup("row", rowIndex, row)][lookup("column", columnIndex, column)] = value;
    return this;
  }

  public HeatMap setRow(String row, double... rowValues) {
    requireLength("row", row, rowValues.length, columns.size(), "columns");
    System.arraycopy(rowValues, 0, values[lookup("row", rowIndex, row)], 0, rowValues.length);
    return this;
  }

  /** Blue below zero, red above, white at zero — for signed quantities such as ΔNLL. */
  public HeatMap diverging(boolean enabled) {
    this.diverging = enabled;
    return this;
  }

  /** Fixes the colour domain (e.g. 0–1 for shares) instead of fitting it to the data. */
  public HeatMap colorDomain(double min, double max) {
    if (!(min < max)) {
      throw new IllegalArgumentException("colour domain needs min < max, got " + min + ", " + max);
    }
    this.domainMin = min;
    this.domainMax = max;
    return this;
  }

  /** Prints each value inside its cell when cells are wide enough. */
  public HeatMap showValues(boolean enabled) {
    this.showValues = enabled;
    return this;
  }

  /** Title of the colour legend, e.g. "ΔNLL (nats)". */
  public HeatMap valueLabel(String label) {
    this.valueLabel = Objects.requireNonNullElse(label, "");
    return this;
  }

  /** The scale cells are coloured with; exposed so callers and tests can reason about colours. */
  public ColorScale colorScale() {
    double min = Double.isNaN(domainMin) ? finiteValues().min().orElse(0) : domainMin;
    double max = Double.isNaN(domainMax) ? finiteValues().max().orElse(1) : domainMax;
    return diverging
        ? ColorScale.diverging(Math.max(Math.abs(min), Math.abs(max)))
        : ColorScale.sequential(min, max);
  }

  private DoubleStream finiteValues() {
    return Arrays.stream(values).flatMapToDouble(DoubleStream::of).filter(Double::isFinite);
  }

  @Override
  boolean hasData() {
    return finiteValues().findAny().isPresent();
  }

  @Override
  String render() {
    ColorScale colors = colorScale();
    List<String> shownRows =
        rows.stream().map(r -> TextMetrics.truncate(r, MAX_ROW_LABEL_CHARS)).toList();
    double left = leftMargin(TextMetrics.maxWidth(shownRows, TextStyle.LABEL.size));
    double cellWidth =
        Math.min(MAX_CELL_WIDTH, (width - left - MARGIN - LEGEND_AREA) / columns.size());
    double top = TITLE_HEIGHT + (valueLabel.isEmpty() ? 4 : 20);
    Plot plot = new Plot(left, top, cellWidth * columns.size(), CELL_HEIGHT * rows.size());
    CategoryAxis columnAxis = new CategoryAxis(columns, cellWidth);
    double legendHeight = Math.max(100, Math.min(240, plot.height()));
    double height =
        Math.max(plot.bottom() + columnAxis.height(), plot.top() + legendHeight + 10)
            + footerHeight();

    Svg svg = new Svg(width, height, title());
    svg.title(title());
    for (int r = 0; r < rows.size(); r++) {
      double y = plot.top() + r * CELL_HEIGHT;
      svg.text(
          left - 6,
          y + CELL_HEIGHT / 2 + 4,
          shownRows.get(r),
          TextStyle.LABEL,
          Anchor.END,
          "row-label",
          0,
          shownRows.get(r).equals(rows.get(r)) ? null : rows.get(r),
          null);
      for (int c = 0; c < columns.size(); c++) {
        drawCell(svg, colors, plot.left() + c * cellWidth, y, cellWidth, r, c);
      }
    }
    columnAxis.draw(svg, c -> left + (c + 0.5) * cellWidth, plot.bottom());
    drawColorLegend(svg, colors, plot.right() + 24, plot.top(), legendHeight);
    drawAxisTitlesAndCaption(svg, plot, height - footerHeight());
    return svg.finish();
  }

  private void drawCell(
      Svg svg, ColorScale colors, double x, double y, double cellWidth, int r, int c) {
    double value = values[r][c];
    String fill = colors.color(value);
    String tooltip = rows.get(r) + " × " + columns.get(c) + ": " + Format.number(value);
    svg.rect(x, y, cellWidth, CELL_HEIGHT, fill, "cell", tooltip, "#ffffff");
    if (showValues && cellWidth >= MIN_WIDTH_FOR_VALUES && Double.isFinite(value)) {
      String textColor = ColorScale.isDark(fill) ? "#ffffff" : "#222222";
      svg.text(
          x + cellWidth / 2,
          y + CELL_HEIGHT / 2 + 3.5,
          Format.number(value),
          TextStyle.SMALL,
          Anchor.MIDDLE,
          "cell-value",
          0,
          null,
          textColor);
    }
  }

  /** Stepped bar rather than a gradient so several heat maps on one page need no unique ids. */
  private void drawColorLegend(Svg svg, ColorScale colors, double x, double top, double height) {
    if (!valueLabel.isEmpty()) {
      svg.text(x, top - 8, valueLabel, TextStyle.SMALL, Anchor.START, "legend-title");
    }
    double step = height / LEGEND_STEPS;
    for (int i = 0; i < LEGEND_STEPS; i++) {
      double value = colors.max() - (i + 0.5) / LEGEND_STEPS * (colors.max() - colors.min());
      svg.rect(
          x,
          top + i * step,
          LEGEND_BAR_WIDTH,
          step + 0.5,
          colors.color(value),
          "legend-step",
          null);
    }
    double labelX = x + LEGEND_BAR_WIDTH + 4;
    double middle = (colors.min() + colors.max()) / 2;
    svg.text(
        labelX,
        top + 8,
        Format.number(colors.max()),
        TextStyle.SMALL,
        Anchor.START,
        "legend-label");
    svg.text(
        labelX,
        top + height / 2 + 3,
        Format.number(middle),
        TextStyle.SMALL,
        Anchor.START,
        "legend-label");
    svg.text(
        labelX,
        top + height,
        Format.number(colors.min()),
        TextStyle.SMALL,
        Anchor.START,
        "legend-label");
  }

  private static Map<String, Integer> indexOf(String kind, List<String> labels) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      if (index.putIfAbsent(labels.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate " + kind + " label '" + labels.get(i) + "'");
      }
    }
    return index;
  }

  private static int lookup(String kind, Map<String, Integer> index, String label) {
    Integer i = index.get(label);
    if (i == null) {
      throw new IllegalArgumentException("unknown " + kind + " '" + label + "'");
    }
    return i;
  }
}
