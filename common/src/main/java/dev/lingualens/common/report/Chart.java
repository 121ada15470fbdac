package dev.lingualens.common.report;

/** Anything that renders itself as a standalone inline {@code <svg>} element. */
public interface Chart {
  String title();

  String toSvg();
}
