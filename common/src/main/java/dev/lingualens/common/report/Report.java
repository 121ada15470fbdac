package dev.lingualens.common.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A self-contained single-page HTML report: no scripts, stylesheets or fonts are fetched. */
public final class Report {
  public static final String FILE_NAME = "index.html";

  private static final DateTimeFormatter DISPLAY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final String title;
  private final List<Section> sections = new ArrayList<>();
  private Instant generatedAt;
  private String description = "";

  public Report(String title) {
    this.title = Objects.requireNonNull(title, "title");
  }

  /**
   * Pins the timestamp shown in the header (e.g. for reproducible output); defaults to render time.
   */
  public Report generatedAt(Instant instant) {
    this.generatedAt = Objects.requireNonNull(instant, "instant");
    return this;
  }

  /** A plain-text paragraph under the title. */
  public Report description(String text) {
    this.description = Objects.requireNonNullElse(text, "");
    return this;
  }

  public Report addSection(Section section) {
    Objects.requireNonNull(section, "section");
    if (sections.stream().anyMatch(s -> s.id().equals(section.id()))) {
      throw new IllegalArgumentException("duplicate section id '" + section.id() + "'");
    }
    sections.add(section);
    return this;
  }

  public List<Section> sections() {
    return List.copyOf(sections);
  }

  /** Writes {@code dir/index.html}, creating {@code dir} if needed, and returns that file. */
  public Path writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(FILE_NAME);
      Files.writeString(file, toHtml(), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report to " + dir, e);
    }
  }

  public String toHtml() {
    Instant time =
        (generatedAt != null ? generatedAt : Instant.now()).truncatedTo(ChronoUnit.SECONDS);
    StringBuilder out = new StringBuilder(16_384);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(Html.escape(title))
        .append("</title>\n")
        .append("<style>\n")
        .append(ReportStyle.CSS)
        .append("</style>\n</head>\n<body>\n")
        .append("<header>\n<h1>")
        .append(Html.escape(title))
        .append("</h1>\n")
        .append("<p class=\"generated\">Generated <time datetime=\"")
        .append(time)
        .append("\">")
        .append(DISPLAY_TIME.format(time))
        .append("</time></p>\n");
    if (!description.isEmpty()) {
      out.append("<p>").append(Html.escape(description)).append("</p>\n");
    }
    appendTableOfContents(out);
    out.append("</header>\n<main>\n");
    for (Section section : sections) {
      out.append(section.toHtml());
    }
    return out.append("</main>\n</body>\n</html>\n").toString();
  }

  private void appendTableOfContents(StringBuilder out) {
    if (sections.isEmpty()) {
      return;
    }
    out.append("<nav class=\"toc\">\n<h2>Contents</h2>\n<ol>\n");
    for (Section section : sections) {
      out.append("<li><a href=\"#")
          .append(section.id())
          .append("\">")
          .append(Html.escape(section.title()))
          .append("</a></li>\n");
    }
    out.append("</ol>\n</nav>\n");
  }
}
