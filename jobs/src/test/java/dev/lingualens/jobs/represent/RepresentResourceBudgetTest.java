package dev.lingualens.jobs.represent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.model.ModelOptions;
import dev.lingualens.common.model.ModelWeights;
import dev.lingualens.common.model.SharedModels;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.jobs.Repo;
import dev.lingualens.jobs.SparkTestSession;
import dev.lingualens.jobs.ingest.IngestJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * represent over two models with an executor budget that fits one: the first model is loaded once,
 * then closed to make room for the second (never both at once), and the run record says so: 2
 * loads, 1 eviction. The local session's executor is this JVM, so the test sets the budget of its
 * {@link ExecutorResources}.
 */
class RepresentResourceBudgetTest {
  @TempDir Path out;

  @Test
  void aBudgetForOneModelLoadsEachOnceAndEvictsTheFirst() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path llama = Repo.root().resolve("common/src/test/resources/fixtures/models/llama");
    Path bert = Repo.root().resolve("common/src/test/resources/fixtures/models/bert");
    StringBuilder jsonl = new StringBuilder();
    String[][] docs = {
      {"eng", "a1", "the cat sat"},
      {"fra", "a1", "le chat"},
      {"eng", "a2", "hello world"},
      {"fra", "a2", "bonjour le monde"},
      {"deu", "a1", "die katze"},
      {"deu", "a2", "hallo welt"}
    };
    for (String[] d : docs) {
      jsonl
          .append("{\"text\":\"")
          .append(d[2])
          .append("\",\"lang\":\"")
          .append(d[0])
          .append("\",\"align_id\":\"")
          .append(d[1])
          .append("\"}\n");
    }
    Path corpus = out.resolve("tiny.jsonl");
    Files.writeString(corpus, jsonl);
    LinguaConfig config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir", out.resolve("tables").toString(),
                    "ingest.inputs", "tiny=jsonl:" + corpus,
                    "ingest.partitions", "2",
                    "represent.models", "llama=" + llama + ",bert=" + bert,
                    "model.device", "cpu",
                    "model.batch-tokens", "16",
                    "run.id", "budget-test"));
    new IngestJob().run(spark, config);

    ExecutorResources resources = ExecutorResources.shared();
    long before = resources.budget();
    resources
        .evictIdle(); // what earlier tests left idle in this JVM would otherwise be evicted first
    long llamaBytes = ModelWeights.bytes(llama, DataType.FLOAT32);
    long bertBytes = ModelWeights.bytes(bert, DataType.FLOAT32);
    long tokenizers =
        HfTokenizer.BYTES_PER_JSON_BYTE
            * (Files.size(llama.resolve("tokenizer.json"))
                + Files.size(bert.resolve("tokenizer.json")));
    long budget = resources.usedBytes() + Math.max(llamaBytes, bertBytes) + tokenizers + 1024;
    assertThat(budget).isLessThan(resources.usedBytes() + llamaBytes + bertBytes);
    RepresentJob.Result result;
    try {
      resources.budget(budget);
      result = new RepresentJob().run(spark, config);
      assertThat(resources.holds(SharedModels.key(llama, ModelOptions.cpu()))).isFalse();
      assertThat(resources.holds(SharedModels.key(bert, ModelOptions.cpu()))).isTrue();
    } finally {
      resources.budget(before);
    }
    assertThat(result.models()).containsExactly("llama", "bert");
    List<Row> runs =
        spark
            .read()
            .parquet(out.resolve("tables/runs").toString())
            .filter("job = 'represent' AND run_id = 'budget-test'")
            .collectAsList();
    assertThat(runs).hasSize(1);
    JsonNode counters = new ObjectMapper().readTree(runs.get(0).<String>getAs("counters_json"));
    assertThat(counters.get("model_loads").asLong()).isEqualTo(2);
    assertThat(counters.get("model_evictions").asLong()).isEqualTo(1);
    assertThat(counters.get("documents_embedded").asLong()).isEqualTo(12);
    assertThat(result.documents()).isEqualTo(12);
    // the summary rows stay out of the table: llama 2 layers, bert its layers, for every document
    assertThat(
            spark
                .read()
                .parquet(out.resolve("tables/representations").toString())
                .filter("vector IS NULL")
                .count())
        .isZero();
  }
}
