package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.mixture.MergeCountsJob;
import dev.lingualens.jobs.mixture.MixtureJob;
import dev.lingualens.jobs.report.ReportJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * merge-counts + mixture on methods.md 3.10 B spelled as documents: category A's words are ab×5,
 * cd×1, ef×4 and B's ab×1, cd×5, ef×4, under a tokenizer whose merges are (a,b), (c,d) and whose
 * pre-tokenisation splits on whitespace. Every expected number is the worked example's or counted
 * by hand from the texts.
 */
class MixtureJobsTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static LinguaConfig config;

  static final String A = "ab ab ab ab ab cd ef ef ef ef"; // 29 bytes
  static final String B1 = "ab cd cd"; // 8 bytes
  static final String B2 = "cd cd cd ef ef ef ef"; // 20 bytes

  @BeforeAll
  static void run() throws Exception {
    spark = SparkTestSession.get();
    List<Row> docs =
        List.of(row("a1", "A", A), row("b1", "B", B1), row("b2", "B", B2), row("c1", "C", "zz"));
    spark
        .createDataFrame(
            docs, StructType.fromDDL("id string, lang string, text string, n_bytes bigint"))
        .write()
        .parquet(dir.resolve("documents").toString());
    Path tok = toyTokenizer("tok", "\"a b\",\"c d\"");
    // The same merges in the other order: the worked example with A and B swapped, solved in its
    // own task beside toy's.
    Path yot = toyTokenizer("yot", "\"c d\",\"a b\"");
    config =
        LinguaConfig.defaults()
            .with(
                Map.of(
                    "output.dir",
                    dir.resolve("out").toString(),
                    "mixture.documents",
                    dir.resolve("documents").toString(),
                    "mixture.tokenizers",
                    "toy=" + tok + ",yot=" + yot,
                    "mixture.categories",
                    "A,B",
                    "mixture.truth",
                    "toy:A=0.5,toy:B=0.5"));
    new MergeCountsJob().run(spark, config);
    new MixtureJob().run(spark, config);
    report = Files.readString(new ReportJob().run(spark, config));
  }

  static String report;

  private static Path toyTokenizer(String name, String merges) throws Exception {
    Path tok = dir.resolve(name + "/tokenizer.json");
    Files.createDirectories(tok.getParent());
    Files.writeString(
        tok,
        "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1,\"c\":2,\"d\":3,\"e\":4,\"f\":5,"
            + "\"ab\":6,\"cd\":7},\"merges\":["
            + merges
            + "]},\"normalizer\":null,"
            + "\"pre_tokenizer\":{\"type\":\"WhitespaceSplit\"}}");
    return tok;
  }

  private static Row row(String id, String lang, String text) {
    return RowFactory.create(id, lang, text, (long) text.getBytes(StandardCharsets.UTF_8).length);
  }

  private static List<Row> table(String name, String where) {
    return spark
        .read()
        .parquet(dir.resolve("out").resolve(name).toString())
        .filter(where)
        .collectAsList();
  }

  @Test
  void pairCountsAreTheInitialMapAndTheDiffOfMergeOne() {
    List<Row> a = table("merge_pair_counts", "tokenizer = 'toy' and category = 'A'");
    assertThat(a)
        .extracting(
            r ->
                r.getAs("step") + ":" + r.getAs("left") + r.getAs("right") + "=" + r.getAs("count"))
        .containsExactlyInAnyOrder("0:ab=5", "0:cd=1", "0:ef=4", "1:ab=0");
    // B's two documents are counted together: ab×1, cd×2+3, ef×4.
    assertThat(table("merge_pair_counts", "tokenizer = 'toy' and category = 'B' and step = 0"))
        .extracting(r -> r.getAs("left") + "" + r.getAs("right") + "=" + r.getAs("count"))
        .containsExactlyInAnyOrder("ab=1", "cd=5", "ef=4");
    assertThat(table("merge_pair_counts", "category = 'C'")).isEmpty(); // not in mixture.categories
  }

  @Test
  void categoryMetaHoldsBytesPairsAndWords() {
    Row b = table("merge_category_meta", "tokenizer = 'toy' and category = 'B'").get(0);
    assertThat(b.<Long>getAs("bytes")).isEqualTo(28L);
    assertThat(b.<Long>getAs("pairs")).isEqualTo(10L);
    assertThat(b.<Long>getAs("words")).isEqualTo(10L);
    assertThat(b.<Long>getAs("distinct_words")).isEqualTo(3L);
    assertThat(b.<Long>getAs("documents")).isEqualTo(2L);
    assertThat(b.<Integer>getAs("merges_attacked")).isEqualTo(2);
    assertThat(table("merge_steps", "tokenizer = 'toy' and step = 2").get(0).<String>getAs("left"))
        .isEqualTo("c");
  }

  @Test
  void mixtureIsTheWorkedExamplesUniqueOptimum() {
    Row a = table("mixture", "tokenizer = 'toy' and category = 'A'").get(0);
    assertThat(a.<Double>getAs("share_pairs")).isCloseTo(0.5, within(1e-7));
    assertThat(a.<Double>getAs("objective")).isCloseTo(0.1, within(1e-7));
    // β ∝ α·B/D: 0.5·29/10 vs 0.5·28/10 → 29/57.
    assertThat(a.<Double>getAs("share_bytes")).isCloseTo(29.0 / 57, within(1e-7));
    assertThat(a.<Double>getAs("truth_byte_share")).isEqualTo(0.5);
    assertThat(a.<Boolean>getAs("converged")).isTrue();
    List<Row> trace = table("mixture_solver_trace", "tokenizer = 'toy'");
    assertThat(trace).hasSize(1);
    assertThat(trace.get(0).<Integer>getAs("new_constraints")).isEqualTo(2);
  }

  /**
   * yot merges cd first: its rows are toy's with A and B swapped, so the same unique optimum α_A =
   * 0.5, objective 0.1. Had its task also received toy's counts, step 2 would see ab and cd both
   * merged away and ef would beat the merge by 0.4.
   */
  @Test
  void eachTokenizersTaskSolvesItsOwnCounts() {
    Row a = table("mixture", "tokenizer = 'yot' and category = 'A'").get(0);
    assertThat(a.<Double>getAs("share_pairs")).isCloseTo(0.5, within(1e-7));
    assertThat(a.<Double>getAs("objective")).isCloseTo(0.1, within(1e-7));
    assertThat(a.<Boolean>getAs("converged")).isTrue();
    assertThat(table("mixture", "true")).hasSize(4);
    assertThat(table("mixture_solver_trace", "tokenizer = 'yot'")).hasSize(1);
    assertThat(table("merge_steps", "tokenizer = 'yot' and step = 1").get(0).<String>getAs("left"))
        .isEqualTo("c");
  }

  @Test
  void reportShowsTheMixtureAndTheSolver() {
    assertThat(report)
        .contains("What the tokenizers were trained on")
        .contains("Mixture solver convergence")
        .contains("toy");
  }
}
