package dev.lingualens.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The weights of a model folder: {@code model.safetensors} or the shards named by {@code
 * model.safetensors.index.json}. Pickle checkpoints are refused, never opened: unpickling runs code
 * from the file.
 */
public final class WeightStore implements AutoCloseable {
  /** Prefixes that checkpoints saved from task heads put before the base model's names. */
  private static final List<String> PREFIXES =
      List.of("", "model.", "transformer.", "bert.", "roberta.");

  private final List<SafetensorsFile> files = new ArrayList<>();
  private final Map<String, SafetensorsFile> owner = new HashMap<>();
  private final Map<String, SafetensorsFile.TensorInfo> infos = new LinkedHashMap<>();

  private WeightStore() {}

  public static WeightStore open(Path folder) {
    WeightStore store = new WeightStore();
    try {
      Path single = folder.resolve("model.safetensors");
      Path index = folder.resolve("model.safetensors.index.json");
      if (Files.isRegularFile(single)) {
        store.add(SafetensorsFile.open(ModelFiles.inside(folder, single)));
      } else if (Files.isRegularFile(index)) {
        for (Path shard : shards(folder, ModelFiles.inside(folder, index))) {
          store.add(SafetensorsFile.open(ModelFiles.inside(folder, shard)));
        }
      } else {
        throw new ModelLoadException(noSafetensorsMessage(folder));
      }
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static String noSafetensorsMessage(Path folder) {
    List<String> pickles = new ArrayList<>();
    try (Stream<Path> s = Files.list(folder)) {
      s.map(p -> p.getFileName().toString())
          .filter(
              n ->
                  n.endsWith(".bin")
                      || n.endsWith(".pt")
                      || n.endsWith(".pth")
                      || n.endsWith(".ckpt")
                      || n.endsWith(".pkl"))
          .sorted()
          .forEach(pickles::add);
    } catch (IOException e) {
      return "Cannot list model folder " + folder + ": " + e.getMessage();
    }
    if (!pickles.isEmpty()) {
      return "Model folder "
          + folder
          + " has only pickle checkpoints "
          + pickles
          + ". lingualens loads weights "
          + "from safetensors only (unpickling can execute code): convert the checkpoint to safetensors first, "
          + "e.g. with transformers' save_pretrained(..., safe_serialization=True).";
    }
    return "No model.safetensors or model.safetensors.index.json in " + folder.toAbsolutePath();
  }

  private static List<Path> shards(Path folder, Path index) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(index.toFile());
    } catch (IOException e) {
      throw new ModelLoadException(index + " is not valid JSON: " + e.getMessage(), e);
    }
    JsonNode map = root.path("weight_map");
    if (!map.isObject() || map.isEmpty()) {
      throw new ModelLoadException(index + ": missing weight_map");
    }
    List<Path> out = new ArrayList<>();
    for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
      String name = it.next().asText();
      if (name.contains("/")
          || name.contains("\\")
          || name.startsWith(".")
          || !name.endsWith(".safetensors")) {
        throw new ModelLoadException(
            index + ": shard name '" + name + "' must be a .safetensors file in the folder");
      }
      Path p = folder.resolve(name);
      if (!out.contains(p)) {
        if (!Files.isRegularFile(p)) {
          throw new ModelLoadException(index + " names shard '" + name + "', which is missing");
        }
        out.add(p);
      }
    }
    return out;
  }

  private void add(SafetensorsFile f) {
    files.add(f);
    f.tensors()
        .forEach(
            (name, info) -> {
              if (infos.put(name, info) != null) {
                throw new ModelLoadException(
                    "Tensor '"
                        + name
                        + "' appears in two shards ("
                        + owner.get(name).path()
                        + ", "
                        + f.path()
                        + ")");
              }
              owner.put(name, f);
            });
  }

  /** Whether the folder holds safetensors weights (a single file or an index of shards). */
  public static boolean present(Path folder) {
    return Files.isRegularFile(folder.resolve("model.safetensors"))
        || Files.isRegularFile(folder.resolve("model.safetensors.index.json"));
  }

  /**
   * The stored name of a base-model tensor, trying the usual task-head prefixes; null if absent.
   */
  public String resolve(String name) {
    for (String p : PREFIXES) {
      if (infos.containsKey(p + name)) {
        return p + name;
      }
    }
    return null;
  }

  public boolean has(String name) {
    return resolve(name) != null;
  }

  public SafetensorsFile.TensorInfo info(String name) {
    String stored = resolve(name);
    if (stored == null) {
      throw new ModelLoadException("Weight '" + name + "' not found in " + describe());
    }
    return infos.get(stored);
  }

  public SafetensorsFile fileOf(String name) {
    return owner.get(resolve(name));
  }

  public float[] floats(String name) {
    SafetensorsFile.TensorInfo info = info(name);
    return fileOf(name).floats(info);
  }

  public Map<String, SafetensorsFile.TensorInfo> all() {
    return infos;
  }

  /** The dtype most weights are stored in (for the summary). */
  public DType storedDtype() {
    Map<DType, Long> bytes = new HashMap<>();
    infos.values().forEach(i -> bytes.merge(i.dtype(), i.end() - i.begin(), Long::sum));
    return bytes.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(DType.F32);
  }

  private String describe() {
    return files.isEmpty() ? "(no files)" : files.get(0).path().getParent().toString();
  }

  @Override
  public void close() {
    files.forEach(SafetensorsFile::close);
  }
}
