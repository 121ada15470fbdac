package dev.lingualens.common.report;

import java.util.List;
import java.util.Optional;
import java.util.stream.DoubleStream;

/** Maps data values onto [0, 1] along an axis and chooses the tick values to label it with. */
interface Scale {
  int TARGET_TICKS = 6;

  /** 0 at the domain minimum, 1 at the maximum. */
  double fraction(double value);

  List<Double> ticks();

  String tickLabel(double tick);

  /** Whether the value has a position on this axis (finite, and positive on a log axis). */
  boolean canShow(double value);

  /** Where bars start: zero on a linear axis, the bottom of the domain on a log axis. */
  double baseline();

  static boolean isShowable(double value, boolean log) {
    return Double.isFinite(value) && (!log || value > 0);
  }

  /** A scale covering every showable value, or empty when nothing can be shown. */
  static Optional<Scale> covering(DoubleStream values, boolean log, boolean includeZero) {
    double[] shown = values.filter(v -> isShowable(v, log)).toArray();
    if (shown.length == 0) {
      return Optional.empty();
    }
    double min = DoubleStream.of(shown).min().orElseThrow();
    double max = DoubleStream.of(shown).max().orElseThrow();
    return Optional.of(
        log ? LogScale.covering(min, max) : LinearScale.covering(min, max, includeZero));
  }
}
