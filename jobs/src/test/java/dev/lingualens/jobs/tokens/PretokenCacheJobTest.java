package dev.lingualens.jobs.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.corpus.RepoFiles;
import dev.lingualens.common.testing.FetchedData;
import dev.lingualens.common.testing.NeedsFetchedData;
import dev.lingualens.jobs.SparkTestSession;
import dev.lingualens.jobs.ingest.IngestJob;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * token-stats with the pretoken cache (the default) writes the same numbers as with every text sent
 * to the native encode: on the committed UDHR translations (33 languages, 14 scripts) with a real
 * byte-level tokenizer, where every counted token and the unigram entropy depend on the ids.
 */
class PretokenCacheJobTest {
  @TempDir Path out;

  @Test
  @NeedsFetchedData("tokenizers/gpt4o/tokenizer.json")
  void theCacheChangesNoNumber() {
    SparkSession spark = SparkTestSession.get();
    Path tokenizer = FetchedData.path("tokenizers/gpt4o/tokenizer.json");
    Map<String, String> keys = new HashMap<>();
    keys.put("output.dir", out.resolve("tables").toString());
    keys.put("ingest.inputs", "udhr=udhr:" + RepoFiles.sampleData("udhr"));
    keys.put("tokenstats.tokenizers", "gpt4o=" + tokenizer);
    LinguaConfig config = LinguaConfig.defaults().with(keys);
    new IngestJob().run(spark, config);

    List<Row> cached = stats(spark, config, true);
    List<Row> native_ = stats(spark, config, false);

    assertThat(cached).hasSizeGreaterThan(30);
    assertThat(cached).isEqualTo(native_);
    assertThat(cached.get(0).<Long>getAs("tokens")).isGreaterThan(0L);
  }

  private List<Row> stats(SparkSession spark, LinguaConfig config, boolean cache) {
    new TokenStatsJob()
        .run(spark, config.with(Map.of("tokenstats.pretoken-cache", String.valueOf(cache))));
    return spark
        .read()
        .parquet(out.resolve("tables/token_stats").toString())
        .drop("run_id")
        .orderBy("lang", "script")
        .collectAsList();
  }
}
