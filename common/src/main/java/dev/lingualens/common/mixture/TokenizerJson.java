package dev.lingualens.common.mixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.text.HfTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A parsed Hugging Face {@code tokenizer.json}; only BPE models are accepted, since only they have
 * merge lists.
 */
public final class TokenizerJson {
  private final Path file;
  private final JsonNode root;

  private TokenizerJson(Path file, JsonNode root) {
    this.file = file;
    this.root = root;
    String type = root.path("model").path("type").asText("");
    if (!"BPE".equals(type)) {
      throw new IllegalArgumentException(
          "Tokenizer "
              + file
              + " has model.type '"
              + type
              + "'; data-mixture inference needs a BPE merge list (model.type 'BPE')");
    }
  }

  /** A {@code tokenizer.json} file or a folder holding one. */
  public static TokenizerJson read(Path fileOrFolder) {
    Path file = HfTokenizer.resolveFile(fileOrFolder);
    try {
      return new TokenizerJson(file, new ObjectMapper().readTree(file.toFile()));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Tokenizer file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** For tests and trainers: a tree built in memory, named by {@code source} in messages. */
  public static TokenizerJson of(JsonNode root, String source) {
    return new TokenizerJson(Path.of(source), root);
  }

  public Path file() {
    return file;
  }

  public JsonNode root() {
    return root;
  }

  public JsonNode model() {
    return root.path("model");
  }

  /**
   * Byte-level when any pre-tokenizer step is ByteLevel: that step is what maps bytes to the GPT-2
   * alphabet.
   */
  public SymbolKind symbolKind() {
    return containsType(root.path("pre_tokenizer"), "ByteLevel")
        ? SymbolKind.BYTE_LEVEL
        : SymbolKind.CHARACTER;
  }

  private static boolean containsType(JsonNode node, String type) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return false;
    }
    if (type.equals(node.path("type").asText())) {
      return true;
    }
    for (JsonNode child : node.path("pretokenizers")) {
      if (containsType(child, type)) {
        return true;
      }
    }
    return false;
  }
}
