package dev.lingualens.common.lens;

import dev.lingualens.common.text.HfTokenizer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The vocabulary tokens that stand for an answer word in one tokenizer, for the logit lens
 * (methods.md "(a) Logit-lens latent language").
 *
 * <p>The vocabulary is indexed once (ids sorted by surface bytes), so a word's prefix set costs
 * {@code O(len(word) · log V)} byte comparisons, not a scan of the vocabulary.
 *
 * <p>Leading space: Wendler et al.'s code ({@code process_tokens} in {@code Translation.ipynb} of
 * epfl-dlab/llm-latent-language) collects every character prefix {@code p} of the word and keeps
 * both {@code p} and {@code ▁p} when they are vocabulary tokens, never the bare {@code ▁}. The
 * answer follows the prompt's opening quote ({@code 日本語: "}), where it is written without a space,
 * but a model may still put its mass on the spaced form; both count. {@link #prefixSet} does the
 * same on bytes, for every tokenizer kind, which differs from their code in one way: they add the
 * byte-fallback token of the word's first byte for Chinese and Russian only, while here a token
 * holding any leading bytes of the word counts in every language (a byte-level token with the first
 * two bytes of "花", or {@code <0x66>} for "f", whose probability is negligible where "f" itself is
 * a token). Their {@code capitalizations} step only removes duplicates, so no case variants are
 * added here either.
 */
public final class AnswerTokens {
  /**
   * What the answer is encoded after in {@link #tokens}: a newline is its own pre-token in every
   * regex pre-tokenizer and a byte-fallback token in SentencePiece vocabularies, so it never merges
   * with the word, and it keeps a SentencePiece tokenizer's dummy-prefix {@code ▁} off the word.
   */
  static final String ANCHOR = "\n";

  private final VocabularyStrings vocab;
  private final HfTokenizer tokenizer;
  private final byte[][] surfaces;
  private final int[] bySurface;
  private final int[] anchorIds;

  /**
   * Indexes {@code vocab}; {@code tokenizer} must be the same {@code tokenizer.json} (it encodes
   * words for {@link #tokens}).
   */
  public AnswerTokens(VocabularyStrings vocab, HfTokenizer tokenizer) {
    this.vocab = vocab;
    this.tokenizer = tokenizer;
    this.surfaces = vocab.surfaces();
    this.bySurface =
        IntStream.range(0, surfaces.length)
            .filter(id -> surfaces[id] != null)
            .boxed()
            .sorted((a, b) -> Arrays.compareUnsigned(surfaces[a], surfaces[b]))
            .mapToInt(Integer::intValue)
            .toArray();
    this.anchorIds = tokenizer.encode(List.of(ANCHOR))[0];
  }

  /** Both halves from one {@code tokenizer.json} (file or folder): for the driver and tools. */
  public static AnswerTokens load(java.nio.file.Path tokenizerJson) {
    return new AnswerTokens(VocabularyStrings.read(tokenizerJson), HfTokenizer.load(tokenizerJson));
  }

  public VocabularyStrings vocabulary() {
    return vocab;
  }

  /**
   * Every vocabulary id (no added or special token) whose surface bytes are a non-empty prefix of
   * the UTF-8 bytes of {@code word}, or a space followed by such a prefix: for "fleur", {@code f},
   * {@code fle}, {@code fleur}, {@code ␣f}, {@code ␣fle}, … where they exist, never {@code ␣}
   * alone. Prefixes are byte prefixes, so a token with the first byte(s) of a multi-byte character
   * counts. Sorted ascending, no duplicates; empty when no token fits.
   */
  public int[] prefixSet(String word) {
    byte[] bare = utf8(word);
    byte[] spaced = utf8(" " + word);
    IntStream.Builder ids = IntStream.builder();
    collect(bare, 1, ids);
    collect(spaced, 2, ids);
    return ids.build().sorted().distinct().toArray();
  }

  /**
   * Ids whose surface equals {@code key[0, k)} for each k ≥ minLength. In byte order a surface
   * equal to {@code key[0, k)} sorts before every longer one that starts with it, so the matches
   * are the run at the lower bound, and the entry after that run says whether any longer prefix can
   * still match.
   */
  private void collect(byte[] key, int minLength, IntStream.Builder out) {
    for (int k = minLength; k <= key.length; k++) {
      int i = lowerBound(key, k);
      for (; i < bySurface.length && equalsPrefix(surfaces[bySurface[i]], key, k); i++) {
        out.add(bySurface[i]);
      }
      if (i == bySurface.length || !startsWith(surfaces[bySurface[i]], key, k)) {
        return;
      }
    }
  }

  private static boolean equalsPrefix(byte[] s, byte[] key, int k) {
    return s.length == k && Arrays.equals(s, 0, k, key, 0, k);
  }

  private static boolean startsWith(byte[] s, byte[] key, int k) {
    return s.length >= k && Arrays.equals(s, 0, k, key, 0, k);
  }

  /** First position whose surface is ≥ key[0, k) in unsigned byte order. */
  private int lowerBound(byte[] key, int k) {
    int lo = 0;
    int hi = bySurface.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      byte[] s = surfaces[bySurface[mid]];
      if (Arrays.compareUnsigned(s, 0, s.length, key, 0, k) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The tokenizer's own encoding of {@code word} as it continues a prompt without a space: the ids
   * of {@code "\n" + word} after those of {@code "\n"}, no special tokens. This is the form after
   * the prompt's opening quote; encoding the word alone would give SentencePiece's {@code ▁word}
   * form (its dummy prefix), and for Chinese in Mistral/Llama 2 a bare {@code ▁} first.
   */
  public int[] tokens(String word) {
    return tokens(List.of(word))[0];
  }

  /** {@link #tokens(String)} for many words in one native call. */
  public int[][] tokens(List<String> words) {
    String[] texts = words.stream().map(w -> ANCHOR + requireWord(w)).toArray(String[]::new);
    int[][] encoded = tokenizer.encode(Arrays.asList(texts));
    int[][] out = new int[encoded.length][];
    for (int i = 0; i < encoded.length; i++) {
      int[] e = encoded[i];
      if (e.length <= anchorIds.length
          || !Arrays.equals(e, 0, anchorIds.length, anchorIds, 0, anchorIds.length)) {
        throw new IllegalStateException(
            "Tokenizer "
                + vocab.source()
                + " merged the newline anchor with '"
                + words.get(i)
                + "': "
                + Arrays.toString(e)
                + " does not start with "
                + Arrays.toString(anchorIds));
      }
      out[i] = Arrays.copyOfRange(e, anchorIds.length, e.length);
    }
    return out;
  }

  /** The first id of {@link #tokens(String)}. */
  public int firstToken(String word) {
    return tokens(word)[0];
  }

  /** True when the two sorted id sets share no id (Wendler's condition for keeping an item). */
  public static boolean disjoint(int[] a, int[] b) {
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        return false;
      }
      if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return true;
  }

  private static String requireWord(String word) {
    if (word == null || word.isEmpty()) {
      throw new IllegalArgumentException("An answer word must not be empty");
    }
    return word;
  }

  private static byte[] utf8(String word) {
    return requireWord(word).getBytes(StandardCharsets.UTF_8);
  }
}
