package dev.lingualens.jobs.mixture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ReplayCategoryInputTest {
  @Test
  void wordCountsWithoutCountFailOnTheDriverNamingTheColumn() {
    Dataset<Row> words = SparkTestSession.get().sql("SELECT 'A' AS category, 'ab' AS word, 5 AS n");
    assertThatThrownBy(() -> InputSchema.checked(words, new ReplayCategory(null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ReplayCategory reads input column 'count' (bigint)")
        .hasMessageContaining("input columns: category, word, n");
  }
}
