package dev.lingualens.common.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Linear axis whose ends are rounded out to a 1-2-5 tick step. */
final class LinearScale implements Scale {
  private final double min;
  private final double max;
  private final double step;

  LinearScale(double min, double max, double step) {
    this.min = min;
    this.max = max;
    this.step = step;
  }

  static LinearScale covering(double dataMin, double dataMax, boolean includeZero) {
    double lo = includeZero ? Math.min(dataMin, 0) : dataMin;
    double hi = includeZero ? Math.max(dataMax, 0) : dataMax;
    if (lo == hi) {
      // Only reachable with includeZero when all values are 0; otherwise pad around the single
      // value.
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      lo = includeZero ? 0 : lo - pad;
      hi = includeZero ? 1 : hi + pad;
    }
    double step = niceStep((hi - lo) / (TARGET_TICKS - 1));
    return new LinearScale(
        multiple(Math.floor(lo / step + 1e-9), step),
        multiple(Math.ceil(hi / step - 1e-9), step),
        step);
  }

  /** Domain exactly the data extent, ticks at the round values inside it (e.g. layers 0–31). */
  static LinearScale tight(double dataMin, double dataMax) {
    if (dataMin == dataMax) {
      return covering(dataMin, dataMax, false);
    }
    return new LinearScale(dataMin, dataMax, niceStep((dataMax - dataMin) / (TARGET_TICKS - 1)));
  }

  /** Smallest of 1, 2, 5 × 10^k that is at least {@code rawStep}. */
  static double niceStep(double rawStep) {
    int exponent = (int) Math.floor(Math.log10(rawStep));
    double residual = rawStep / Math.pow(10, exponent);
    int nice = residual <= 1 + 1e-9 ? 1 : residual <= 2 + 1e-9 ? 2 : residual <= 5 + 1e-9 ? 5 : 10;
    return BigDecimal.valueOf(nice).scaleByPowerOfTen(exponent).doubleValue();
  }

  /** k × step computed in decimal, so ticks are 0.6 rather than 0.6000000000000001. */
  private static double multiple(double k, double step) {
    return BigDecimal.valueOf(k).multiply(BigDecimal.valueOf(step)).doubleValue();
  }

  double min() {
    return min;
  }

  double max() {
    return max;
  }

  @Override
  public double fraction(double value) {
    return (value - min) / (max - min);
  }

  @Override
  public List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    long first = (long) Math.ceil(min / step - 1e-9);
    long last = (long) Math.floor(max / step + 1e-9);
    for (long k = first; k <= last; k++) {
      ticks.add(multiple(k, step));
    }
    return ticks;
  }

  @Override
  public String tickLabel(double tick) {
    double magnitude = Math.max(Math.abs(min), Math.abs(max));
    // Below 10,000 plain digits read fine; above, "20k" beats "20000".
    return Format.tick(tick, step, magnitude >= 1e4 ? Format.unitFor(magnitude) : 1);
  }

  @Override
  public boolean canShow(double value) {
    return Double.isFinite(value);
  }

  @Override
  public double baseline() {
    return Math.max(min, Math.min(0, max));
  }
}
