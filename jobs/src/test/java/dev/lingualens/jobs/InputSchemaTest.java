package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.schema.CorpusTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class InputSchemaTest {
  @Test
  void namesTheMissingColumnAndTheFunction() {
    Dataset<Row> docs = SparkTestSession.get().sql("SELECT 'a' AS id, 'x' AS text");
    InputSchema needs = InputSchema.of("Probe", CorpusTables.DOCUMENTS, "id", "text", "words");
    assertThatThrownBy(() -> needs.check(docs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Probe reads input column 'words' (array<string>)")
        .hasMessageContaining("input columns: id, text");
  }

  @Test
  void namesAColumnOfAnotherType() {
    Dataset<Row> docs = SparkTestSession.get().sql("SELECT 'a' AS id, CAST(3 AS INT) AS n_bytes");
    assertThatThrownBy(
            () -> InputSchema.of("Probe", CorpusTables.DOCUMENTS, "id", "n_bytes").check(docs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "Probe reads input column 'n_bytes' as bigint, but its input has it as int");
  }

  @Test
  void acceptsTheColumnsWhateverTheirOrderOrNullability() {
    Dataset<Row> docs =
        SparkTestSession.get()
            .sql("SELECT array('a', 'b') AS words, 'a' AS id, 7L AS n_bytes, 1 AS x");
    assertThat(
            InputSchema.of("Probe", CorpusTables.DOCUMENTS, "id", "words", "n_bytes").check(docs))
        .isSameAs(docs);
  }
}
