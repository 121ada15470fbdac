package dev.lingualens.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * BOS / EOS / PAD ids from a model's config.json (-1 when absent; the first id when a list is
 * given).
 */
public record SpecialTokens(long bos, long eos, long pad) {
  public static SpecialTokens of(Path folder) {
    try {
      JsonNode c = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
      long eos = id(c.get("eos_token_id"));
      long pad = id(c.get("pad_token_id"));
      return new SpecialTokens(id(c.get("bos_token_id")), eos, pad >= 0 ? pad : Math.max(eos, 0));
    } catch (IOException e) {
      throw new ModelLoadException(
          "Cannot read " + folder.resolve("config.json") + ": " + e.getMessage(), e);
    }
  }

  private static long id(JsonNode n) {
    if (n == null || n.isNull()) {
      return -1;
    }
    if (n.isArray()) {
      return n.isEmpty() ? -1 : n.get(0).asLong(-1);
    }
    return n.asLong(-1);
  }
}
