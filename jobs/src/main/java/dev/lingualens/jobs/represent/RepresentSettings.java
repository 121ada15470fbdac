package dev.lingualens.jobs.represent;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.jobs.CoreSettings;
import dev.lingualens.jobs.model.ModelSettings;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

/**
 * The {@code represent.*} keys and the model runtime's device and batching keys, parsed on the
 * driver.
 */
public record RepresentSettings(
    List<Embedding> models,
    String documents,
    List<String> corpora,
    List<String> langs,
    int chunkDocs,
    int shardDocs,
    String device,
    String dtype,
    int batchTokens,
    int maxRows)
    implements Serializable {
  public static final Key<List<String>> MODELS =
      Key.list(
          "represent.models",
          "",
          "comma-separated name=path/to/hf-folder; empty = the folder in model.path. A folder with only onnx/model.onnx"
              + " runs on ONNX Runtime (last layer only); name=onnx:path or name=djl:path picks the backend of one model");
  public static final Key<String> DOCUMENTS =
      Key.text(
          "represent.documents",
          "",
          "where the input documents table is read from; empty = <output.dir>/documents");
  public static final Key<List<String>> CORPORA =
      Key.list(
          "represent.corpora",
          "",
          "corpora to embed (empty = every aligned document; only documents with an align_id are embedded)");
  public static final Key<List<String>> LANGS =
      Key.list("represent.langs", "", "languages to embed (empty = all)");
  public static final Key<String> POOLING =
      Key.choice(
          "represent.pooling",
          "auto",
          "auto = last token for decoders, the sentence-transformers pooling for encoders (else mean); or last, mean, cls",
          "auto",
          "last",
          "mean",
          "cls");
  public static final Key<String> LAYERS =
      Key.choice(
          "represent.layers",
          "all",
          "all = every layer 1..L (HF hidden_states without the embedding output); last = layer L only",
          "all",
          "last");
  public static final Key<String> BACKEND =
      Key.choice(
          "represent.backend",
          "auto",
          "auto = DJL (our transformer code) when the folder has safetensors, else ONNX Runtime; or djl, onnx",
          "auto",
          "djl",
          "onnx");
  public static final Key<Integer> CHUNK_DOCS =
      Key.integer(
          "represent.chunk-docs",
          "256",
          1,
          "documents per batched unit of work inside a partition (tokenised in one call, then token-budget batched)");
  public static final Key<Integer> SHARD_DOCS =
      Key.integer(
          "represent.shard-docs",
          "1000",
          1,
          "documents per shard (on average: documents go to shards by a hash of corpus, lang and id),"
              + " the unit a run resumes from; a re-run of the run id embeds only unfinished shards");
  public static final List<Key<?>> KEYS =
      List.of(
          MODELS,
          DOCUMENTS,
          CORPORA,
          LANGS,
          POOLING,
          LAYERS,
          BACKEND,
          CHUNK_DOCS,
          SHARD_DOCS,
          ModelSettings.PATH,
          ModelSettings.DEVICE,
          ModelSettings.DTYPE,
          ModelSettings.BATCH_TOKENS,
          ModelSettings.MAX_ROWS);

  public static RepresentSettings from(LinguaConfig c) {
    String docs = CoreSettings.from(c).tablePath(c.get(DOCUMENTS), CorpusTables.DOCUMENTS);
    if (!docs.contains("://") && !Files.isDirectory(Paths.get(docs))) {
      throw new ConfigException(
          "No documents table at "
              + docs
              + " (run 'lingualens ingest' first, or set represent.documents)");
    }
    ModelSettings m = ModelSettings.from(c);
    return new RepresentSettings(
        Embedding.fromConfig(c),
        docs,
        c.get(CORPORA),
        c.get(LANGS),
        c.get(CHUNK_DOCS),
        c.get(SHARD_DOCS),
        m.device(),
        m.dtype(),
        m.batchTokens(),
        m.maxRows());
  }
}
