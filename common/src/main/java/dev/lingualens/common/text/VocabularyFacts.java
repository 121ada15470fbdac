package dev.lingualens.common.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The unknown token's id and the vocabulary size of a {@code tokenizer.json}, read in one streaming
 * pass. A tree of the whole file held 43 MB for gpt4o's 9.7 MB file and 162 MB for Gemma 3's 33 MB
 * one, and took 0.7 and 1.2 s to build in a cold JVM, on the driver and on every executor, for two
 * numbers; the merges, most of the file, are skipped here without being built.
 *
 * @param unkId the model's unknown token ({@code model.unk_id}, else {@code model.unk_token} looked
 *     up in the vocabulary, then in {@code added_tokens}), or -1 when it has none (byte-level BPE
 *     never emits one)
 * @param vocabSize distinct ids the tokenizer can emit: the model's vocabulary (an id per entry of
 *     a BPE/WordPiece/WordLevel map, an index per Unigram piece) plus added tokens outside it, as
 *     Hugging Face's {@code get_vocab_size(with_added_tokens=True)} counts them
 */
record VocabularyFacts(int unkId, int vocabSize) {
  private static final JsonFactory JSON = new JsonFactory();

  static VocabularyFacts read(Path file) throws IOException {
    Reading r = new Reading();
    try (JsonParser p = JSON.createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "model" -> r.model(p);
          case "added_tokens" -> r.addedTokens(p);
          default -> p.skipChildren();
        }
      }
    }
    if (r.unkIdField == null && r.unkToken != null && r.unkInVocab < 0 && r.vocabBeforeUnkToken) {
      // unk_token written after the vocabulary (Hugging Face writes it before): look again.
      r.unkInVocab = vocabId(file, r.unkToken);
    }
    return new VocabularyFacts(r.unkId(), r.ids.cardinality());
  }

  /** What one pass has seen so far. */
  private static final class Reading {
    final BitSet ids = new BitSet();
    final Map<String, Integer> added = new LinkedHashMap<>();
    Integer unkIdField;
    String unkToken;
    int unkInVocab = -1;
    boolean vocabBeforeUnkToken;
    boolean vocabSeen;

    void model(JsonParser p) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "unk_id" ->
              unkIdField = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
          case "unk_token" -> {
            unkToken = value == JsonToken.VALUE_STRING ? p.getText() : null;
            vocabBeforeUnkToken = vocabSeen;
          }
          case "vocab" -> vocab(p);
          default -> p.skipChildren();
        }
      }
    }

    void vocab(JsonParser p) throws IOException {
      vocabSeen = true;
      if (p.currentToken() == JsonToken.START_ARRAY) {
        int pieces = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          p.skipChildren();
          pieces++;
        }
        ids.set(0, pieces);
      } else if (p.currentToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String piece = p.currentName();
          p.nextToken();
          int id = p.getValueAsInt(0);
          p.skipChildren();
          ids.set(id);
          if (piece.equals(unkToken) && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            unkInVocab = id;
          }
        }
      } else {
        p.skipChildren();
      }
    }

    void addedTokens(JsonParser p) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        int id = 0;
        String content = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          switch (field) {
            case "id" -> id = p.getValueAsInt(0);
            case "content" -> content = p.getValueAsString("");
            default -> p.skipChildren();
          }
        }
        ids.set(id);
        added.putIfAbsent(content, id);
      }
    }

    int unkId() {
      if (unkIdField != null) {
        return unkIdField;
      }
      if (unkToken == null) {
        return -1;
      }
      if (unkInVocab >= 0) {
        return unkInVocab;
      }
      return added.getOrDefault(unkToken, -1);
    }
  }

  /** The id of one piece in {@code model.vocab}, or -1. */
  private static int vocabId(Path file, String piece) throws IOException {
    try (JsonParser p = JSON.createParser(file.toFile())) {
      if (p.nextToken() == JsonToken.START_OBJECT
          && enterObject(p, "model")
          && enterObject(p, "vocab")) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (name.equals(piece) && value == JsonToken.VALUE_NUMBER_INT) {
            return p.getIntValue();
          }
          p.skipChildren();
        }
      }
    }
    return -1;
  }

  /** Moves the parser, inside an object, into the object value of {@code field}, if it has one. */
  private static boolean enterObject(JsonParser p, String field) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if (name.equals(field) && p.currentToken() == JsonToken.START_OBJECT) {
        return true;
      }
      p.skipChildren();
    }
    return false;
  }
}
