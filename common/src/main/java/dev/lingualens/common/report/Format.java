package dev.lingualens.common.report;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Locale;

/** Human-readable number formatting shared by tables, tooltips and axis ticks. */
public final class Format {
  public static final String MISSING = "–";

  private static final double[] UNITS = {1e12, 1e9, 1e6, 1e3};
  private static final String[] SUFFIXES = {"T", "B", "M", "k"};

  private Format() {}

  /**
   * Three decimals for magnitudes of at least 1, three significant digits below 1 (so 0.00123 keeps
   * its information), scientific notation for extremes, "–" for NaN.
   */
  public static String number(double value) {
    if (Double.isNaN(value)) {
      return MISSING;
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "∞" : "−∞";
    }
    if (value == 0) {
      return "0";
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 1e12 || magnitude < 1e-6) {
      return String.format(Locale.ROOT, "%.2e", value);
    }
    int decimals = magnitude >= 1 ? 3 : 2 - (int) Math.floor(Math.log10(magnitude));
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /**
   * Formats a table cell or tooltip value: integral types verbatim, floating types via {@link
   * #number}.
   */
  public static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof Number number) {
      return number(number.doubleValue());
    }
    return value.toString();
  }

  /** Shortest rendering for tick values that are already round: 1, 20, 0.05, 10k, 100M. */
  public static String tick(double value) {
    if (value == 0 || !Double.isFinite(value)) {
      return value == 0 ? "0" : number(value);
    }
    double unit = Math.abs(value) >= 1000 ? unitFor(Math.abs(value)) : 1;
    String plain =
        new BigDecimal(value / unit).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    return minusSign(plain) + suffix(unit);
  }

  /**
   * Tick label with a fixed number of decimals, chosen from the tick step so labels line up; {@code
   * unit} (1, 1e3, 1e6, …) moves large values to a k/M/B/T suffix.
   */
  public static String tick(double value, double step, double unit) {
    if (unit == 1 || value == 0) {
      return tick(value, step);
    }
    return tick(value / unit, step / unit) + suffix(unit);
  }

  /** The largest of k, M, B, T not above {@code magnitude}; 1 below a thousand. */
  public static double unitFor(double magnitude) {
    for (double unit : UNITS) {
      if (magnitude >= unit) {
        return unit;
      }
    }
    return 1;
  }

  private static String suffix(double unit) {
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i] == unit) {
        return SUFFIXES[i];
      }
    }
    return "";
  }

  private static String minusSign(String text) {
    return text.startsWith("-") ? "−" + text.substring(1) : text;
  }

  /** Tick label with a fixed number of decimals, chosen from the tick step so labels line up. */
  public static String tick(double value, double step) {
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    String text = String.format(Locale.ROOT, "%." + decimals + "f", value + 0.0);
    if (text.matches("-0(\\.0*)?")) {
      text = text.substring(1);
    }
    return minusSign(text);
  }

  public static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }
}
