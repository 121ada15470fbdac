package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliTest {
  @Test
  void parsesCommandOverridesAndConfFile() {
    Cli.Args a =
        Cli.parse(
            new String[] {
              "ingest",
              "--output.dir=/tmp/x",
              "--ingest.partitions",
              "3",
              "--conf-file=conf/demo.conf"
            });
    assertThat(a.command()).isEqualTo("ingest");
    assertThat(a.overrides())
        .containsEntry("output.dir", "/tmp/x")
        .containsEntry("ingest.partitions", "3");
    assertThat(a.confFile().toString()).isEqualTo("conf/demo.conf");
  }

  @Test
  void configExplainSaysWhereEachValueCameFromAndWhatItMeans() {
    String text = stdout("config", "--explain", "--output.dir=/data/out");
    assertThat(text)
        .contains("output.dir = /data/out    [command line: --output.dir]")
        .contains(
            "tokenstats.batch-size = 256    [built-in default]    an integer ≥ 1: texts per batched encode call");
  }

  @Test
  void helpListsEveryRegisteredJob() {
    String text = stdout("help");
    for (Job<?, ?> job : JobRegistry.jobs()) {
      assertThat(text).contains("  " + job.name() + " ").contains(job.summary());
    }
    assertThat(text).contains("demo", "model-summary", "config");
  }

  @Test
  void jobHelpNamesItsTablesAndKeys() {
    String text = stdout("token-stats", "--help");
    assertThat(text)
        .contains("reads:  documents")
        .contains("writes: token_stats_docs, token_stats")
        .contains("--tokenstats.batch-size=256  (an integer ≥ 1)");
    assertThat(stdout("help", "mixture")).contains("--mixture.max-merges=30000");
  }

  @Test
  void anUnknownCommandIsRejectedWithTheUsage() {
    assertThatThrownBy(() -> Cli.run(new String[] {"ingset"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ingset")
        .hasMessageContaining("token-stats");
  }

  private static String stdout(String... argv) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertThat(Cli.run(argv)).isZero();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aTypoInAKeyIsRejectedByName() {
    assertThatThrownBy(() -> Cli.run(new String[] {"config", "--output.dri=/x"}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("output.dri");
  }

  @Test
  void anOptionWithoutValueIsRejected() {
    assertThatThrownBy(() -> Cli.parse(new String[] {"ingest", "--output.dir"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--output.dir");
  }
}
