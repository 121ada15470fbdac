package dev.lingualens.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.config.ConfigSource;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.ingest.IngestSettings;
import dev.lingualens.jobs.tokens.TokenStatsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLI &gt; spark.lingualens.* &gt; conf file &gt; built-in defaults, and explain() naming each
 * source.
 */
class LinguaConfigPrecedenceTest {
  @TempDir Path tmp;
  private Path confFile;
  private LinguaConfig config;

  @BeforeEach
  void resolveAllFourLayers() throws IOException {
    confFile = tmp.resolve("site.conf");
    Files.writeString(
        confFile,
        String.join(
            "\n",
            "# every layer sets output.dir; lower layers lose",
            "output.dir = from-file",
            "ingest.partitions = 3",
            "report.title = File Title",
            ""),
        StandardCharsets.UTF_8);
    Map<String, String> spark =
        Map.of(
            "spark.lingualens.output.dir", "from-spark",
            "spark.lingualens.ingest.partitions", "5",
            "spark.executor.memory", "4g"); // not a lingualens key: must be ignored, not rejected
    Map<String, String> cli = Map.of("output.dir", "from-cli");
    config = LinguaConfig.resolve(cli, spark, confFile);
  }

  @Test
  void cliBeatsSparkConfConfFileAndDefault() {
    assertThat(config.get(LinguaConfig.keys().get("output.dir"))).isEqualTo("from-cli");
    assertThat(config.entry("output.dir").source()).isEqualTo(ConfigSource.CLI);
  }

  @Test
  void sparkConfBeatsConfFile() {
    assertThat(config.get(IngestSettings.PARTITIONS)).isEqualTo(5);
    assertThat(config.entry("ingest.partitions").source()).isEqualTo(ConfigSource.SPARK_CONF);
    assertThat(config.entry("ingest.partitions").origin())
        .isEqualTo("spark.lingualens.ingest.partitions");
  }

  @Test
  void confFileBeatsDefault() {
    assertThat(config.get(LinguaConfig.keys().get("report.title"))).isEqualTo("File Title");
    assertThat(config.entry("report.title").source()).isEqualTo(ConfigSource.CONF_FILE);
    assertThat(config.entry("report.title").origin()).isEqualTo(confFile.toString());
  }

  @Test
  void untouchedKeyKeepsDocumentedDefault() {
    // defaults.properties: tokenstats.batch-size = 256, tokenstats.reference-lang = eng
    assertThat(config.get(TokenStatsSettings.BATCH_SIZE)).isEqualTo(256);
    assertThat(config.get(LinguaConfig.keys().get("tokenstats.reference-lang"))).isEqualTo("eng");
    assertThat(config.entry("tokenstats.batch-size").source()).isEqualTo(ConfigSource.DEFAULT);
  }

  @Test
  void nonLingualensSparkKeysAreNotConfigKeys() {
    assertThat(config.asMap()).doesNotContainKeys("executor.memory", "spark.executor.memory");
  }

  @Test
  void explainNamesTheSourceOfEachValue() {
    String explain = config.explain();

    assertThat(lineFor(explain, "output.dir")).contains("from-cli", "command line", "--output.dir");
    assertThat(lineFor(explain, "ingest.partitions"))
        .contains("5", "Spark conf", "spark.lingualens.ingest.partitions");
    assertThat(lineFor(explain, "report.title"))
        .contains("File Title", "conf file", confFile.toString());
    assertThat(lineFor(explain, "tokenstats.batch-size")).contains("256", "built-in default");
  }

  @Test
  void explainHasOneLinePerKey() {
    assertThat(config.explain().split("\n")).hasSize(config.entries().size());
  }

  private static String lineFor(String explain, String key) {
    return Arrays.stream(explain.split("\n"))
        .filter(l -> l.startsWith(key + " = "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + key + " in:\n" + explain));
  }
}
