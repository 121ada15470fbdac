package dev.lingualens.common.report;

import dev.lingualens.common.report.Svg.Anchor;
import dev.lingualens.common.report.Svg.TextStyle;
import java.util.ArrayList;
import java.util.List;

/** Series legend laid out left to right, wrapping onto as many rows as the width requires. */
final class Legend {
  static final double ROW_HEIGHT = 18;
  private static final double SWATCH = 12;
  private static final double GAP_AFTER_SWATCH = 5;
  private static final double GAP_BETWEEN = 16;
  private static final int MAX_LABEL_CHARS = 32;

  record Entry(String label, String color, String dash, boolean line) {
    static Entry box(String label, String color) {
      return new Entry(label, color, null, false);
    }

    static Entry line(String label, String color, String dash) {
      return new Entry(label, color, dash, true);
    }
  }

  private record Placed(Entry entry, String shownLabel, double x, int row) {}

  private final List<Placed> placed = new ArrayList<>();
  private final int rows;

  Legend(List<Entry> entries, double maxWidth) {
    double x = 0;
    int row = 0;
    for (Entry entry : entries) {
      String shown = TextMetrics.truncate(entry.label(), MAX_LABEL_CHARS);
      double width = SWATCH + GAP_AFTER_SWATCH + TextMetrics.width(shown, TextStyle.LABEL.size);
      if (x > 0 && x + width > maxWidth) {
        row++;
        x = 0;
      }
      placed.add(new Placed(entry, shown, x, row));
      x += width + GAP_BETWEEN;
    }
    rows = entries.isEmpty() ? 0 : row + 1;
  }

  double height() {
    return rows * ROW_HEIGHT;
  }

  void draw(Svg svg, double left, double top) {
    for (Placed p : placed) {
      double x = left + p.x();
      double y = top + p.row() * ROW_HEIGHT;
      Entry e = p.entry();
      if (e.line()) {
        svg.line(
            x,
            y + SWATCH / 2,
            x + SWATCH,
            y + SWATCH / 2,
            e.color(),
            2.5,
            e.dash(),
            "legend-swatch");
      } else {
        svg.rect(x, y, SWATCH, SWATCH, e.color(), "legend-swatch", null);
      }
      String tooltip = p.shownLabel().equals(e.label()) ? null : e.label();
      svg.text(
          x + SWATCH + GAP_AFTER_SWATCH,
          y + SWATCH - 1,
          p.shownLabel(),
          TextStyle.LABEL,
          Anchor.START,
          "legend-label",
          0,
          tooltip,
          null);
    }
  }
}
