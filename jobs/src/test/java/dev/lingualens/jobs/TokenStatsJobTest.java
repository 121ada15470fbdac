package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.ingest.IngestJob;
import dev.lingualens.jobs.report.ReportJob;
import dev.lingualens.jobs.tokens.TokenStatsJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token statistics with a character-level tokenizer (tokens = letters a–z, anything else = unk), so
 * every expected number below is counted by hand from the texts.
 */
class TokenStatsJobTest {
  @TempDir static Path out;
  static SparkSession spark;

  @BeforeAll
  static void run() throws IOException {
    spark = SparkTestSession.get();
    Path corpus = out.resolve("tiny.jsonl");
    Files.writeString(
        corpus,
        String.join(
                "\n",
                "{\"text\":\"the quick brown fox\",\"lang\":\"en\",\"align_id\":\"a1\"}",
                "{\"text\":\"hello world\",\"lang\":\"en\",\"align_id\":\"a2\"}",
                "{\"text\":\"le renard brun rapide saute\",\"lang\":\"fr\",\"align_id\":\"a1\"}",
                "{\"text\":\"bonjour le monde\",\"lang\":\"fr\",\"align_id\":\"a2\"}",
                "{\"text\":\"grün ist die farbe\",\"lang\":\"de\",\"align_id\":\"a3\"}",
                "{\"text\":\"it rains! we stay!\",\"lang\":\"en\",\"align_id\":\"a4\"}",
                "{\"text\":\"el zorro marron rapido salta\",\"lang\":\"es\",\"align_id\":\"a1\"}",
                "{\"text\":\"llueve! nos quedamos!\",\"lang\":\"es\",\"align_id\":\"a4\"}")
            + "\n");
    Path chars = Repo.root().resolve("jobs/src/test/resources/tokenizers/chars/tokenizer.json");
    LinguaConfig config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir",
                    out.resolve("tables").toString(),
                    "ingest.inputs",
                    "tiny=jsonl:" + corpus,
                    "ingest.partitions",
                    "2",
                    "tokenstats.tokenizers",
                    "chars=" + chars,
                    "tokenstats.batch-size",
                    "2",
                    "tokenstats.unk-flag-rate",
                    "0.05"));
    new IngestJob().run(spark, config);
    new TokenStatsJob().run(spark, config);
    report = Files.readString(new ReportJob().run(spark, config));
  }

  static String report;

  private static Row stats(String lang) {
    List<Row> rows =
        spark
            .read()
            .parquet(out.resolve("tables/token_stats").toString())
            .filter("lang = '" + lang + "'")
            .collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  @Test
  void runRecordTimesTheExecutorPhasesInMillisecondsWithinTheRun() throws IOException {
    Row run =
        spark
            .read()
            .parquet(out.resolve("tables/runs").toString())
            .filter("job = 'token-stats'")
            .first();
    JsonNode counters = new ObjectMapper().readTree(run.<String>getAs("counters_json"));
    long wallMs =
        run.<java.sql.Timestamp>getAs("ended_at").getTime()
            - run.<java.sql.Timestamp>getAs("started_at").getTime();
    long sum = 0;
    for (String phase :
        List.of("read_documents_ms", "encode_texts_ms", "word_pass_ms", "count_rows_ms")) {
      assertThat(counters.has(phase)).as(phase).isTrue();
      assertThat(counters.get(phase).asLong()).as(phase).isNotNegative();
      sum += counters.get(phase).asLong();
    }
    // Summed over tasks, so at most the run's wall time per core; nanoseconds would be far above.
    int cores = spark.sparkContext().defaultParallelism();
    assertThat(sum).isLessThanOrEqualTo(wallMs * cores);
  }

  @Test
  void frenchPremiumIsRatioOfSumsAndMeanOfRatios() {
    Row fra = stats("fra");
    // tokens: fra 23 + 14 = 37 against eng 16 + 10 = 26 on the same two units
    assertThat(fra.<Long>getAs("tokens")).isEqualTo(37L);
    assertThat(fra.<Long>getAs("aligned_units")).isEqualTo(2L);
    assertThat(fra.<Double>getAs("premium_sum")).isCloseTo(37.0 / 26.0, within(1e-12));
    assertThat(fra.<Double>getAs("premium_mean"))
        .isCloseTo((23.0 / 16 + 14.0 / 10) / 2, within(1e-12));
    assertThat(stats("eng").<Double>getAs("premium_sum")).isEqualTo(1.0);
  }

  @Test
  void fertilityAndContinuedWordsCountLettersPerWord() {
    Row fra = stats("fra");
    assertThat(fra.<Long>getAs("words")).isEqualTo(8L);
    assertThat(fra.<Double>getAs("fertility")).isCloseTo(37.0 / 8, within(1e-12));
    assertThat(fra.<Double>getAs("continued_word_share")).isEqualTo(1.0);
    // bytes: 27 + 16 (spaces included), tokens 37
    assertThat(fra.<Double>getAs("bytes_per_token")).isCloseTo(43.0 / 37, within(1e-12));
  }

  @Test
  void unknownTokensAndDistinctIds() {
    Row deu = stats("deu");
    // g r <unk> n | i s t | d i e | f a r b e : 15 tokens, one unk; distinct: g r unk n i s t d e f
    // a b
    assertThat(deu.<Long>getAs("tokens")).isEqualTo(15L);
    assertThat(deu.<Long>getAs("unk_tokens")).isEqualTo(1L);
    assertThat(deu.<Double>getAs("unk_rate")).isCloseTo(1.0 / 15, within(1e-12));
    assertThat(deu.<Long>getAs("distinct_ids")).isEqualTo(12L);
    // no English version of unit a3: the premium is undefined, not 0
    assertThat(deu.<Long>getAs("aligned_units")).isEqualTo(0L);
    assertThat(deu.<Double>getAs("premium_sum")).isNaN();
    // fra letters: l e r n a d b u p i s t o j m
    assertThat(stats("fra").<Long>getAs("distinct_ids")).isEqualTo(15L);
  }

  @Test
  void perDocumentTableHasOneRowPerDocumentAndTokenizer() {
    List<Row> docs =
        spark
            .read()
            .parquet(out.resolve("tables/token_stats_docs").toString())
            .orderBy("lang", "align_id")
            .collectAsList();
    assertThat(docs).hasSize(8);
    assertThat(docs)
        .extracting(r -> r.<Long>getAs("n_tokens"))
        .containsExactly(15L, 16L, 10L, 15L, 23L, 14L, 24L, 19L);
    // "it rains! we stay!" and "llueve! nos quedamos!" are two sentences each, the rest one
    assertThat(docs)
        .extracting(r -> r.<Long>getAs("n_sentences"))
        .containsExactly(1L, 1L, 1L, 2L, 1L, 1L, 1L, 2L);
  }

  @Test
  void tokensPerSentenceAndThePremiumOnSentencePairs() {
    Row spa = stats("spa");
    // el zorro marron rapido salta = 24 letters; llueve ! nos quedamos ! = 17 letters + 2 unk
    assertThat(spa.<Long>getAs("tokens")).isEqualTo(43L);
    assertThat(spa.<Long>getAs("sentences")).isEqualTo(3L);
    assertThat(spa.<Double>getAs("tokens_per_sentence")).isCloseTo(43.0 / 3, within(1e-12));
    // both units are aligned with English (16 and 15 tokens) ...
    assertThat(spa.<Long>getAs("aligned_units")).isEqualTo(2L);
    assertThat(spa.<Double>getAs("premium_sum")).isCloseTo(43.0 / 31, within(1e-12));
    // ... but only a1 is one sentence on both sides
    assertThat(spa.<Long>getAs("sentence_units")).isEqualTo(1L);
    assertThat(spa.<Double>getAs("premium_sentence")).isCloseTo(24.0 / 16, within(1e-12));
    // every French unit is a sentence pair: the two premiums agree
    assertThat(stats("fra").<Double>getAs("premium_sentence")).isCloseTo(37.0 / 26, within(1e-12));
    assertThat(stats("deu").<Double>getAs("premium_sentence")).isNaN();
  }

  @Test
  void unkFlagMarksLanguagesAboveTheConfiguredRate() {
    // unk shares: deu 1/15 = 0.067 > 0.05; eng 2/41 = 0.049, spa 2/43 = 0.047, fra 0/37
    assertThat(stats("deu").<Boolean>getAs("unk_flag")).isTrue();
    assertThat(stats("eng").<Boolean>getAs("unk_flag")).isFalse();
    assertThat(stats("spa").<Boolean>getAs("unk_flag")).isFalse();
    assertThat(stats("fra").<Boolean>getAs("unk_flag")).isFalse();
  }

  @Test
  void entropyAndEfficiencyOfTheUnigramTokenDistribution() {
    Row deu = stats("deu");
    // g r <unk> n i s t d i e f a r b e: r, i, e twice, nine ids once; 15 tokens; |V| = 27 (a-z,
    // unk)
    double p2 = 2.0 / 15;
    double p1 = 1.0 / 15;
    double log2 = Math.log(2);
    double shannon = -(3 * p2 * Math.log(p2) + 9 * p1 * Math.log(p1)) / log2;
    double renyi = Math.log(3 * Math.pow(p2, 2.5) + 9 * Math.pow(p1, 2.5)) / log2 / (1 - 2.5);
    assertThat(deu.<Long>getAs("vocab_size")).isEqualTo(27L);
    assertThat(deu.<Double>getAs("renyi_alpha")).isEqualTo(2.5);
    assertThat(deu.<Double>getAs("shannon_entropy")).isCloseTo(shannon, within(1e-12));
    assertThat(deu.<Double>getAs("renyi_entropy")).isCloseTo(renyi, within(1e-12));
    assertThat(deu.<Double>getAs("shannon_efficiency"))
        .isCloseTo(shannon / (Math.log(27) / log2), within(1e-12));
    assertThat(deu.<Double>getAs("renyi_efficiency"))
        .isCloseTo(renyi / (Math.log(27) / log2), within(1e-12));
    // 3.51 bits of a possible 4.75: the number itself, not only the formula
    assertThat(deu.<Double>getAs("shannon_entropy")).isCloseTo(3.5069, within(1e-4));
  }

  @Test
  void reportShowsTheNewColumnsAndTheEfficiencyChart() {
    assertThat(report)
        .contains("Unigram efficiency and sentences")
        .contains("Rényi efficiency (α = 2.5)")
        .contains("premium (sentences)")
        .contains("tokens/sentence")
        .contains(">UNK<");
  }
}
