package dev.lingualens.common.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.mixture.PreTokenization;
import dev.lingualens.common.mixture.SymbolKind;
import dev.lingualens.common.mixture.TokenizerJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token ids of texts, the same as {@link HfTokenizer#encode(List)} returns, from a cache of each
 * pretoken's ids. A byte-level BPE tokenizer encodes every pretoken on its own, so a text's ids are
 * its pretokens' ids in order; pretoken frequencies are Zipfian (96 % of the 9.8 M pretokens of the
 * 50 MB benchmark corpus repeat an earlier one), while the Rust library's own cache holds 10,000
 * words and builds a full {@code Encoding} (token strings, offsets) per text. Here the texts are
 * pre-tokenised in Java ({@link PreTokenization}, checked against the Rust library on UDHR) and
 * only pretokens not seen before are encoded: by {@link ByteLevelBpe} where the file's BPE options
 * allow, else by the native library in one pre-tokenised call per batch.
 *
 * <p>Exact only where a pretoken encodes the same on its own as inside its text, which holds for
 * byte-level tokenizers whose normalizer is idempotent: {@link #supports} says which files qualify.
 * A text holding an added token's content (HF matches those before everything else) or an unpaired
 * surrogate goes to the native encode whole. One instance per tokenizer and executor, shared by its
 * tasks: the cache is concurrent, and a pretoken's ids never change, so tasks may race on filling
 * it without harm.
 */
public final class PretokenCache {
  private static final Logger LOG = LoggerFactory.getLogger(PretokenCache.class);

  /**
   * Heap per cached pretoken (key string of at most {@link #MAX_CACHED_CHARS}, ids array, map
   * node), to size the cache's budget.
   */
  public static final long BYTES_PER_ENTRY = 192;

  /**
   * Longer pretokens are encoded but not kept: in scripts written without spaces a pretoken can be
   * a whole clause (a run of Han characters), which seldom comes back and would make an entry's
   * size unbounded.
   */
  static final int MAX_CACHED_CHARS = 32;

  private static final Set<String> IDEMPOTENT_NORMALIZERS =
      Set.of("NFC", "NFKC", "NFD", "NFKD", "Lowercase");
  private static final Set<String> PIECE_STABLE_STEPS =
      Set.of("Split", "ByteLevel", "Digits", "WhitespaceSplit");

  private final PreTokenization pre;
  private final AddedTokens added;
  // Encodes new pretokens in Java where the file's BPE options allow; null: all go native.
  private final ByteLevelBpe bpe;
  private final Map<String, int[]> ids = new ConcurrentHashMap<>();
  private final int maxEntries;

  private PretokenCache(PreTokenization pre, AddedTokens added, ByteLevelBpe bpe, int maxEntries) {
    this.pre = pre;
    this.added = added;
    this.bpe = bpe;
    this.maxEntries = maxEntries;
  }

  /**
   * The cache for a tokenizer file, or empty with the reason when its texts cannot be encoded
   * pretoken by pretoken exactly (then {@link HfTokenizer#encode(List)} is the way).
   */
  public static Optional<PretokenCache> of(TokenizerJson json, int maxEntries) {
    return build(json, maxEntries).cache();
  }

  /**
   * The cache for a {@code tokenizer.json} file, or empty when it is not a BPE file {@link #of}
   * accepts; the executor log says why not.
   */
  public static Optional<PretokenCache> forFile(Path file, int maxEntries) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Tokenizer file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    String type = root.path("model").path("type").asText();
    Built built =
        "BPE".equals(type)
            ? build(TokenizerJson.of(root, file.toString()), maxEntries)
            : new Built(Optional.empty(), "model type " + type);
    if (built.cache().isEmpty()) {
      LOG.info("{}: texts go to the native encode whole ({})", file, built.whyNot());
    }
    return built.cache();
  }

  private record Built(Optional<PretokenCache> cache, String whyNot) {}

  private static Built build(TokenizerJson json, int maxEntries) {
    Optional<String> problem = unsupported(json);
    if (problem.isPresent()) {
      return new Built(Optional.empty(), problem.get());
    }
    try {
      PreTokenization pre = PreTokenization.from(json).unmapped();
      ByteLevelBpe bpe = ByteLevelBpe.of(json).orElse(null);
      return new Built(
          Optional.of(new PretokenCache(pre, AddedTokens.of(json.root()), bpe, maxEntries)), "");
    } catch (IllegalArgumentException e) {
      // A split pattern Java's regex cannot take, or a merge list the Rust library would refuse:
      // the native encode decides.
      return new Built(Optional.empty(), e.getMessage());
    }
  }

  /** Whether {@link #of} gives a cache for this file. */
  public static boolean supports(TokenizerJson json) {
    return unsupported(json).isEmpty();
  }

  /** Why the file's texts cannot be encoded pretoken by pretoken, if they cannot. */
  static Optional<String> unsupported(TokenizerJson json) {
    JsonNode root = json.root();
    if (json.symbolKind() != SymbolKind.BYTE_LEVEL) {
      return Optional.of("not byte-level (no ByteLevel pre-tokenizer)");
    }
    JsonNode dropout = json.model().path("dropout");
    if (!dropout.isMissingNode() && !dropout.isNull() && dropout.asDouble(0) > 0) {
      return Optional.of("BPE dropout is random");
    }
    Optional<String> normalizer =
        firstProblem(root.path("normalizer"), "normalizers", PretokenCache::normalizerProblem);
    if (normalizer.isPresent()) {
      return normalizer;
    }
    return firstProblem(root.path("pre_tokenizer"), "pretokenizers", PretokenCache::stepProblem);
  }

  /** The first problem {@code leaf} finds in a component or, for a Sequence, in its parts. */
  private static Optional<String> firstProblem(
      JsonNode node, String parts, Function<JsonNode, Optional<String>> leaf) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (!node.path("type").asText("").equals("Sequence")) {
      return leaf.apply(node);
    }
    for (JsonNode child : node.path(parts)) {
      Optional<String> p = firstProblem(child, parts, leaf);
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  /**
   * A pretoken is normalized again when the library encodes it on its own: only normalizers that
   * leave their own output unchanged keep it the same.
   */
  private static Optional<String> normalizerProblem(JsonNode node) {
    String type = node.path("type").asText("");
    return IDEMPOTENT_NORMALIZERS.contains(type)
        ? Optional.empty()
        : Optional.of("normalizer " + type + " may change a pretoken again");
  }

  /**
   * Splitting a pretoken again gives the pretoken itself for regex and digit splits; a prefix space
   * would be added to every pretoken encoded on its own.
   */
  private static Optional<String> stepProblem(JsonNode node) {
    String type = node.path("type").asText("");
    if (!PIECE_STABLE_STEPS.contains(type)) {
      return Optional.of("pre-tokenizer " + type);
    }
    if (type.equals("ByteLevel") && node.path("add_prefix_space").asBoolean(false)) {
      return Optional.of("ByteLevel add_prefix_space");
    }
    return Optional.empty();
  }

  /** Pretokens held now. */
  public int size() {
    return ids.size();
  }

  /** Token ids of each text, as {@code tokenizer.encode(texts)}: one native call per batch. */
  public int[][] encode(HfTokenizer tokenizer, List<String> texts) {
    if (ids.size() > maxEntries) {
      ids.clear();
    }
    int[][] out = new int[texts.size()][];
    // Each text's pretokens' ids, held here so that a concurrent clear of the shared map cannot
    // lose one; null where the native library has to encode the pretoken.
    int[][][] pieceIds = new int[texts.size()][][];
    List<Integer> whole = new ArrayList<>();
    Map<String, List<int[]>> forNative = new LinkedHashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (!pre.normalize(text).equals(text) || !javaKnowsEveryChar(text) || added.anyIn(text)) {
        whole.add(i);
        continue;
      }
      List<String> words = pre.split(text);
      int[][] perPiece = new int[words.size()][];
      for (int k = 0; k < perPiece.length; k++) {
        String w = words.get(k);
        int[] known = ids.get(w);
        if (known == null && bpe != null && (known = bpe.encode(w)) != null) {
          remember(w, known);
        }
        if (known == null) {
          forNative.computeIfAbsent(w, x -> new ArrayList<>()).add(new int[] {i, k});
        }
        perPiece[k] = known;
      }
      pieceIds[i] = perPiece;
    }
    if (!forNative.isEmpty()) {
      List<String> pieces = new ArrayList<>(forNative.keySet());
      int[][] nativeIds = tokenizer.encodePretokenized(pieces);
      for (int p = 0; p < nativeIds.length; p++) {
        remember(pieces.get(p), nativeIds[p]);
        for (int[] at : forNative.get(pieces.get(p))) {
          pieceIds[at[0]][at[1]] = nativeIds[p];
        }
      }
    }
    for (int i = 0; i < texts.size(); i++) {
      if (pieceIds[i] != null) {
        out[i] = concat(pieceIds[i]);
      }
    }
    if (!whole.isEmpty()) {
      List<String> rest = new ArrayList<>(whole.size());
      whole.forEach(i -> rest.add(texts.get(i)));
      int[][] restIds = tokenizer.encode(rest);
      for (int k = 0; k < restIds.length; k++) {
        out[whole.get(k)] = restIds[k];
      }
    }
    return out;
  }

  private static int[] concat(int[][] parts) {
    int n = 0;
    for (int[] part : parts) {
      n += part.length;
    }
    int[] row = new int[n];
    int at = 0;
    for (int[] part : parts) {
      System.arraycopy(part, 0, row, at, part.length);
      at += part.length;
    }
    return row;
  }

  private void remember(String piece, int[] pieceIds) {
    if (piece.length() <= MAX_CACHED_CHARS) {
      ids.put(piece, pieceIds);
    }
  }

  /**
   * How many tokens each piece (a word) has when encoded on its own, as {@link
   * HfTokenizer#tokenCounts}: a word is a short text, so its pretokens come from this cache too.
   */
  public int[] tokenCounts(HfTokenizer tokenizer, List<String> pieces) {
    int[][] pieceIds = encode(tokenizer, pieces);
    int[] counts = new int[pieceIds.length];
    for (int k = 0; k < counts.length; k++) {
      counts[k] = pieceIds[k].length;
    }
    return counts;
  }

  /**
   * No unpaired surrogate (the JNI string conversion would not keep it) and no code point this
   * JVM's Unicode tables leave unassigned (a newer Unicode in the Rust library may class it as a
   * letter, and the split would differ).
   */
  private static boolean javaKnowsEveryChar(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.UNASSIGNED || type == Character.SURROGATE) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  /**
   * The added tokens' contents, found by their first character: HF splits them out of a text before
   * normalizing and pre-tokenizing it, so a text holding one is not a sequence of pretokens.
   */
  static final class AddedTokens {
    private final Map<Character, List<String>> byFirstChar;
    // Most characters start no added token: one array read rules them out.
    private final boolean[] isFirstChar = new boolean[Character.MAX_VALUE + 1];

    private AddedTokens(Map<Character, List<String>> byFirstChar) {
      this.byFirstChar = byFirstChar;
      byFirstChar.keySet().forEach(c -> isFirstChar[c] = true);
    }

    static AddedTokens of(JsonNode root) {
      Map<Character, List<String>> map = new HashMap<>();
      for (JsonNode token : root.path("added_tokens")) {
        String content = token.path("content").asText("");
        if (!content.isEmpty()) {
          map.computeIfAbsent(content.charAt(0), c -> new ArrayList<>()).add(content);
        }
      }
      return new AddedTokens(map);
    }

    boolean anyIn(String text) {
      if (byFirstChar.isEmpty()) {
        return false;
      }
      for (int i = 0; i < text.length(); i++) {
        if (isFirstChar[text.charAt(i)]) {
          for (String c : byFirstChar.get(text.charAt(i))) {
            if (text.startsWith(c, i)) {
              return true;
            }
          }
        }
      }
      return false;
    }
  }
}
