package dev.lingualens.common.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A plain HTML data table; numeric columns are right-aligned with tabular digits. */
public final class Table {
  private final List<String> header;
  private final List<List<Object>> rows = new ArrayList<>();
  private String caption = "";

  public Table(List<String> header) {
    if (header.isEmpty()) {
      throw new IllegalArgumentException("table needs at least one column");
    }
    this.header = List.copyOf(header);
  }

  /** Cells in header order; Numbers are formatted via {@link Format#cell}, null shows as empty. */
  public Table addRow(List<?> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException(
          "row has "
              + cells.size()
              + " cells but the table has "
              + header.size()
              + " columns: "
              + cells);
    }
    rows.add(new ArrayList<>(cells));
    return this;
  }

  public Table caption(String text) {
    this.caption = Objects.requireNonNullElse(text, "");
    return this;
  }

  public int rowCount() {
    return rows.size();
  }

  public String toHtml() {
    StringBuilder out = new StringBuilder("<div class=\"table-wrap\"><table class=\"data\">\n");
    if (!caption.isEmpty()) {
      out.append("<caption>").append(Html.escape(caption)).append("</caption>\n");
    }
    boolean[] numeric = numericColumns();
    out.append("<thead><tr>");
    for (int c = 0; c < header.size(); c++) {
      out.append(numeric[c] ? "<th class=\"num\">" : "<th>")
          .append(Html.escape(header.get(c)))
          .append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (List<Object> row : rows) {
      out.append("<tr>");
      for (int c = 0; c < row.size(); c++) {
        out.append(numeric[c] ? "<td class=\"num\">" : "<td>")
            .append(Html.escape(Format.cell(row.get(c))))
            .append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.append("</tbody></table></div>").toString();
  }

  /** A column is numeric when it has at least one value and every non-null value is a Number. */
  private boolean[] numericColumns() {
    boolean[] numeric = new boolean[header.size()];
    for (int c = 0; c < numeric.length; c++) {
      boolean sawNumber = false;
      boolean sawOther = false;
      for (List<Object> row : rows) {
        Object cell = row.get(c);
        sawNumber |= cell instanceof Number;
        sawOther |= cell != null && !(cell instanceof Number);
      }
      numeric[c] = sawNumber && !sawOther;
    }
    return numeric;
  }
}
