package dev.lingualens.common.mixture;

import dev.lingualens.common.corpus.Quarantined;
import dev.lingualens.common.corpus.RawRecord;
import dev.lingualens.common.corpus.RecordSink;
import dev.lingualens.common.corpus.RepoFiles;
import dev.lingualens.common.corpus.UdhrReader;
import dev.lingualens.common.testing.FetchedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The preamble + 30 articles of one committed UDHR translation
 * (sample-data/udhr/&lt;code&gt;.html).
 */
final class UdhrTexts {
  private UdhrTexts() {}

  static List<String> of(String code) {
    List<String> texts = new ArrayList<>();
    try {
      new UdhrReader()
          .read(
              RepoFiles.sampleData("udhr", code + ".html"),
              "udhr",
              new RecordSink() {
                @Override
                public void record(RawRecord r) {
                  texts.add(r.text());
                }

                @Override
                public void quarantine(Quarantined q) {
                  throw new IllegalStateException(
                      "sample UDHR " + code + " quarantined a record: " + q);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return texts;
  }

  /**
   * Cache-relative path of a real tokenizer fetched by scripts/fetch-data.sh (for
   * {@code @NeedsFetchedData}).
   */
  static String fetchedTokenizer(String name) {
    return "tokenizers/" + name + "/tokenizer.json";
  }

  /**
   * A real tokenizer fetched into the git-ignored cache; skips the test when it is absent, or fails
   * it under LINGUALENS_REQUIRE_FETCHED=1 ({@link FetchedData#require}).
   */
  static Path cachedTokenizer(String name) {
    FetchedData.require(fetchedTokenizer(name));
    return FetchedData.path(fetchedTokenizer(name));
  }
}
