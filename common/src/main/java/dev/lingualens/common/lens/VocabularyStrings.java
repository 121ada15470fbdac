package dev.lingualens.common.lens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.mixture.ByteAlphabet;
import dev.lingualens.common.text.HfTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The surface of every vocabulary id of a {@code tokenizer.json}: the bytes the token adds to the
 * decoded text. Bytes, not strings, because a byte-level token may hold part of a UTF-8 sequence
 * (the first byte of "花" alone), and so may a byte-fallback token.
 *
 * <ul>
 *   <li>{@link Spelling#BYTE_LEVEL} (GPT-2, Llama 3, Qwen, GPT-4o: a {@code ByteLevel}
 *       pre-tokenizer or decoder): each character maps back to one byte through GPT-2's byte table
 *       ({@code Ġ} = space);
 *   <li>{@link Spelling#METASPACE} (SentencePiece conversions: Mistral, Llama 2, Gemma; a {@code
 *       Metaspace} step or a {@code Replace} of {@code ▁}): {@code ▁} is a space;
 *   <li>{@link Spelling#LITERAL} (anything else but WordPiece): the token string itself.
 * </ul>
 *
 * With byte fallback ({@code model.byte_fallback} or a {@code ByteFallback} decoder), {@code
 * <0xNN>} is the single byte NN. Ids of {@code added_tokens} (special or not: {@code <s>}, {@code
 * <|endoftext|>}, {@code <tool_call>}, Gemma's {@code <unusedN>}) have no surface: they are control
 * tokens, not text the model writes. Unigram vocabularies ({@code [[piece, score], …]}) are indexed
 * by position; WordPiece is refused, since its {@code ##} continuations are not the decoder models
 * this is for.
 */
public final class VocabularyStrings {
  /** How a token string spells its bytes. */
  public enum Spelling {
    BYTE_LEVEL,
    METASPACE,
    LITERAL
  }

  private static final Pattern BYTE_TOKEN = Pattern.compile("<0x([0-9A-Fa-f]{2})>");
  private static final String METASPACE_MARK = "\u2581";

  private final String source;
  private final Spelling spelling;
  private final boolean byteFallback;
  private final byte[][] surfaces;

  private VocabularyStrings(
      String source, Spelling spelling, boolean byteFallback, byte[][] surfaces) {
    this.source = source;
    this.spelling = spelling;
    this.byteFallback = byteFallback;
    this.surfaces = surfaces;
  }

  /** A {@code tokenizer.json} file or a folder holding one. */
  public static VocabularyStrings read(Path fileOrFolder) {
    Path file = HfTokenizer.resolveFile(fileOrFolder);
    try {
      return of(new ObjectMapper().readTree(file.toFile()), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Tokenizer file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** A parsed {@code tokenizer.json}; {@code source} names it in errors. */
  public static VocabularyStrings of(JsonNode root, String source) {
    JsonNode model = root.path("model");
    String type = model.path("type").asText("");
    if ("WordPiece".equals(type)) {
      throw new IllegalArgumentException(
          "Tokenizer "
              + source
              + " is WordPiece (an encoder's vocabulary with ## continuations); answer tokens need"
              + " a BPE or Unigram tokenizer of a decoder model");
    }
    Spelling spelling = spelling(root);
    boolean byteFallback =
        model.path("byte_fallback").asBoolean(false)
            || containsType(root.path("decoder"), "ByteFallback");
    Set<Integer> added = new HashSet<>();
    int size = 0;
    for (JsonNode a : root.path("added_tokens")) {
      added.add(a.path("id").asInt());
      size = Math.max(size, a.path("id").asInt() + 1);
    }
    JsonNode vocab = model.path("vocab");
    if (vocab.isArray()) {
      size = Math.max(size, vocab.size());
    } else if (vocab.isObject()) {
      for (JsonNode id : vocab) {
        size = Math.max(size, id.asInt() + 1);
      }
    } else {
      throw new IllegalArgumentException("Tokenizer " + source + " has no model.vocab");
    }
    byte[][] surfaces = new byte[size][];
    if (vocab.isArray()) {
      for (int id = 0; id < vocab.size(); id++) {
        String piece = vocab.get(id).path(0).asText();
        put(surfaces, id, piece, added, spelling, byteFallback, source);
      }
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        put(surfaces, e.getValue().asInt(), e.getKey(), added, spelling, byteFallback, source);
      }
    }
    return new VocabularyStrings(source, spelling, byteFallback, surfaces);
  }

  private static void put(
      byte[][] surfaces,
      int id,
      String piece,
      Set<Integer> added,
      Spelling spelling,
      boolean byteFallback,
      String source) {
    if (id < 0 || added.contains(id)) {
      return;
    }
    byte[] bytes = surface(piece, spelling, byteFallback, id, source);
    surfaces[id] = bytes.length == 0 ? null : bytes;
  }

  private static byte[] surface(
      String piece, Spelling spelling, boolean byteFallback, int id, String source) {
    if (byteFallback) {
      Matcher m = BYTE_TOKEN.matcher(piece);
      if (m.matches()) {
        return new byte[] {(byte) Integer.parseInt(m.group(1), 16)};
      }
    }
    switch (spelling) {
      case BYTE_LEVEL:
        try {
          return ByteAlphabet.decode(piece);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "Tokenizer " + source + ": token " + id + " " + e.getMessage(), e);
        }
      case METASPACE:
        return piece.replace(METASPACE_MARK, " ").getBytes(StandardCharsets.UTF_8);
      default:
        return piece.getBytes(StandardCharsets.UTF_8);
    }
  }

  private static Spelling spelling(JsonNode root) {
    if (containsType(root.path("pre_tokenizer"), "ByteLevel")
        || containsType(root.path("decoder"), "ByteLevel")) {
      return Spelling.BYTE_LEVEL;
    }
    if (containsType(root.path("pre_tokenizer"), "Metaspace")
        || containsType(root.path("decoder"), "Metaspace")
        || replacesMetaspace(root.path("decoder"))) {
      return Spelling.METASPACE;
    }
    return Spelling.LITERAL;
  }

  /** A {@code Replace} decoder step turning {@code ▁} into a space (Mistral, Llama 2, Gemma). */
  private static boolean replacesMetaspace(JsonNode node) {
    if ("Replace".equals(node.path("type").asText())
        && METASPACE_MARK.equals(node.path("pattern").path("String").asText())
        && " ".equals(node.path("content").asText())) {
      return true;
    }
    for (JsonNode child : node.path("decoders")) {
      if (replacesMetaspace(child)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsType(JsonNode node, String type) {
    if (type.equals(node.path("type").asText())) {
      return true;
    }
    for (String list : new String[] {"pretokenizers", "decoders", "normalizers"}) {
      for (JsonNode child : node.path(list)) {
        if (containsType(child, type)) {
          return true;
        }
      }
    }
    return false;
  }

  /** One more than the largest id of the vocabulary or the added tokens. */
  public int size() {
    return surfaces.length;
  }

  /** The surface bytes of {@code id}, or null for added/special tokens and unused ids. */
  public byte[] bytes(int id) {
    byte[] b = surfaces[id];
    return b == null ? null : b.clone();
  }

  /**
   * The surface as text, an incomplete UTF-8 sequence shown as U+FFFD; null where {@link #bytes}
   * is.
   */
  public String text(int id) {
    byte[] b = surfaces[id];
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  public Spelling spelling() {
    return spelling;
  }

  public boolean byteFallback() {
    return byteFallback;
  }

  public String source() {
    return source;
  }

  /** The array itself, for the index in this package (never handed out). */
  byte[][] surfaces() {
    return surfaces;
  }
}
