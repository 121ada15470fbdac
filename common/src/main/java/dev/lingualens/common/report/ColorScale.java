package dev.lingualens.common.report;

/**
 * Continuous colour scales for heat maps: a light-to-dark blue sequential ramp and a blue–white–red
 * diverging ramp centred on zero (ColorBrewer Blues and RdBu, which stay readable for the common
 * colour-vision deficiencies).
 */
public final class ColorScale {
  public static final String MISSING_COLOR = "#d9d9d9";

  private static final int[] SEQUENTIAL = {
    0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b
  };
  private static final int[] DIVERGING = {
    0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b
  };

  private final double min;
  private final double max;
  private final int[] stops;

  private ColorScale(double min, double max, int[] stops) {
    this.min = min;
    this.max = max;
    this.stops = stops;
  }

  /** Lightest colour at {@code min}, darkest at {@code max}. */
  public static ColorScale sequential(double min, double max) {
    return new ColorScale(min, max, SEQUENTIAL);
  }

  /** Blue at {@code -maxAbs}, white at 0, red at {@code +maxAbs}. */
  public static ColorScale diverging(double maxAbs) {
    double bound = maxAbs > 0 && Double.isFinite(maxAbs) ? maxAbs : 1;
    return new ColorScale(-bound, bound, DIVERGING);
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  public String lowestColor() {
    return hex(stops[0]);
  }

  public String highestColor() {
    return hex(stops[stops.length - 1]);
  }

  public String color(double value) {
    if (!Double.isFinite(value)) {
      return MISSING_COLOR;
    }
    double t = max > min ? (value - min) / (max - min) : 0.5;
    return hex(interpolate(Math.max(0, Math.min(1, t))));
  }

  /** Whether dark text would be hard to read on this cell colour. */
  static boolean isDark(String hexColor) {
    int rgb = Integer.parseInt(hexColor.substring(1), 16);
    double luminance =
        (0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff)) / 255;
    return luminance < 0.5;
  }

  private int interpolate(double t) {
    double position = t * (stops.length - 1);
    int lower = (int) Math.floor(position);
    if (lower >= stops.length - 1) {
      return stops[stops.length - 1];
    }
    double f = position - lower;
    int a = stops[lower];
    int b = stops[lower + 1];
    return mix(a >> 16 & 0xff, b >> 16 & 0xff, f) << 16
        | mix(a >> 8 & 0xff, b >> 8 & 0xff, f) << 8
        | mix(a & 0xff, b & 0xff, f);
  }

  private static int mix(int a, int b, double f) {
    return (int) Math.round(a + (b - a) * f);
  }

  private static String hex(int rgb) {
    return String.format("#%06x", rgb);
  }
}
