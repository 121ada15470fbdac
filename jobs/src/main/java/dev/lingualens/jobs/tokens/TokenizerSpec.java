package dev.lingualens.jobs.tokens;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.jobs.CoreSettings;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A named tokenizer.json to measure. */
public record TokenizerSpec(String name, String path) implements Serializable {

  /**
   * The tokenizers of a key such as {@code tokenstats.tokenizers}: {@code name=path} entries, or
   * {@code auto} for every folder holding a tokenizer.json under the shipped sample data and the
   * fetch cache (the shipped copy wins when a name is in both).
   */
  public static List<TokenizerSpec> fromConfig(LinguaConfig config, Key<List<String>> key) {
    List<String> entries = config.get(key);
    CoreSettings core = CoreSettings.from(config);
    Map<String, TokenizerSpec> specs = new LinkedHashMap<>();
    if (entries.size() == 1 && entries.get(0).equals("auto")) {
      for (Path root :
          List.of(core.sampleData().resolve("tokenizers"), core.cache().resolve("tokenizers"))) {
        for (Path dir : subfolders(root)) {
          if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            specs.putIfAbsent(
                dir.getFileName().toString(),
                new TokenizerSpec(
                    dir.getFileName().toString(), dir.resolve("tokenizer.json").toString()));
          }
        }
      }
      if (specs.isEmpty()) {
        throw new ConfigException(
            key
                + "=auto found no tokenizer.json under "
                + core.sampleData().resolve("tokenizers")
                + " or "
                + core.cache().resolve("tokenizers")
                + " (run scripts/fetch-data.sh, or list name=path)");
      }
      return checked(key, new ArrayList<>(specs.values()));
    }
    for (String e : entries) {
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw config.bad(
            key, "'auto' or a list of name=path/to/tokenizer.json, got entry '" + e + "'");
      }
      String name = e.substring(0, eq).trim();
      try {
        Path file = HfTokenizer.resolveFile(Paths.get(e.substring(eq + 1).trim()));
        if (specs.put(name, new TokenizerSpec(name, file.toString())) != null) {
          throw config.bad(key, "distinct tokenizer names, '" + name + "' appears twice");
        }
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(key + " entry '" + e + "': " + ex.getMessage(), ex);
      }
    }
    return checked(key, new ArrayList<>(specs.values()));
  }

  /**
   * Loads every tokenizer once on the driver (milliseconds, and cached): a file the tokenizers
   * library cannot read is one config error naming the key and the file, before any task starts,
   * not a stage failure repeated by every task.
   */
  private static List<TokenizerSpec> checked(Key<List<String>> key, List<TokenizerSpec> specs) {
    for (TokenizerSpec s : specs) {
      try {
        HfTokenizer.load(Paths.get(s.path()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            key.name()
                + " entry '"
                + s.name()
                + "': "
                + e.getMessage().lines().findFirst().orElse(""),
            e);
      }
    }
    return specs;
  }

  private static List<Path> subfolders(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException("Cannot list " + root + ": " + e.getMessage(), e);
    }
  }
}
