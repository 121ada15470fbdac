package dev.lingualens.common.mixture;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Word-frequency table of one category sample under a tokenizer's pre-tokenisation, with its byte
 * count.
 */
public final class WordCounter {
  private final PreTokenization preTokenization;
  private final Map<String, Long> counts = new HashMap<>();
  private long bytes;

  public WordCounter(PreTokenization preTokenization) {
    this.preTokenization = preTokenization;
  }

  public WordCounter add(String text) {
    bytes += text.getBytes(StandardCharsets.UTF_8).length;
    for (String w : preTokenization.words(text)) {
      counts.merge(w, 1L, Long::sum);
    }
    return this;
  }

  public Map<String, Long> counts() {
    return counts;
  }

  /** UTF-8 bytes of the texts as given (before normalisation): B_i of the byte-share conversion. */
  public long bytes() {
    return bytes;
  }
}
