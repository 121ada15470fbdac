package dev.lingualens.jobs.tokens;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.jobs.CoreSettings;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

/** The {@code tokenstats.*} keys, parsed once on the driver. */
public record TokenStatsSettings(
    List<TokenizerSpec> tokenizers, int batchSize, String referenceLang, String documents)
    implements Serializable {
  public static final Key<List<String>> TOKENIZERS =
      Key.list(
          "tokenstats.tokenizers",
          "auto",
          "comma-separated name=path/to/tokenizer.json (or a folder holding one); auto = the tokenizers shipped in"
              + " sample-data plus every tokenizer fetched into cache.dir");
  public static final Key<Integer> BATCH_SIZE =
      Key.integer(
          "tokenstats.batch-size",
          "256",
          1,
          "texts per batched encode call (one JNI call per batch, never per row)");
  public static final Key<String> REFERENCE_LANG =
      Key.required(
          "tokenstats.reference-lang",
          "eng",
          "an ISO 639-3 code",
          "reference language of the tokenization premium");
  public static final Key<String> DOCUMENTS =
      Key.text(
          "tokenstats.documents",
          "",
          "where the input documents table is read from; empty = <output.dir>/documents");
  public static final List<Key<?>> KEYS =
      List.of(TOKENIZERS, BATCH_SIZE, REFERENCE_LANG, DOCUMENTS);

  public static TokenStatsSettings from(LinguaConfig c) {
    String docs = CoreSettings.from(c).tablePath(c.get(DOCUMENTS), CorpusTables.DOCUMENTS);
    if (!Files.isDirectory(Paths.get(docs)) && !docs.contains("://")) {
      throw new ConfigException(
          "No documents table at "
              + docs
              + " (run 'lingualens ingest' first, or set tokenstats.documents)");
    }
    return new TokenStatsSettings(
        TokenizerSpec.fromConfig(c, TOKENIZERS), c.get(BATCH_SIZE), c.get(REFERENCE_LANG), docs);
  }
}
