package dev.lingualens.common.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  private static final Instant GENERATED = Instant.parse("2024-05-01T12:00:00.123Z");
  private static final String HOSTILE = "<script>alert('x')</script> A&B \"q\"";

  private static Report sampleReport() {
    return new Report("lingualens — token premiums")
        .generatedAt(GENERATED)
        .addSection(
            new Section("ranking", "Language ranking")
                .addParagraph("Premium relative to English.")
                .addChart(
                    new GroupedBarChart("Premium", List.of("en", "हिन्दी", "中文"))
                        .addSeries("tok", 1, 2.4, 1.8))
                .addNote("lingualens rank --corpus flores"))
        .addSection(
            new Section("neurons", "Language neurons")
                .addTable(new Table(List.of("layer", "count")).addRow(List.of(3, 120))))
        .addSection(new Section("mixture", "Mixture inference"));
  }

  @Test
  void writesIndexHtmlInUtf8CreatingDirectories(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("out/report");

    Path file = sampleReport().writeTo(dir);

    assertThat(file).isEqualTo(dir.resolve("index.html")).exists();
    String html = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(html).contains("हिन्दी", "中文", "—");
    Document doc = Jsoup.parse(file.toFile(), "UTF-8");
    assertThat(doc.selectFirst("meta[charset]").attr("charset")).isEqualToIgnoringCase("utf-8");
    assertThat(doc.title()).isEqualTo("lingualens — token premiums");
  }

  @Test
  void tableOfContentsLinksToEverySection() {
    Document doc = Jsoup.parse(sampleReport().toHtml());

    List<String> anchors = doc.select("nav.toc a").eachAttr("href");
    assertThat(anchors).containsExactly("#ranking", "#neurons", "#mixture");
    assertThat(doc.select("main > section")).hasSize(3);
    for (String anchor : anchors) {
      Element section = doc.getElementById(anchor.substring(1));
      assertThat(section).as(anchor).isNotNull();
      assertThat(section.tagName()).isEqualTo("section");
    }
    assertThat(doc.getElementById("ranking").selectFirst("h2").text())
        .isEqualTo("Language ranking");
    assertThat(doc.getElementById("ranking").select("figure.chart > svg")).hasSize(1);
    assertThat(doc.getElementById("ranking").select("p.note").text())
        .isEqualTo("lingualens rank --corpus flores");
    assertThat(doc.getElementById("neurons").select("table.data td").eachText())
        .containsExactly("3", "120");
  }

  @Test
  void headerShowsTheGenerationTime() {
    Element time = Jsoup.parse(sampleReport().toHtml()).selectFirst("header time");

    assertThat(time.attr("datetime")).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(time.text()).isEqualTo("2024-05-01 12:00:00 UTC");
  }

  @Test
  void escapesUntrustedTextEverywhere() {
    GroupedBarChart chart =
        new GroupedBarChart(HOSTILE, List.of(HOSTILE, "ok")).addSeries(HOSTILE, 1, 2);
    HeatMap heatMap =
        new HeatMap(HOSTILE, List.of(HOSTILE), List.of(HOSTILE), new double[][] {{1}});
    Report report =
        new Report(HOSTILE)
            .generatedAt(GENERATED)
            .description(HOSTILE)
            .addSection(
                new Section("s", HOSTILE)
                    .addParagraph(HOSTILE)
                    .addNote(HOSTILE)
                    .addChart(chart)
                    .addChart(heatMap)
                    .addTable(new Table(List.of(HOSTILE)).addRow(List.of(HOSTILE))));

    String html = report.toHtml();
    Document doc = Jsoup.parse(html);

    assertThat(html).doesNotContainIgnoringCase("<script");
    assertThat(doc.select("script")).isEmpty();
    assertThat(doc.title()).isEqualTo(HOSTILE);
    assertThat(doc.selectFirst("h1").text()).isEqualTo(HOSTILE);
    assertThat(doc.selectFirst("section#s > p").text()).isEqualTo(HOSTILE);
    Element truncatedLabel = doc.selectFirst("text.x-tick-label");
    assertThat(truncatedLabel.ownText()).isEqualTo(HOSTILE.substring(0, 27) + "…");
    assertThat(SvgAssertions.tooltip(truncatedLabel)).isEqualTo(HOSTILE);
    assertThat(SvgAssertions.tooltip(doc.selectFirst("rect.bar")))
        .startsWith(HOSTILE + " — " + HOSTILE + ": ");
    assertThat(doc.select("text.legend-label").eachText()).isNotEmpty();
    assertThat(doc.select("table.data th").text()).isEqualTo(HOSTILE);
    assertThat(doc.select("svg")).hasSize(2);
    assertThat(doc.select("rect.bar")).hasSize(2);
  }

  @Test
  void isSelfContained() {
    Document doc = Jsoup.parse(sampleReport().toHtml());

    assertThat(doc.select("script, link, img, iframe")).isEmpty();
    assertThat(doc.select("style").html()).doesNotContain("@import", "url(");
  }

  @Test
  void trustedHtmlIsInsertedVerbatimAndChartsRenderAtWriteTime() {
    GroupedBarChart chart = new GroupedBarChart("Late", List.of("a"));
    Section section =
        new Section("late", "Late")
            .addHtml("<details><summary>More</summary>x</details>")
            .addChart(chart);
    chart.addSeries("s", 1);

    Document doc = Jsoup.parse(new Report("r").addSection(section).toHtml());

    assertThat(doc.select("section#late details summary").text()).isEqualTo("More");
    assertThat(doc.select("section#late rect.bar")).hasSize(1);
  }

  @Test
  void rejectsDuplicateAndUnsafeSectionIds() {
    Report report = new Report("r").addSection(new Section("a", "A"));

    assertThatThrownBy(() -> report.addSection(new Section("a", "again")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'");
    assertThatThrownBy(() -> new Section("has space", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Section("\"><script>", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
