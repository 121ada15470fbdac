package dev.lingualens.jobs.represent;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.model.ModelConfig;
import dev.lingualens.common.model.ModelFamily;
import dev.lingualens.common.model.Pooling;
import dev.lingualens.common.model.SentenceTransformerConfig;
import dev.lingualens.jobs.model.ModelHandle;
import dev.lingualens.jobs.model.ModelHandle.Backend;
import dev.lingualens.jobs.model.ModelSettings;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How {@code represent} embeds with one model of {@code represent.models}, resolved on the driver:
 * the model (its {@link ModelHandle}: where it is, which backend runs it), which pooling and
 * layers, and the longest input it takes (encoders truncate like sentence-transformers; decoders
 * never truncate, because that would move the "last token": over-long texts are skipped and
 * counted).
 */
public record Embedding(
    ModelHandle model, Pooling pooling, int[] layers, int depth, boolean encoder, int maxTokens)
    implements Serializable {

  public static List<Embedding> fromConfig(LinguaConfig config) {
    List<String> entries = config.get(RepresentSettings.MODELS);
    List<Embedding> out = new ArrayList<>();
    String defaultBackend = config.get(RepresentSettings.BACKEND);
    if (entries.isEmpty()) {
      String path = config.get(ModelSettings.PATH);
      if (path.isBlank()) {
        throw config.bad(
            RepresentSettings.MODELS, "name=path/to/hf-model-folder (or set model.path)");
      }
      Path p = Paths.get(path);
      out.add(resolve(p.getFileName().toString(), p, defaultBackend, config));
      return out;
    }
    for (String e : entries) {
      int eq = e.indexOf('=');
      if (eq <= 0 || eq == e.length() - 1) {
        throw config.bad(RepresentSettings.MODELS, "name=path entries; got '" + e + "'");
      }
      String name = e.substring(0, eq).trim();
      String path = e.substring(eq + 1).trim();
      // name=onnx:/path or name=djl:/path picks the backend of one model (represent.backend is for
      // all)
      String backend = defaultBackend;
      for (String b : List.of("onnx:", "djl:")) {
        if (path.startsWith(b)) {
          backend = b.substring(0, b.length() - 1);
          path = path.substring(b.length());
        }
      }
      out.add(resolve(name, Paths.get(path), backend, config));
    }
    if (out.stream().map(Embedding::name).distinct().count() != out.size()) {
      throw config.bad(RepresentSettings.MODELS, "distinct model names; got " + entries);
    }
    return out;
  }

  static Embedding resolve(String name, Path folder, String backendSetting, LinguaConfig config) {
    if (!Files.isDirectory(folder)) {
      throw new ConfigException(
          "represent.models: model '"
              + name
              + "' folder "
              + folder.toAbsolutePath()
              + " does not exist");
    }
    ModelConfig mc = ModelConfig.read(folder);
    ModelSettings settings = ModelSettings.from(config);
    settings.checkDtypeFor(mc.family(), folder, config);
    boolean encoder = mc.family() == ModelFamily.BERT;
    Backend backend = backend(name, folder, backendSetting);
    Optional<SentenceTransformerConfig> st = SentenceTransformerConfig.read(folder);
    Pooling pooling = pooling(config.get(RepresentSettings.POOLING), encoder, st);
    int depth = mc.layers();
    int[] layers;
    String which = config.get(RepresentSettings.LAYERS);
    if (backend == Backend.ONNX || which.equals("last")) {
      // an ONNX export gives only its output, which is layer L
      layers = new int[] {depth};
    } else {
      layers = java.util.stream.IntStream.rangeClosed(1, depth).toArray();
    }
    int maxTokens = mc.maxPositions();
    if (encoder) {
      // BERT numbers positions 0..max−1; RoBERTa-style models start after padding_idx + 1
      maxTokens =
          mc.robertaPositions() ? mc.maxPositions() - mc.padTokenId() - 1 : mc.maxPositions();
      if (st.isPresent()) {
        maxTokens = Math.min(maxTokens, st.get().maxSeqLength());
      }
    }
    return new Embedding(
        ModelHandle.of(name, folder, backend, settings),
        pooling,
        layers,
        depth,
        encoder,
        maxTokens);
  }

  public String name() {
    return model.name();
  }

  public String path() {
    return model.path();
  }

  public Backend backend() {
    return model.backend();
  }

  private static Backend backend(String name, Path folder, String setting) {
    boolean hasSafetensors;
    try (Stream<Path> files = Files.list(folder)) {
      hasSafetensors = files.anyMatch(f -> f.getFileName().toString().endsWith(".safetensors"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Optional<Path> onnx = ModelHandle.onnxFile(folder);
    return switch (setting.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> {
        if (hasSafetensors) {
          yield Backend.DJL;
        }
        if (onnx.isPresent()) {
          yield Backend.ONNX;
        }
        throw new ConfigException(
            "represent.models: model '"
                + name
                + "' at "
                + folder
                + " has neither *.safetensors nor onnx/model.onnx");
      }
      case "djl" -> Backend.DJL;
      case "onnx" -> {
        if (onnx.isEmpty()) {
          throw new ConfigException(
              "represent.backend=onnx but " + folder + " has no onnx/model.onnx or model.onnx");
        }
        yield Backend.ONNX;
      }
      default ->
          throw new ConfigException(
              "Bad represent.backend '" + setting + "': expected auto, djl or onnx");
    };
  }

  private static Pooling pooling(
      String setting, boolean encoder, Optional<SentenceTransformerConfig> st) {
    return switch (setting) {
      case "auto" ->
          encoder ? st.map(SentenceTransformerConfig::pooling).orElse(Pooling.MEAN) : Pooling.LAST;
      case "last" -> Pooling.LAST;
      case "mean" -> Pooling.MEAN;
      case "cls" -> Pooling.CLS;
      default -> throw new IllegalStateException("represent.pooling was checked: " + setting);
    };
  }

  public String poolingName() {
    return pooling.name().toLowerCase(Locale.ROOT);
  }
}
