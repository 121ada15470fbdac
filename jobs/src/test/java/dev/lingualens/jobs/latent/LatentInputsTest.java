package dev.lingualens.jobs.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.Repo;
import dev.lingualens.jobs.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad lexicon rows are dropped and counted in the run record; Wendler's filter drops a loanword
 * item; cloze prompts come from a sentence file; cloze without one is a config error.
 */
class LatentInputsTest {
  @TempDir Path out;

  @Test
  void badRowsAndLoanwordsAreCountedNotLost() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path lexicon = out.resolve("lexicon.tsv");
    Files.writeString(
        lexicon,
        String.join(
            "\n",
            "concept\tlang\tword",
            "flower\teng\tflower",
            "flower\tdeu\tBlume",
            "water\teng\twater",
            "water\tdeu\tWasser",
            "computer\teng\tcomputer",
            "computer\tdeu\tComputer",
            "empty\teng\t",
            "klingon\ttlhx\tword",
            "three\teng\tthree\textra",
            ""));
    Path cloze = out.resolve("cloze.tsv");
    Files.writeString(
        cloze,
        String.join(
            "\n",
            "concept\tlang\tword",
            "flower\tdeu\tIm Garten blüht eine ___.",
            "water\tdeu\tFische leben im ___.",
            "computer\tdeu\tohne Lücke",
            ""));
    LinguaConfig config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir",
                    out.resolve("tables").toString(),
                    "model.path",
                    Repo.root().resolve("sample-data/models/demo-llama").toString(),
                    "latent.lexicon",
                    lexicon.toString(),
                    "latent.cloze",
                    cloze.toString(),
                    "latent.langs",
                    "deu",
                    "latent.tasks",
                    "repetition,cloze",
                    "latent.shots",
                    "1",
                    "latent.bootstrap-resamples",
                    "20"));
    new LatentJob().run(spark, config);
    Row run =
        spark
            .read()
            .parquet(out.resolve("tables/runs").toString())
            .filter("job = 'latent'")
            .first();
    JsonNode c = new ObjectMapper().readTree(run.<String>getAs("counters_json"));
    assertThat(c.path("lexicon_dropped_empty_word").asLong()).isEqualTo(1);
    assertThat(c.path("lexicon_dropped_unknown_language").asLong()).isEqualTo(1);
    assertThat(c.path("lexicon_dropped_wrong_column_count").asLong()).isEqualTo(1);
    assertThat(c.path("cloze_dropped_no_blank").asLong()).isEqualTo(1);
    // repetition: deu (3 items), eng (3 items); cloze: deu (flower, water), eng (no sentences)
    assertThat(c.path("prompts").asLong()).isEqualTo(8);
    // "Computer" contains "computer": dropped for the German repetition item only
    assertThat(c.path("dropped_contains_english").asLong()).isEqualTo(1);
    long measured = c.path("prompts_measured").asLong();
    long dropped =
        c.path("dropped_contains_english").asLong()
            + c.path("dropped_overlaps_english").asLong()
            + c.path("dropped_too_long").asLong();
    assertThat(measured + dropped).isEqualTo(8);
    List<Row> items =
        spark
            .read()
            .parquet(out.resolve("tables/latent_layers").toString())
            .filter("layer = 0")
            .collectAsList();
    assertThat(items).hasSize((int) measured);
    assertThat(items.stream().map(r -> r.<String>getAs("task")).distinct())
        .containsExactlyInAnyOrder("repetition", "cloze");
    assertThat(
            items.stream()
                .filter(r -> r.getAs("task").equals("repetition") && r.getAs("tgt").equals("deu"))
                .map(r -> r.<String>getAs("item")))
        .doesNotContain("computer");
  }

  @Test
  void allMeansEveryLanguageOfTheLexiconFile() throws Exception {
    Path lexicon = out.resolve("lexicon.tsv");
    Files.writeString(
        lexicon,
        "concept\tlang\tword\na\teng\tone\na\tswh\tmoja\nb\teng\ttwo\nb\tswh\tmbili\n"
            + "b\tfra\tdeux\n");
    LinguaConfig config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir", out.resolve("tables").toString(),
                    "model.path", Repo.root().resolve("sample-data/models/demo-llama").toString(),
                    "latent.lexicon", lexicon.toString(),
                    "latent.langs", "all",
                    "latent.tasks", "repetition"));
    LatentSettings s = LatentSettings.from(config);
    List<Row> plan = PromptPlan.rows(s, LatentJob.lexicon(s), Map.of());
    // fra has one word only: no prompt can be built for it (a demonstration needs a second item)
    assertThat(plan.stream().map(r -> r.<String>getAs("tgt")).distinct())
        .containsExactlyInAnyOrder("eng", "swh");
    assertThat(plan).hasSize(4);
    LinguaConfig cldr = config.with(Map.of("latent.lexicon", "cldr"));
    assertThatThrownBy(() -> LatentSettings.from(cldr))
        .hasMessageContaining("latent.langs=all needs a lexicon file");
  }

  @Test
  void clozeWithoutSentencesIsAConfigError() {
    LinguaConfig config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir", out.resolve("tables").toString(),
                    "model.path", Repo.root().resolve("sample-data/models/demo-llama").toString(),
                    "latent.tasks", "cloze"));
    assertThatThrownBy(() -> new LatentJob().run(SparkTestSession.get(), config))
        .hasMessageContaining("latent.tasks includes cloze")
        .hasMessageContaining("latent.cloze");
  }
}
