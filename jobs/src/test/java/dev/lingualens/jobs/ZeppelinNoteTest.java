package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * scripts/zeppelin/lingualens.zpln: every %spark.sql paragraph runs on a demo run's tables
 * (registered as views of the same names, as the note's first %spark paragraph does) and returns
 * rows; every chart names columns the query returns.
 */
class ZeppelinNoteTest {
  @Test
  void everySqlParagraphRunsAndReturnsRows() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path out = DemoTables.outputDir();
    try (Stream<Path> tables = Files.list(out)) {
      for (Path t : tables.filter(Files::isDirectory).toList()) {
        if (!t.getFileName().toString().startsWith("_")) {
          spark.read().parquet(t.toString()).createOrReplaceTempView(t.getFileName().toString());
        }
      }
    }
    JsonNode note =
        new ObjectMapper()
            .readTree(Repo.root().resolve("scripts/zeppelin/lingualens.zpln").toFile());
    List<String> ran = new ArrayList<>();
    for (JsonNode p : note.get("paragraphs")) {
      String text = p.get("text").asText();
      if (!text.startsWith("%spark.sql")) {
        continue;
      }
      String title = p.get("title").asText();
      var result = spark.sql(text.substring(text.indexOf('\n') + 1));
      List<Row> rows = result.collectAsList();
      assertThat(rows).as(title).isNotEmpty();
      List<String> columns = List.of(result.columns());
      JsonNode graph = p.at("/config/results/0/graph");
      for (String part : List.of("keys", "values", "groups")) {
        for (JsonNode k : graph.path(part)) {
          assertThat(columns).as(title + " chart " + part).contains(k.get("name").asText());
          assertThat(columns.get(k.get("index").asInt()))
              .as(title + " chart index")
              .isEqualTo(k.get("name").asText());
        }
      }
      ran.add(title);
    }
    assertThat(ran).hasSizeGreaterThanOrEqualTo(6);
  }
}
