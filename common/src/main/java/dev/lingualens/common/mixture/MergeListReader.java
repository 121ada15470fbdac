package dev.lingualens.common.mixture;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The merge list of a BPE {@code tokenizer.json}, in either format HF writes: {@code "left right"}
 * strings (older files; split on the single space, which no symbol of these alphabets contains) or
 * {@code ["left", "right"]} arrays (newer files, needed once symbols may hold spaces).
 */
public final class MergeListReader {
  private MergeListReader() {}

  public static MergeList read(TokenizerJson tokenizer) {
    JsonNode merges = tokenizer.model().path("merges");
    if (!merges.isArray() || merges.isEmpty()) {
      throw new IllegalArgumentException(
          "Tokenizer " + tokenizer.file() + " has no model.merges list");
    }
    List<Merge> out = new ArrayList<>(merges.size());
    int index = 0;
    for (JsonNode m : merges) {
      out.add(parse(m, index++, tokenizer));
    }
    return new MergeList(out, tokenizer.symbolKind(), tokenizer.file().toString());
  }

  private static Merge parse(JsonNode m, int index, TokenizerJson tokenizer) {
    if (m.isTextual()) {
      String line = m.asText();
      int space = line.indexOf(' ');
      if (space <= 0 || space == line.length() - 1 || line.indexOf(' ', space + 1) >= 0) {
        throw bad(tokenizer, index, "'" + line + "' is not two symbols separated by one space");
      }
      return new Merge(line.substring(0, space), line.substring(space + 1));
    }
    if (m.isArray()
        && m.size() == 2
        && m.get(0).isTextual()
        && m.get(1).isTextual()
        && !m.get(0).asText().isEmpty()
        && !m.get(1).asText().isEmpty()) {
      return new Merge(m.get(0).asText(), m.get(1).asText());
    }
    throw bad(tokenizer, index, m + " is neither \"left right\" nor [\"left\", \"right\"]");
  }

  private static IllegalArgumentException bad(TokenizerJson tokenizer, int index, String what) {
    return new IllegalArgumentException(
        "Tokenizer " + tokenizer.file() + ": merge #" + index + " " + what);
  }
}
