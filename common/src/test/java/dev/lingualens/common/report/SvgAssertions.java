package dev.lingualens.common.report;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Parses rendered charts with jsoup, as a browser-like HTML parser would see them inside the page.
 */
final class SvgAssertions {
  private SvgAssertions() {}

  static Document parse(Chart chart) {
    return Jsoup.parse("<!DOCTYPE html><html><body>" + chart.toSvg() + "</body></html>");
  }

  static double num(Element element, String attribute) {
    return Double.parseDouble(element.attr(attribute));
  }

  static List<Double> nums(Elements elements, String attribute) {
    return elements.stream().map(e -> num(e, attribute)).toList();
  }

  /** The element's own hover text, i.e. its {@code <title>} child. */
  static String tooltip(Element element) {
    Element title = element.selectFirst("> title");
    return title == null ? null : title.text();
  }

  /** The y of the tick label showing exactly {@code label}. */
  static double yTick(Document doc, String label) {
    return doc.select("text.y-tick-label").stream()
        .filter(t -> t.text().equals(label))
        .findFirst()
        .map(t -> num(t, "y"))
        .orElseThrow(
            () ->
                new AssertionError(
                    "no y tick labelled "
                        + label
                        + " in "
                        + doc.select("text.y-tick-label").eachText()));
  }
}
