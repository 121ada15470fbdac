package dev.lingualens.common.report;

/**
 * Minimal SVG writer. Styling is written as presentation attributes rather than CSS classes so a
 * chart also looks right when its SVG is copied out of the report on its own. The class attributes
 * exist for tests and for readers who want to restyle the page.
 */
final class Svg {
  static final String FONT_STACK =
      "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', "
          + "'Noto Sans CJK SC', 'Noto Sans Devanagari', 'Noto Sans Arabic', 'Helvetica Neue', Arial, sans-serif";

  enum TextStyle {
    TITLE(15, "bold", "#222222"),
    AXIS_LABEL(12, "normal", "#222222"),
    LABEL(11, "normal", "#333333"),
    TICK(11, "normal", "#555555"),
    SMALL(10, "normal", "#333333"),
    CAPTION(11, "normal", "#555555");

    final double size;
    final String weight;
    final String color;

    TextStyle(double size, String weight, String color) {
      this.size = size;
      this.weight = weight;
      this.color = color;
    }
  }

  enum Anchor {
    START("start"),
    MIDDLE("middle"),
    END("end");

    final String svgValue;

    Anchor(String svgValue) {
      this.svgValue = svgValue;
    }
  }

  private final StringBuilder out = new StringBuilder(4096);

  Svg(double width, double height, String ariaLabel) {
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\"")
        .append(" viewBox=\"0 0 ")
        .append(num(width))
        .append(' ')
        .append(num(height))
        .append('"')
        .append(" width=\"")
        .append(num(width))
        .append("\" height=\"")
        .append(num(height))
        .append('"')
        .append(" aria-label=\"")
        .append(Html.escape(ariaLabel))
        .append('"')
        .append(" font-family=\"")
        .append(FONT_STACK)
        .append("\" font-size=\"12\">\n");
  }

  /** A chart-sized box that says there is nothing to plot, instead of an exception or a blank. */
  static String noData(String title, double width) {
    double height = 120;
    Svg svg = new Svg(width, height, title + " (no data)");
    svg.title(title);
    svg.rect(1, 32, width - 2, height - 34, "#fafafa", "no-data", null, "#cccccc");
    svg.text(
        width / 2,
        32 + (height - 34) / 2 + 4,
        "No data",
        TextStyle.AXIS_LABEL,
        Anchor.MIDDLE,
        "no-data-label");
    return svg.finish();
  }

  void title(String title) {
    text(12, 20, title, TextStyle.TITLE, Anchor.START, "chart-title");
  }

  void rect(double x, double y, double w, double h, String fill, String cssClass, String tooltip) {
    rect(x, y, w, h, fill, cssClass, tooltip, null);
  }

  void rect(
      double x,
      double y,
      double w,
      double h,
      String fill,
      String cssClass,
      String tooltip,
      String stroke) {
    out.append("<rect");
    classAttr(cssClass);
    out.append(" x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(y))
        .append("\" width=\"")
        .append(num(Math.max(0, w)))
        .append("\" height=\"")
        .append(num(Math.max(0, h)))
        .append("\" fill=\"")
        .append(fill)
        .append('"');
    if (stroke != null) {
      out.append(" stroke=\"").append(stroke).append('"');
    }
    closeWithTooltip("rect", tooltip);
  }

  void line(
      double x1,
      double y1,
      double x2,
      double y2,
      String stroke,
      double strokeWidth,
      String dash,
      String cssClass) {
    out.append("<line");
    classAttr(cssClass);
    out.append(" x1=\"")
        .append(num(x1))
        .append("\" y1=\"")
        .append(num(y1))
        .append("\" x2=\"")
        .append(num(x2))
        .append("\" y2=\"")
        .append(num(y2))
        .append("\" stroke=\"")
        .append(stroke)
        .append("\" stroke-width=\"")
        .append(num(strokeWidth))
        .append('"');
    if (dash != null) {
      out.append(" stroke-dasharray=\"").append(dash).append('"');
    }
    out.append("/>\n");
  }

  /** A closed, filled shape without outline (e.g. a confidence band). */
  void area(String d, String fill, double opacity, String cssClass, String tooltip) {
    out.append("<path");
    classAttr(cssClass);
    out.append(" d=\"")
        .append(d)
        .append("\" fill=\"")
        .append(fill)
        .append("\" fill-opacity=\"")
        .append(num(opacity))
        .append("\" stroke=\"none\"");
    closeWithTooltip("path", tooltip);
  }

  void path(
      String d, String stroke, double strokeWidth, String dash, String cssClass, String tooltip) {
    out.append("<path");
    classAttr(cssClass);
    out.append(" d=\"")
        .append(d)
        .append("\" fill=\"none\" stroke=\"")
        .append(stroke)
        .append("\" stroke-width=\"")
        .append(num(strokeWidth))
        .append("\" stroke-linejoin=\"round\"");
    if (dash != null) {
      out.append(" stroke-dasharray=\"").append(dash).append('"');
    }
    closeWithTooltip("path", tooltip);
  }

  void circle(double cx, double cy, double r, String fill, String cssClass, String tooltip) {
    out.append("<circle");
    classAttr(cssClass);
    out.append(" cx=\"")
        .append(num(cx))
        .append("\" cy=\"")
        .append(num(cy))
        .append("\" r=\"")
        .append(num(r))
        .append("\" fill=\"")
        .append(fill)
        .append("\" stroke=\"#ffffff\" stroke-width=\"0.75\"");
    closeWithTooltip("circle", tooltip);
  }

  void text(double x, double y, String content, TextStyle style, Anchor anchor, String cssClass) {
    text(x, y, content, style, anchor, cssClass, 0, null, null);
  }

  /** Text vertically centred on {@code y}, so y is exactly the position it labels. */
  void textCenteredOn(
      double x, double y, String content, TextStyle style, Anchor anchor, String cssClass) {
    text(x, y, content, style, anchor, cssClass, 0, null, null, true, false);
  }

  /** Text with a white outline, for labels that may sit on top of bars or lines. */
  void haloText(
      double x, double y, String content, TextStyle style, Anchor anchor, String cssClass) {
    text(x, y, content, style, anchor, cssClass, 0, null, null, false, true);
  }

  /**
   * @param rotation degrees around (x, y); 0 for none
   * @param tooltip full text when {@code content} was truncated, else null
   */
  void text(
      double x,
      double y,
      String content,
      TextStyle style,
      Anchor anchor,
      String cssClass,
      double rotation,
      String tooltip,
      String fill) {
    text(x, y, content, style, anchor, cssClass, rotation, tooltip, fill, false, false);
  }

  private void text(
      double x,
      double y,
      String content,
      TextStyle style,
      Anchor anchor,
      String cssClass,
      double rotation,
      String tooltip,
      String fill,
      boolean centered,
      boolean halo) {
    out.append("<text");
    classAttr(cssClass);
    out.append(" x=\"").append(num(x)).append("\" y=\"").append(num(y)).append('"');
    if (centered) {
      // dy rather than dominant-baseline: the latter is ignored by some SVG viewers.
      out.append(" dy=\"0.35em\"");
    }
    if (halo) {
      out.append(
          " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"");
    }
    out.append(" font-size=\"")
        .append(num(style.size))
        .append('"')
        .append(" fill=\"")
        .append(fill != null ? fill : style.color)
        .append('"');
    if (!"normal".equals(style.weight)) {
      out.append(" font-weight=\"").append(style.weight).append('"');
    }
    if (anchor != Anchor.START) {
      out.append(" text-anchor=\"").append(anchor.svgValue).append('"');
    }
    if (rotation != 0) {
      out.append(" transform=\"rotate(")
          .append(num(rotation))
          .append(' ')
          .append(num(x))
          .append(' ')
          .append(num(y))
          .append(")\"");
    }
    out.append('>');
    if (tooltip != null) {
      out.append("<title>").append(Html.escape(tooltip)).append("</title>");
    }
    out.append(Html.escape(content)).append("</text>\n");
  }

  String finish() {
    return out.append("</svg>").toString();
  }

  private void classAttr(String cssClass) {
    if (cssClass != null) {
      out.append(" class=\"").append(cssClass).append('"');
    }
  }

  private void closeWithTooltip(String tag, String tooltip) {
    if (tooltip == null) {
      out.append("/>\n");
    } else {
      out.append("><title>")
          .append(Html.escape(tooltip))
          .append("</title></")
          .append(tag)
          .append(">\n");
    }
  }

  /** Coordinates rounded to 1/100 px: plenty for display, and keeps the file small. */
  static String num(double value) {
    long hundredths = Math.round(value * 100);
    if (hundredths % 100 == 0) {
      return Long.toString(hundredths / 100);
    }
    return java.math.BigDecimal.valueOf(hundredths, 2).stripTrailingZeros().toPlainString();
  }
}
