package dev.lingualens.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a sentence-transformers folder says about turning token states into a sentence vector: the
 * pooling ({@code 1_Pooling/config.json}, or pooling fields in {@code sentence_bert_config.json})
 * and the maximum sequence length the encoder was used with (longer inputs are truncated, as the
 * library does).
 */
public record SentenceTransformerConfig(Pooling pooling, int maxSeqLength, boolean normalize) {
  public static Optional<SentenceTransformerConfig> read(Path folder) {
    JsonNode bert = json(folder.resolve("sentence_bert_config.json"));
    JsonNode pool = json(folder.resolve("1_Pooling").resolve("config.json"));
    if (bert == null && pool == null) {
      return Optional.empty();
    }
    JsonNode modes = pool != null ? pool : bert;
    Pooling pooling;
    if (modes.path("pooling_mode_mean_tokens").asBoolean(false)) {
      pooling = Pooling.MEAN;
    } else if (modes.path("pooling_mode_cls_token").asBoolean(false)) {
      pooling = Pooling.CLS;
    } else if (modes.path("pooling_mode_lasttoken").asBoolean(false)) {
      pooling = Pooling.LAST;
    } else if (modes.has("pooling_mode_max_tokens")
        && modes.path("pooling_mode_max_tokens").asBoolean()) {
      throw new ModelLoadException(
          folder + ": max-token pooling is not supported (mean, cls or last token)");
    } else {
      // sentence-transformers' own default when a folder names no mode
      pooling = Pooling.MEAN;
    }
    int maxLen =
        bert == null ? Integer.MAX_VALUE : bert.path("max_seq_length").asInt(Integer.MAX_VALUE);
    boolean normalize =
        Files.isDirectory(folder.resolve("2_Normalize"))
            || (bert != null && bert.path("normalize").asBoolean(false));
    return Optional.of(new SentenceTransformerConfig(pooling, maxLen, normalize));
  }

  private static JsonNode json(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelLoadException(file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Cuts a sequence that carries its special tokens to {@code maxLen}, keeping the closing special
   * token ([SEP]) as Hugging Face's truncation does: first {@code maxLen − 1} ids, then the
   * original last id.
   */
  public static long[] truncate(long[] ids, int maxLen) {
    if (ids.length <= maxLen) {
      return ids;
    }
    long[] out = java.util.Arrays.copyOf(ids, maxLen);
    out[maxLen - 1] = ids[ids.length - 1];
    return out;
  }
}
