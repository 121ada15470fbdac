package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.text.HfTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, section 3: a model folder's config is checked against its weight headers, and may not
 * link out.
 */
class ModelFolderChecksTest {
  @TempDir Path tmp;

  private Path copyOf(String family, Path dst) throws IOException {
    Path src;
    try (ReferenceFixture ref = new ReferenceFixture(family)) {
      src = ref.folder;
    }
    Files.createDirectories(dst);
    try (Stream<Path> s = Files.list(src)) {
      for (Path p : s.toList()) {
        Files.copy(p, dst.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dst;
  }

  private static void edit(Path config, String from, String to) throws IOException {
    String json = Files.readString(config);
    assertThat(json).contains(from);
    Files.writeString(config, json.replace(from, to));
  }

  @Test
  void aConfigPromisingLayersTheWeightsLackFailsBeforeAnythingIsAllocated() throws IOException {
    Path m = copyOf("llama", tmp.resolve("llama"));
    edit(m.resolve("config.json"), "\"num_hidden_layers\": 2", "\"num_hidden_layers\": 2000000000");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> ModelConfig.read(m))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("num_hidden_layers is 2000000000")
        .hasMessageContaining("layers 0..1");
    assertThatThrownBy(() -> ModelSummary.of(m))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("num_hidden_layers");
    assertThatThrownBy(() -> TransformerModel.load(m, ModelOptions.cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("num_hidden_layers");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);

    Path g = copyOf("gpt2", tmp.resolve("gpt2"));
    edit(g.resolve("config.json"), "\"n_layer\": 2", "\"n_layer\": 3");
    assertThatThrownBy(() -> ModelConfig.read(g)).hasMessageContaining("n_layer is 3");
  }

  @Test
  void aHiddenSizeOrVocabularyTheEmbeddingCannotHoldFails() throws IOException {
    Path m = copyOf("bert", tmp.resolve("bert"));
    edit(m.resolve("config.json"), "\"vocab_size\": 96", "\"vocab_size\": 960000");
    assertThatThrownBy(() -> ModelConfig.read(m))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("vocab_size 960000")
        .hasMessageContaining("[96, 32]");
  }

  @Test
  void everyShippedFixtureStillPasses() {
    for (String f :
        new String[] {
          "bert", "gpt2", "llama", "llama-bf16", "mistral", "qwen2", "qwen3", "xlm-roberta"
        }) {
      try (ReferenceFixture ref = new ReferenceFixture(f)) {
        assertThat(ModelConfig.read(ref.folder).layers()).as(f).isEqualTo(2);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Test
  void linksOutOfTheModelFolderAreRefused() throws IOException {
    Path outside = Files.writeString(tmp.resolve("secret.json"), "{\"model_type\": \"llama\"}");
    Path m = copyOf("llama", tmp.resolve("m1"));
    Files.delete(m.resolve("config.json"));
    Files.createSymbolicLink(m.resolve("config.json"), outside);
    assertThatThrownBy(() -> ModelConfig.read(m))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("outside the model folder");

    Path w = copyOf("llama", tmp.resolve("m2"));
    Path weights = Files.move(w.resolve("model.safetensors"), tmp.resolve("elsewhere.safetensors"));
    Files.createSymbolicLink(w.resolve("model.safetensors"), weights);
    assertThatThrownBy(() -> ModelSummary.of(w))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining("outside the model folder");

    Path t = Files.createDirectories(tmp.resolve("tok"));
    Path tokenizer = Files.writeString(tmp.resolve("tokenizer-elsewhere.json"), "{}");
    Files.createSymbolicLink(t.resolve("tokenizer.json"), tokenizer);
    assertThatThrownBy(() -> HfTokenizer.resolveFile(t))
        .hasMessageContaining("outside the model folder");
  }

  @Test
  void linksInsideTheFolderAndIntoTheHuggingFaceCacheAreFollowed() throws IOException {
    Path m = copyOf("llama", tmp.resolve("m3"));
    Files.move(m.resolve("config.json"), m.resolve("real-config.json"));
    Files.createSymbolicLink(m.resolve("config.json"), m.resolve("real-config.json"));
    assertThat(ModelConfig.read(m).layers()).isEqualTo(2);

    Path repo = tmp.resolve("hub/models--org--tiny");
    Path blobs = copyOf("llama", repo.resolve("blobs"));
    Path snapshot = Files.createDirectories(repo.resolve("snapshots/abc123"));
    for (String f : new String[] {"config.json", "model.safetensors"}) {
      Path blob = Files.move(blobs.resolve(f), blobs.resolve("sha-" + f.hashCode()));
      Files.createSymbolicLink(
          snapshot.resolve(f), Path.of("../../blobs").resolve(blob.getFileName()));
    }
    assertThat(ModelSummary.of(snapshot).layers()).isEqualTo(2);
  }
}
