package dev.lingualens.common.report;

/** The rectangle inside the axes, in SVG user units. */
record Plot(double left, double top, double width, double height) {
  double right() {
    return left + width;
  }

  double bottom() {
    return top + height;
  }

  double x(Scale scale, double value) {
    return left + scale.fraction(value) * width;
  }

  double y(Scale scale, double value) {
    return bottom() - scale.fraction(value) * height;
  }
}
