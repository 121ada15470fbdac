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
    Cli.Args a = Cli.parse(new String[] {"ingest", "--output.dir=/tmp/x", "--ingest.partitions", "3",
        "--conf-file=conf/demo.conf"});
    assertThat(a.command()).isEqualTo("ingest");
    assertThat(a.overrides()).containsEntry("output.dir", "/tmp/x").containsEntry("ingest.partitions", "3");
    assertThat(a.confFile().toString()).isEqualTo("conf/demo.conf");
  }

  @Test
  void configExplainSaysWhereEachValueCameFrom() {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertThat(Cli.run(new String[] {"config", "--explain", "--output.dir=/data/out"})).isZero();
    } finally {
      System.setOut(old);
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("output.dir = /data/out    [command line: --output.dir]")
        .contains("tokenstats.batch-size = 256    [built-in default]");
  }

  @Test
  void aTypoInAKeyIsRejectedByName() {
    assertThatThrownBy(() -> Cli.run(new String[] {"config", "--output.dri=/x"}))
        .isInstanceOf(ConfigException.class).hasMessageContaining("output.dri");
  }

  @Test
  void anOptionWithoutValueIsRejected() {
    assertThatThrownBy(() -> Cli.parse(new String[] {"ingest", "--output.dir"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--output.dir");
  }
}
