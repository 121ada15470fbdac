package dev.lingualens.common.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class TableTest {

  private static Document render(Table table) {
    return Jsoup.parse("<body>" + table.toHtml() + "</body>");
  }

  /** Unlike Elements.eachText, keeps empty cells. */
  private static List<String> cellTexts(Document doc, int row) {
    return doc.select("tbody tr").get(row).select("td").stream().map(Element::text).toList();
  }

  @Test
  void formatsNumbersAndMissingValues() {
    Document doc =
        render(
            new Table(List.of("language", "tokens", "premium", "p"))
                .addRow(List.of("en", 1234567L, 1.0, 0.0012345))
                .addRow(Arrays.asList("hi", 42, Double.NaN, null)));

    List<String> first = cellTexts(doc, 0);
    List<String> second = cellTexts(doc, 1);
    assertThat(first).containsExactly("en", "1234567", "1.000", "0.00123");
    assertThat(second).containsExactly("hi", "42", "–", "");
  }

  @Test
  void rightAlignsOnlyNumericColumns() {
    Document doc =
        render(
            new Table(List.of("language", "premium"))
                .addRow(List.of("en", 1.0))
                .addRow(List.of("fr", 1.2)));

    Element header = doc.selectFirst("thead tr");
    assertThat(header.child(0).hasClass("num")).isFalse();
    assertThat(header.child(1).hasClass("num")).isTrue();
    assertThat(doc.select("tbody td.num").eachText()).containsExactly("1.000", "1.200");
  }

  @Test
  void rejectsRowsOfTheWrongWidth() {
    Table table = new Table(List.of("a", "b"));

    assertThatThrownBy(() -> table.addRow(List.of(1))).isInstanceOf(IllegalArgumentException.class);
  }
}
