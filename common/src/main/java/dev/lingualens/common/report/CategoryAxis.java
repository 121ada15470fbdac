package dev.lingualens.common.report;

import dev.lingualens.common.report.Svg.Anchor;
import dev.lingualens.common.report.Svg.TextStyle;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/** Labels under a row of bands; rotated −45° once they would collide (e.g. 30+ languages). */
final class CategoryAxis {
  private static final int MAX_LABEL_CHARS = 28;
  private static final double SIN_45 = Math.sqrt(0.5);

  private final List<String> labels;
  private final boolean rotated;
  private final double longest;

  CategoryAxis(List<String> labels, double bandWidth) {
    this.labels = labels;
    this.longest =
        TextMetrics.maxWidth(
            labels.stream().map(CategoryAxis::shorten).toList(), TextStyle.TICK.size);
    this.rotated = labels.size() > 8 || longest > bandWidth - 4;
  }

  double height() {
    return rotated ? longest * SIN_45 + TextStyle.TICK.size + 10 : 22;
  }

  /**
   * @param centerOf x of each band's centre, by index
   */
  void draw(Svg svg, IntToDoubleFunction centerOf, double axisY) {
    for (int i = 0; i < labels.size(); i++) {
      String full = labels.get(i);
      String shown = shorten(full);
      String tooltip = shown.equals(full) ? null : full;
      double x = centerOf.applyAsDouble(i);
      if (rotated) {
        svg.text(
            x + 3,
            axisY + 12,
            shown,
            TextStyle.TICK,
            Anchor.END,
            "x-tick-label",
            -45,
            tooltip,
            null);
      } else {
        svg.text(
            x, axisY + 16, shown, TextStyle.TICK, Anchor.MIDDLE, "x-tick-label", 0, tooltip, null);
      }
    }
  }

  private static String shorten(String label) {
    return TextMetrics.truncate(label, MAX_LABEL_CHARS);
  }
}
