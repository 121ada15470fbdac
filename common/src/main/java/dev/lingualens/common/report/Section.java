package dev.lingualens.common.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** One titled part of a report, linked from the table of contents by its id. */
public final class Section {
  /** Restricted so the id works unchanged as a URL fragment and a CSS selector. */
  private static final Pattern VALID_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  private final String id;
  private final String title;

  /** Rendered lazily so charts and tables can still be filled after being added. */
  private final List<Supplier<String>> blocks = new ArrayList<>();

  public Section(String id, String title) {
    if (id == null || !VALID_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "section id must match " + VALID_ID + ", got '" + id + "'");
    }
    this.id = id;
    this.title = Objects.requireNonNull(title, "title");
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  /** Plain text; it is escaped. */
  public Section addParagraph(String text) {
    blocks.add(() -> "<p>" + Html.escape(text) + "</p>");
    return this;
  }

  /** Inserted verbatim: only for HTML the caller built itself, never for data. */
  public Section addHtml(String trustedHtml) {
    Objects.requireNonNull(trustedHtml, "html");
    blocks.add(() -> trustedHtml);
    return this;
  }

  public Section addChart(Chart chart) {
    Objects.requireNonNull(chart, "chart");
    blocks.add(() -> "<figure class=\"chart\">\n" + chart.toSvg() + "\n</figure>");
    return this;
  }

  public Section addTable(Table table) {
    Objects.requireNonNull(table, "table");
    blocks.add(table::toHtml);
    return this;
  }

  /** Small grey text, e.g. the command or configuration that produced the section. */
  public Section addNote(String text) {
    blocks.add(() -> "<p class=\"note\">" + Html.escape(text) + "</p>");
    return this;
  }

  public String toHtml() {
    StringBuilder out = new StringBuilder();
    out.append("<section id=\"")
        .append(id)
        .append("\">\n<h2>")
        .append(Html.escape(title))
        .append("</h2>\n");
    for (Supplier<String> block : blocks) {
      out.append(block.get()).append('\n');
    }
    return out.append("</section>\n").toString();
  }
}
