package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The files generated from the job registry match the code. Regenerate them with {@code mvn -pl
 * jobs -am test -Dtest=GeneratedFilesTest -Dlingualens.regenerate-docs=true}.
 */
class GeneratedFilesTest {
  @Test
  void configurationReferenceIsCurrent() throws IOException {
    check(RegistryFiles.CONFIGURATION_MD, RegistryFiles.configurationMarkdown());
  }

  @Test
  void airflowJobListIsCurrent() throws IOException {
    check(RegistryFiles.AIRFLOW_JOBS_JSON, RegistryFiles.airflowJobsJson());
  }

  @Test
  void everyDeclaredKeyHasADocAndAParsableDefault() {
    dev.lingualens.common.config.LinguaConfig defaults =
        dev.lingualens.common.config.LinguaConfig.defaults();
    dev.lingualens.common.config.LinguaConfig.keys()
        .values()
        .forEach(
            k -> {
              assertThat(k.doc()).as(k.name()).isNotBlank();
              assertThat(k.from(defaults)).as(k.name()).isNotNull();
            });
  }

  static void check(String relative, String expected) throws IOException {
    Path file = Repo.root().resolve(relative);
    if (Boolean.getBoolean("lingualens.regenerate-docs")) {
      Files.writeString(file, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "")
        .as(
            relative
                + " is generated from the code; regenerate with -Dlingualens.regenerate-docs=true"
                + " (see GeneratedFilesTest)")
        .isEqualTo(expected);
  }
}
