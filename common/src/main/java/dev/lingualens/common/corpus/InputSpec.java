package dev.lingualens.common.corpus;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** One ingest input, written {@code corpus=format:path} in {@code ingest.inputs}. */
public record InputSpec(String corpus, CorpusFormat format, String path) implements Serializable {
  public static List<InputSpec> parseAll(List<String> specs) {
    List<InputSpec> out = new ArrayList<>();
    for (String s : specs) {
      out.add(parse(s));
    }
    return out;
  }

  public static InputSpec parse(String spec) {
    int eq = spec.indexOf('=');
    int colon = spec.indexOf(':', eq + 1);
    if (eq <= 0 || colon < 0 || colon == spec.length() - 1) {
      throw new IllegalArgumentException(
          "Bad input '" + spec + "': expected corpus=format:path, e.g. udhr=udhr:sample-data/udhr");
    }
    String corpus = spec.substring(0, eq).trim();
    if (!corpus.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "Bad corpus name '"
              + corpus
              + "' in input '"
              + spec
              + "': letters, digits, '_', '.', '-' only (it becomes a partition folder)");
    }
    return new InputSpec(
        corpus,
        CorpusFormat.parse(spec.substring(eq + 1, colon)),
        spec.substring(colon + 1).trim());
  }
}
