package dev.lingualens.jobs.tokens;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CountTokensInputTest {
  @Test
  void documentsWithoutWordsFailOnTheDriverNamingTheColumn() {
    Dataset<Row> docs =
        SparkTestSession.get()
            .sql(
                "SELECT 'd1' AS id, 'c' AS corpus, 'eng' AS lang, 'Latn' AS script, "
                    + "'u1' AS align_id, 'a text' AS text, 6L AS n_bytes, 6L AS n_chars");
    // mapPartitions is lazy: the failure comes from the driver-side check, before any task could
    // run.
    assertThatThrownBy(
            () ->
                docs.mapPartitions(
                    InputSchema.checked(
                        docs,
                        new CountTokens(
                            List.of(), 1, true, new TokenHistograms(), PhaseTimers.none())),
                    Encoders.row(CountTokens.OUTPUT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CountTokens reads input column 'words' (array<string>)");
  }
}
