package dev.lingualens.jobs.latent;

import dev.lingualens.common.lens.AnswerTokens;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.common.text.HfTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The executor's index of a tokenizer's vocabulary for answer words (prefix sets, decoded tokens),
 * built once per JVM and tokenizer and shared by its tasks like the model.
 */
final class AnswerIndex {
  /** Surface strings and the prefix index take a few times the tokenizer file's size. */
  private static final int BYTES_PER_FILE_BYTE = 4;

  private final AnswerTokens tokens;

  private AnswerIndex(AnswerTokens tokens) {
    this.tokens = tokens;
  }

  static ExecutorResources.Lease<AnswerIndex> lease(Path modelFolder) {
    Path file = HfTokenizer.resolveFile(modelFolder);
    long bytes;
    try {
      bytes = Math.max(1, Files.size(file) * BYTES_PER_FILE_BYTE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + file, e);
    }
    return ExecutorResources.shared()
        .acquire("answers:" + file, bytes, () -> new AnswerIndex(AnswerTokens.load(file)), a -> {});
  }

  int[] prefixSet(String word) {
    return tokens.prefixSet(word);
  }

  /** A token as text (bytes that are not valid UTF-8 on their own shown as U+FFFD). */
  String surface(int id) {
    return tokens.vocabulary().text(id);
  }
}
