package dev.lingualens.common.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Base-10 log axis. Ends snap to 1-2-5 multiples of a power of ten rather than whole decades, so
 * data spanning 1–15 gets a 1–20 axis instead of wasting half the plot on 15–100.
 */
final class LogScale implements Scale {
  private static final double[] MANTISSAS = {1, 2, 5};

  private final double min;
  private final double max;

  LogScale(double min, double max) {
    if (!(min > 0) || !(max > min)) {
      throw new IllegalArgumentException("log scale needs 0 < min < max, got " + min + ", " + max);
    }
    this.min = min;
    this.max = max;
  }

  static LogScale covering(double dataMin, double dataMax) {
    double lo = niceAtOrBelow(dataMin);
    double hi = niceAtOrAbove(dataMax);
    if (hi <= lo) {
      hi = niceAtOrAbove(lo * 1.5);
    }
    return new LogScale(lo, hi);
  }

  @Override
  public double fraction(double value) {
    return (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
  }

  @Override
  public List<Double> ticks() {
    double decades = Math.log10(max / min);
    boolean withIntermediates = decades <= 2 + 1e-9;
    int stride = (int) Math.max(1, Math.ceil(decades / (TARGET_TICKS + 2)));
    List<Double> ticks = new ArrayList<>();
    int firstExponent = (int) Math.floor(Math.log10(min) + 1e-9);
    int lastExponent = (int) Math.ceil(Math.log10(max) - 1e-9);
    for (int e = firstExponent; e <= lastExponent; e++) {
      for (double mantissa : MANTISSAS) {
        if (mantissa != 1 && !withIntermediates) {
          continue;
        }
        if (mantissa == 1 && Math.floorMod(e - firstExponent, stride) != 0) {
          continue;
        }
        double tick = mantissa * Math.pow(10, e);
        if (tick >= min * (1 - 1e-9) && tick <= max * (1 + 1e-9)) {
          ticks.add(tick);
        }
      }
    }
    if (ticks.size() < 2) {
      ticks = List.of(min, max);
    }
    return ticks;
  }

  @Override
  public String tickLabel(double tick) {
    return Format.tick(tick);
  }

  @Override
  public boolean canShow(double value) {
    return Double.isFinite(value) && value > 0;
  }

  @Override
  public double baseline() {
    return min;
  }

  private static double niceAtOrBelow(double value) {
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (int i = MANTISSAS.length - 1; i >= 0; i--) {
      if (MANTISSAS[i] * power <= value * (1 + 1e-9)) {
        return MANTISSAS[i] * power;
      }
    }
    return power;
  }

  private static double niceAtOrAbove(double value) {
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double mantissa : MANTISSAS) {
      if (mantissa * power >= value * (1 - 1e-9)) {
        return mantissa * power;
      }
    }
    return 10 * power;
  }
}
