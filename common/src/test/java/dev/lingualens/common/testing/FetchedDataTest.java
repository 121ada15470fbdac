package dev.lingualens.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class FetchedDataTest {
  @Test
  void absentDataIsSkippedByDefault() {
    Path absent = Path.of("/nonexistent");
    assertThatThrownBy(
            () -> FetchedData.decide(absent, List.of("tokenizers/gpt4o/tokenizer.json"), null))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("/nonexistent/tokenizers/gpt4o/tokenizer.json")
        .hasMessageContaining("scripts/fetch-data.sh");
  }

  @Test
  void absentDataFailsWhenFetchedDataIsRequired() {
    Path absent = Path.of("/nonexistent");
    assertThatThrownBy(
            () -> FetchedData.decide(absent, List.of("tokenizers/gpt4o/tokenizer.json"), "1"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("scripts/fetch-data.sh")
        .hasMessageContaining("LINGUALENS_REQUIRE_FETCHED=1");
  }

  @Test
  void presentDataPassesAndOnlyTheMissingPathsAreNamed(@TempDir Path cache) throws Exception {
    Files.createDirectories(cache.resolve("models/m"));
    Files.writeString(cache.resolve("models/m/model.onnx"), "x");
    assertThatCode(() -> FetchedData.decide(cache, List.of("models/m", "models/m/model.onnx"), "1"))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                FetchedData.decide(
                    cache, List.of("models/m/model.onnx", "models/m/tokenizer.json"), null))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("tokenizer.json")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("model.onnx"));
  }
}
