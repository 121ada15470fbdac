package dev.lingualens.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A model folder written by scripts/dev/reference/tiny_models.py with its PyTorch reference outputs
 * ({@code reference.safetensors} + {@code reference.json}). Read with our own safetensors reader.
 */
final class ReferenceFixture implements AutoCloseable {
  /** The decoder fixtures (every one has a lens reference), then the encoders. */
  static final List<String> DECODERS =
      List.of(
          "llama",
          "llama-rope-scaled",
          "llama-bf16",
          "llama-f16",
          "mistral",
          "mistral-window",
          "qwen2",
          "qwen3",
          "gemma",
          "gemma2",
          "gemma3_text",
          "phi3",
          "phi3-longrope",
          "olmo2",
          "cohere",
          "gpt2",
          "bloom",
          "xglm");

  static final List<String> ENCODERS = List.of("bert", "xlm-roberta");

  static List<String> decoders() {
    return DECODERS;
  }

  static List<String> families() {
    List<String> all = new ArrayList<>(DECODERS);
    all.addAll(ENCODERS);
    return all;
  }

  final Path folder;
  final JsonNode json;
  final SafetensorsFile tensors;

  ReferenceFixture(String family) throws IOException {
    Path p = Paths.get("").toAbsolutePath();
    while (p != null
        && !Files.isDirectory(p.resolve("common/src/test/resources/fixtures/models"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "fixtures folder not found above " + Paths.get("").toAbsolutePath());
    }
    folder = p.resolve("common/src/test/resources/fixtures/models").resolve(family);
    json = new ObjectMapper().readTree(folder.resolve("reference.json").toFile());
    tensors = SafetensorsFile.open(folder.resolve("reference.safetensors"));
  }

  int[] lengths() {
    JsonNode l = json.path("inputs").path("lengths");
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = l.get(i).asInt();
    }
    return out;
  }

  long padId() {
    return json.path("inputs").path("pad_token_id").asLong();
  }

  List<long[]> sequences() {
    List<long[]> out = new ArrayList<>();
    for (JsonNode seq : json.path("inputs").path("token_ids")) {
      long[] ids = new long[seq.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = seq.get(i).asLong();
      }
      out.add(ids);
    }
    return out;
  }

  /** Names of the stored tensors of one run ("batch", "single.0", "batch.intervention"). */
  List<String> hooksOf(String run) {
    List<String> out = new ArrayList<>();
    json.path("tensors")
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (name.startsWith(run + ".")) {
                String hook = name.substring(run.length() + 1);
                if (!hook.startsWith("intervention.") && !hook.startsWith("single.")) {
                  out.add(hook);
                }
              }
            });
    return out;
  }

  HostTensor tensor(String name) {
    SafetensorsFile.TensorInfo info = tensors.tensors().get(name);
    if (info == null) {
      throw new IllegalArgumentException("no reference tensor " + name);
    }
    return new HostTensor(tensors.floats(info), info.shape());
  }

  JsonNode meta(String name) {
    return json.path("tensors").path(name);
  }

  @Override
  public void close() {
    tensors.close();
  }
}
