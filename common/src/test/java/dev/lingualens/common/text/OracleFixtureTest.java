package dev.lingualens.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The fixture parser the tokenizer tests rely on. */
class OracleFixtureTest {
  @Test
  void unescapesLeftToRight() {
    // "\\n" is a backslash followed by n, not a newline
    assertThat(OracleFixture.unescape("a\\\\nb")).isEqualTo("a\\nb");
    assertThat(OracleFixture.unescape("a\\tb\\r\\nc")).isEqualTo("a\tb\r\nc");
    assertThat(OracleFixture.unescape("plain")).isEqualTo("plain");
  }

  @Test
  void bothFixturesHaveTheSame44RowsWithConsistentCounts() throws IOException {
    OracleFixture mistral = OracleFixture.load("mistral7b.tsv");
    OracleFixture o200k = OracleFixture.load("o200k_gpt4o.tsv");

    assertThat(mistral.rows()).hasSize(44);
    assertThat(o200k.texts()).isEqualTo(mistral.texts());
    assertThat(mistral.rows()).allSatisfy(r -> assertThat(r.ids()).hasSize(r.nTokens()));
    assertThat(o200k.rows()).allSatisfy(r -> assertThat(r.ids()).hasSize(r.nTokens()));
  }

  @Test
  void escapedRowsDecodeToControlCharacters() throws IOException {
    OracleFixture f = OracleFixture.load("mistral7b.tsv");
    assertThat(row(f, "tricky-crlf-lines").text()).contains("\r\n");
    assertThat(row(f, "tricky-empty").text()).isEmpty();
    assertThat(row(f, "tricky-empty").ids()).isEmpty();
    assertThat(row(f, "udhr1-eng").text())
        .isEqualTo("All human beings are born free and equal in dignity and rights.");
  }

  static OracleFixture.Row row(OracleFixture f, String id) {
    return f.rows().stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + id));
  }
}
