package dev.lingualens.common.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import dev.lingualens.common.resources.ExecutorResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Hugging Face {@code tokenizer.json} through DJL's binding of the Rust tokenizers library.
 * Truncation, padding and special tokens are off: we count the tokens of the text itself, and DJL
 * would otherwise cut every text at 512 tokens. Instances are shared per JVM and path through
 * {@link ExecutorResources} (one native tokenizer per executor, shared by its tasks; the Rust
 * tokenizer is thread-safe for encoding), closed when evicted or at executor shutdown.
 */
public final class HfTokenizer {
  /**
   * Native memory of a loaded tokenizer, estimated from its JSON (vocabulary and merges, as Rust
   * structures).
   */
  public static final int BYTES_PER_JSON_BYTE = 4;

  static {
    System.setProperty("ai.djl.offline", "true");
  }

  private final Path file;
  private final HuggingFaceTokenizer tokenizer;
  private final int unkId;
  private final int vocabSize;

  private HfTokenizer(Path file, HuggingFaceTokenizer tokenizer, int unkId, int vocabSize) {
    this.file = file;
    this.tokenizer = tokenizer;
    this.unkId = unkId;
    this.vocabSize = vocabSize;
  }

  /**
   * A lease on this JVM's tokenizer for a {@code tokenizer.json} file or a folder holding one:
   * executor code closes it when its task is done, and the tokenizer may then be evicted (see
   * {@link ExecutorResources}).
   */
  public static ExecutorResources.Lease<HfTokenizer> lease(Path fileOrFolder) {
    Path file = resolveFile(fileOrFolder);
    long bytes;
    try {
      bytes = Math.max(1, Files.size(file) * BYTES_PER_JSON_BYTE);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read tokenizer " + file + ": " + e.getMessage(), e);
    }
    return ExecutorResources.shared()
        .acquire("tokenizer:" + file, bytes, () -> open(file), HfTokenizer::release);
  }

  /**
   * The shared tokenizer, held for the rest of the JVM's life (never evicted; closed at shutdown):
   * for the driver, tools and tests. Code that runs in tasks takes a {@link #lease(Path)} instead.
   */
  public static HfTokenizer load(Path fileOrFolder) {
    return lease(fileOrFolder).get();
  }

  public static Path resolveFile(Path fileOrFolder) {
    Path file =
        Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve("tokenizer.json") : fileOrFolder;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "No tokenizer.json at "
              + fileOrFolder.toAbsolutePath()
              + " (give a tokenizer.json file or a folder holding one; scripts/fetch-data.sh fetches real ones)");
    }
    if (Files.isDirectory(fileOrFolder)) {
      dev.lingualens.common.model.ModelFiles.inside(
          fileOrFolder, file); // a model folder's link may not leave it
    }
    return file.toAbsolutePath().normalize();
  }

  private static HfTokenizer open(Path file) {
    VocabularyFacts facts;
    try {
      facts = VocabularyFacts.read(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Tokenizer file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    try {
      HuggingFaceTokenizer t =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optAddSpecialTokens(false)
              .optTruncation(false)
              .optPadding(false)
              .build();
      return new HfTokenizer(file, t, facts.unkId(), facts.vocabSize());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot load tokenizer " + file + ": " + e.getMessage(), e);
    }
  }

  /** Token ids of each text: one native call for the whole batch. */
  public int[][] encode(List<String> texts) {
    return encode(texts, false);
  }

  /**
   * Token ids with or without the tokenizer's own special tokens: {@code true} applies the
   * post-processor of {@code tokenizer.json} as Hugging Face's {@code tokenizer(text)} does by
   * default (Llama/Mistral prepend BOS, Qwen adds nothing, BERT wraps in [CLS] … [SEP]). The
   * Language Ranker needs that default.
   */
  public int[][] encode(List<String> texts, boolean addSpecialTokens) {
    // Straight to the native library rather than through DJL's batchEncode: that one builds a full
    // Encoding per
    // text (ids, type ids, tokens, word ids, masks, offsets: eight JNI calls and their arrays)
    // where we need the
    // ids only. Two calls per text here: read the ids, free the native encoding.
    long[] handles =
        TokenizersLibrary.LIB.batchEncode(
            tokenizer.getHandle(), texts.toArray(String[]::new), addSpecialTokens);
    int[][] out = new int[handles.length][];
    int next = 0;
    try {
      for (; next < handles.length; next++) {
        long[] ids;
        try {
          ids = TokenizersLibrary.LIB.getTokenIds(handles[next]);
        } finally {
          TokenizersLibrary.LIB.deleteEncoding(handles[next]);
        }
        int[] row = new int[ids.length];
        for (int j = 0; j < ids.length; j++) {
          row[j] = (int) ids[j];
        }
        out[next] = row;
      }
    } finally {
      for (int k = next + 1;
          k < handles.length;
          k++) { // reached only when reading one failed: free the rest
        TokenizersLibrary.LIB.deleteEncoding(handles[k]);
      }
    }
    return out;
  }

  /**
   * How many tokens each piece has when encoded on its own, without special tokens: the same
   * numbers as {@code encode(pieces)[i].length}, from one native encoding of the pieces as
   * pre-tokenized input (the library normalises, pre-tokenises and tokenises each piece separately
   * and tags its tokens with the piece's index) instead of one native encoding per piece. For short
   * pieces such as words the per-encoding cost (its arrays and a JNI round trip each) is most of
   * the work.
   */
  public int[] tokenCounts(List<String> pieces) {
    int[][] ids = encodePretokenized(pieces);
    int[] counts = new int[ids.length];
    for (int k = 0; k < ids.length; k++) {
      counts[k] = ids[k].length;
    }
    return counts;
  }

  /**
   * Token ids of each pretoken when encoded on its own (the library normalises and pre-tokenises
   * each piece again, then tokenises it), from one native pre-tokenised encoding: its tokens carry
   * the index of the piece they came from.
   */
  public int[][] encodePretokenized(List<String> pieces) {
    int[][] out = new int[pieces.size()][];
    if (pieces.isEmpty()) {
      return out;
    }
    long handle =
        TokenizersLibrary.LIB.encodeList(
            tokenizer.getHandle(), pieces.toArray(String[]::new), false);
    long[] ids;
    long[] pieceOf;
    try {
      ids = TokenizersLibrary.LIB.getTokenIds(handle);
      pieceOf = TokenizersLibrary.LIB.getWordIds(handle);
    } finally {
      TokenizersLibrary.LIB.deleteEncoding(handle);
    }
    int[] counts = new int[pieces.size()];
    for (long p : pieceOf) {
      counts[(int) p]++;
    }
    for (int k = 0; k < out.length; k++) {
      out[k] = new int[counts[k]];
    }
    int[] filled = new int[pieces.size()];
    for (int t = 0; t < ids.length; t++) {
      int p = (int) pieceOf[t];
      out[p][filled[p]++] = (int) ids[t];
    }
    return out;
  }

  /** The model's unknown token, or -1 when it has none (see {@link VocabularyFacts}). */
  public int unkId() {
    return unkId;
  }

  /** The size |V| of the vocabulary (see {@link VocabularyFacts}). */
  public int vocabSize() {
    return vocabSize;
  }

  public Path file() {
    return file;
  }

  /**
   * Native memory goes back when {@link ExecutorResources} closes the entry (eviction or executor
   * shutdown).
   */
  private void release() {
    tokenizer.close();
  }
}
