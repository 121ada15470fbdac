package dev.lingualens.common.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON Lines: one object per line with {@code text} (required), optional {@code lang}, {@code id},
 * {@code align_id}; every other field is kept verbatim in {@code extra_json}.
 */
public final class JsonlReader implements CorpusReader {
  /**
   * Trailing content after the object (a second object on the line) is an error, not silently
   * dropped.
   */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final int maxLineBytes;

  public JsonlReader(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public void read(Path file, String corpus, RecordSink sink) throws IOException {
    String source = file.toString();
    try (InputStream in = Files.newInputStream(file);
        LineReader lines = new LineReader(in, maxLineBytes)) {
      LineReader.Line line;
      while ((line = lines.next()) != null) {
        String location = "line " + line.number();
        if (line.problem() != null) {
          sink.quarantine(
              Quarantined.of(
                  corpus, source, location, line.problem(), line.detail(), line.snippet()));
        } else if (!LineReader.blank(line.text(), false)) {
          parse(
              line.text(),
              corpus,
              source,
              location,
              file.getFileName() + ":" + line.number(),
              sink);
        }
      }
    }
  }

  private static void parse(
      String text,
      String corpus,
      String source,
      String location,
      String defaultId,
      RecordSink sink) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      sink.quarantine(
          Quarantined.of(
              corpus, source, location, QuarantineReason.BAD_JSON, e.getOriginalMessage(), text));
      return;
    }
    if (node == null || !node.isObject()) {
      sink.quarantine(
          Quarantined.of(
              corpus, source, location, QuarantineReason.BAD_JSON, "not a JSON object", text));
      return;
    }
    ObjectNode obj = (ObjectNode) node.deepCopy();
    JsonNode t = obj.remove("text");
    if (t == null || t.isNull()) {
      sink.quarantine(
          Quarantined.of(
              corpus, source, location, QuarantineReason.MISSING_TEXT, "no 'text' field", text));
      return;
    }
    if (!t.isTextual()) {
      sink.quarantine(
          Quarantined.of(
              corpus,
              source,
              location,
              QuarantineReason.BAD_JSON,
              "'text' is a " + t.getNodeType().name().toLowerCase() + ", not a string",
              text));
      return;
    }
    String lang = textOrNull(obj.remove("lang"));
    String id = textOrNull(obj.remove("id"));
    String alignId = textOrNull(obj.remove("align_id"));
    String extra = obj.isEmpty() ? null : obj.toString();
    sink.record(
        new RawRecord(
            corpus,
            source,
            location,
            id != null ? id : defaultId,
            alignId,
            lang,
            t.asText(),
            extra));
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
