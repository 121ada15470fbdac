package dev.lingualens.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.schema.Tables.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TablesDocTest {
  private static final String REGENERATE = "lingualens.regenerate-docs";

  @Test
  void docsTablesMdIsGeneratedFromTheContracts() throws IOException {
    Path file = repoRoot().resolve("docs").resolve("tables.md");
    String expected = TablesDoc.render();
    if (Boolean.getBoolean(REGENERATE)) {
      Files.writeString(file, expected, StandardCharsets.UTF_8);
    }
    String actual = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    assertThat(actual)
        .as(
            "docs/tables.md drifted from the table contracts; regenerate it with: "
                + "mvn -o -pl common test -Dtest=TablesDocTest -D"
                + REGENERATE
                + "=true")
        .isEqualTo(expected);
  }

  @Test
  void everyContractIsListedOnceInAllAndInTheDocument() {
    List<Table> documented = TablesDoc.byFeature().values().stream().flatMap(List::stream).toList();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(Tables.ALL);
    assertThat(Tables.ALL).doesNotContainNull().doesNotHaveDuplicates();
    Set<String> names = new HashSet<>();
    for (Table t : Tables.ALL) {
      assertThat(names.add(t.name())).as("table name " + t.name() + " used twice").isTrue();
      assertThat(t.columns())
          .allSatisfy(c -> assertThat(c.description()).as(t.name() + "." + c.name()).isNotBlank());
      assertThat(t.columns().stream().map(Tables.Column::name).toList())
          .containsAll(t.partitionBy());
    }
  }

  private static Path repoRoot() {
    Path p = Paths.get("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("sample-data"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "cannot find the repository root (a folder holding sample-data/)");
    }
    return p;
  }
}
