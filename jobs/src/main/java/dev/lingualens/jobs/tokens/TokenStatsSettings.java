package dev.lingualens.jobs.tokens;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.metrics.UnigramEntropy;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.jobs.CoreSettings;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

/** The {@code tokenstats.*} keys, parsed once on the driver. */
public record TokenStatsSettings(
    List<TokenizerSpec> tokenizers,
    int batchSize,
    String referenceLang,
    String documents,
    double renyiAlpha,
    double unkFlagRate,
    boolean pretokenCache,
    String rebalance)
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
  public static final Key<Double> RENYI_ALPHA =
      Key.real(
          "tokenstats.renyi-alpha",
          String.valueOf(UnigramEntropy.PAPER_ALPHA),
          0.01,
          100,
          "order α of the Rényi entropy and efficiency of each language's unigram token distribution"
              + " (Zouhar et al., ACL 2023, recommend 2.5; 1 is Shannon, which has columns of its own)");
  public static final Key<Double> UNK_FLAG_RATE =
      Key.real(
          "tokenstats.unk-flag-rate",
          "0.01",
          0,
          1,
          "unk_flag marks a language whose share of unknown tokens is above this: its premium and"
              + " fertility count UNKs as ordinary tokens and are not comparable with other languages");
  public static final Key<Boolean> PRETOKEN_CACHE =
      Key.flag(
          "tokenstats.pretoken-cache",
          "true",
          "encode byte-level BPE texts and words pretoken by pretoken through a per-executor cache"
              + " of each pretoken's ids, new pretokens merged in Java (the same ids as the native"
              + " encode of the whole text; 4-6 x faster on the 50 MB benchmark, one thread); false"
              + " sends every text and word to the native encode");
  public static final Key<String> REBALANCE =
      Key.choice(
          "tokenstats.rebalance",
          "auto",
          "spread the documents evenly over the tasks with a shuffle of the text before tokenising:"
              + " auto = only when the largest input file holds more than half of one core's share of"
              + " the bytes (Spark reads a file in one task; a corpus of many files keeps the cores"
              + " busy without moving its text), always, or never",
          "auto",
          "always",
          "never");
  public static final List<Key<?>> KEYS =
      List.of(
          TOKENIZERS,
          BATCH_SIZE,
          REFERENCE_LANG,
          DOCUMENTS,
          RENYI_ALPHA,
          UNK_FLAG_RATE,
          PRETOKEN_CACHE,
          REBALANCE);

  public static TokenStatsSettings from(LinguaConfig c) {
    String docs = CoreSettings.from(c).tablePath(c.get(DOCUMENTS), CorpusTables.DOCUMENTS);
    if (!Files.isDirectory(Paths.get(docs)) && !docs.contains("://")) {
      throw new ConfigException(
          "No documents table at "
              + docs
              + " (run 'lingualens ingest' first, or set tokenstats.documents)");
    }
    double alpha = c.get(RENYI_ALPHA);
    if (alpha == 1.0) {
      throw c.bad(RENYI_ALPHA, "an order other than 1 (the Shannon columns are order 1)");
    }
    return new TokenStatsSettings(
        TokenizerSpec.fromConfig(c, TOKENIZERS),
        c.get(BATCH_SIZE),
        c.get(REFERENCE_LANG),
        docs,
        alpha,
        c.get(UNK_FLAG_RATE),
        c.get(PRETOKEN_CACHE),
        c.get(REBALANCE));
  }
}
