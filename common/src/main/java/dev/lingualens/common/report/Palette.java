package dev.lingualens.common.report;

import java.util.List;

/** Okabe–Ito colour-blind-safe palette, reordered so the first colours contrast best on white. */
public final class Palette {
  public static final List<String> COLORS =
      List.of(
          "#0072B2", // blue
          "#E69F00", // orange
          "#009E73", // bluish green
          "#D55E00", // vermillion
          "#56B4E9", // sky blue
          "#CC79A7", // reddish purple
          "#F0E442", // yellow
          "#000000"); // black

  public static final String REFERENCE_LINE = "#555555";
  public static final String GRID = "#e6e6e6";
  public static final String AXIS = "#888888";

  private Palette() {}

  public static String color(int index) {
    return COLORS.get(Math.floorMod(index, COLORS.size()));
  }

  /** Once colours repeat, lines are told apart by dash pattern instead. */
  static String dash(int index) {
    return switch (Math.floorMod(index / COLORS.size(), 4)) {
      case 0 -> null;
      case 1 -> "6 3";
      case 2 -> "2 2";
      default -> "8 3 2 3";
    };
  }
}
