package dev.lingualens.common.report;

/** The report's only stylesheet, inlined so the page works offline. */
final class ReportStyle {
  static final String CSS =
      """
      body {
        font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC",
          "Noto Sans Devanagari", "Noto Sans Arabic", "Helvetica Neue", Arial, sans-serif;
        color: #222; background: #fff; line-height: 1.5;
        max-width: 980px; margin: 0 auto; padding: 24px;
      }
      h1 { font-size: 1.7em; margin: 0 0 4px; }
      h2 { font-size: 1.3em; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
      .generated, .note { color: #777; font-size: 0.85em; }
      .note { white-space: pre-wrap; overflow-wrap: anywhere; }
      nav.toc h2 { font-size: 1em; border: none; margin: 16px 0 4px; }
      nav.toc ol { margin: 0; padding-left: 24px; }
      figure.chart { margin: 16px 0; }
      figure.chart svg { max-width: 100%; height: auto; display: block; }
      .table-wrap { overflow-x: auto; margin: 12px 0; }
      table.data { border-collapse: collapse; font-size: 0.9em; }
      table.data caption { text-align: left; color: #555; padding-bottom: 4px; }
      table.data th, table.data td { padding: 4px 10px; border-bottom: 1px solid #e5e5e5; text-align: left; }
      table.data th { border-bottom: 2px solid #bbb; }
      table.data .num { text-align: right; font-variant-numeric: tabular-nums; }
      table.data tbody tr:hover { background: #f5f8fc; }
      """;

  private ReportStyle() {}
}
