package dev.lingualens.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.config.ConfigSource;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.ingest.IngestSettings;
import dev.lingualens.jobs.tokens.TokenStatsSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ${home} substitution and the typed getters. */
class LinguaConfigValuesTest {
  private String savedHome;

  @BeforeEach
  void saveHome() {
    savedHome = System.getProperty("lingualens.home");
  }

  @AfterEach
  void restoreHome() {
    if (savedHome == null) {
      System.clearProperty("lingualens.home");
    } else {
      System.setProperty("lingualens.home", savedHome);
    }
  }

  @Test
  void homePlaceholderIsReplacedByLingualensHomeProperty() {
    System.setProperty("lingualens.home", "/opt/lingualens");
    LinguaConfig config = LinguaConfig.defaults();

    // defaults.properties: cache.dir = ${home}/.cache/lingualens
    assertThat(config.get(LinguaConfig.keys().get("cache.dir")))
        .isEqualTo("/opt/lingualens/.cache/lingualens");
    assertThat(config.get(IngestSettings.INPUTS))
        .containsExactly("udhr=udhr:/opt/lingualens/sample-data/udhr");
  }

  @Test
  void homePlaceholderWorksInOverriddenValues() {
    System.setProperty("lingualens.home", "/srv/ll");
    LinguaConfig config = LinguaConfig.resolve(Map.of("output.dir", "${home}/out"), Map.of(), null);

    assertThat(config.get(LinguaConfig.keys().get("output.dir"))).isEqualTo("/srv/ll/out");
  }

  @Test
  void cliValuesAreTrimmed() {
    LinguaConfig config =
        LinguaConfig.resolve(Map.of("ingest.partitions", "  12 "), Map.of(), null);

    assertThat(config.get(IngestSettings.PARTITIONS)).isEqualTo(12);
  }

  @Test
  void listDropsBlanksAndTrims() {
    LinguaConfig config =
        LinguaConfig.resolve(Map.of("ingest.langid.languages", "deu, eng,, fra ,"), Map.of(), null);

    assertThat(config.get(IngestSettings.LANGID_LANGUAGES)).containsExactly("deu", "eng", "fra");
  }

  @Test
  void booleanAcceptsYesNoAndDigits() {
    LinguaConfig yes = LinguaConfig.resolve(Map.of("report.title", "YES"), Map.of(), null);
    LinguaConfig zero = LinguaConfig.resolve(Map.of("report.title", "0"), Map.of(), null);

    assertThat(Key.flag("report.title", "", "as a flag").from(yes)).isTrue();
    assertThat(Key.flag("report.title", "", "as a flag").from(zero)).isFalse();
  }

  @Test
  void underscoresAreAllowedAsDigitSeparators() {
    LinguaConfig config =
        LinguaConfig.resolve(Map.of("ingest.max-line-bytes", "1_000_000"), Map.of(), null);

    assertThat(config.get(IngestSettings.MAX_LINE_BYTES)).isEqualTo(1_000_000);
  }

  @Test
  void withOverridesAsCommandLine() {
    LinguaConfig config = LinguaConfig.defaults().with(Map.of("tokenstats.batch-size", "64"));

    assertThat(config.get(TokenStatsSettings.BATCH_SIZE)).isEqualTo(64);
    assertThat(config.entry("tokenstats.batch-size").source()).isEqualTo(ConfigSource.CLI);
    assertThat(config.get(IngestSettings.ICU_SCRIPTS))
        .contains("Thai", "Jpan")
        .doesNotContain("Latn");
    assertThat(LinguaConfig.defaults().get(TokenStatsSettings.BATCH_SIZE)).isEqualTo(256);
    assertThat(List.of(config.entries().keySet().toArray()))
        .isEqualTo(List.of(LinguaConfig.defaults().entries().keySet().toArray()));
  }
}
