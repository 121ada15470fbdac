package dev.lingualens.jobs.represent;

import dev.lingualens.common.model.SentenceTransformerConfig;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.jobs.ChunkedRows;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.TableRow;
import dev.lingualens.jobs.model.ModelHandle;
import dev.lingualens.jobs.model.TaskLeases;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Executor side of {@code represent}: pulls {@code represent.chunk-docs} documents, tokenises them
 * in one call with the tokenizer's default special tokens, and encodes them in token-budget batches
 * with the model shared by this JVM (leased from {@link ExecutorResources}, returned when the
 * partition ends). Emits one row per document and layer, then one summary row of the partition's
 * counts (the {@code part_*} columns, null on data rows): counters computed from task output, so a
 * retried task counts once. Holds one chunk at a time.
 */
final class RepresentPartition implements MapPartitionsFunction<Row, Row>, InputSchema.Reader {
  static final InputSchema INPUT =
      InputSchema.of(
          "RepresentPartition",
          CorpusTables.DOCUMENTS,
          "id",
          "corpus",
          "lang",
          "script",
          "align_id",
          "text");
  static final StructType OUTPUT =
      StructType.fromDDL(
          "model string, corpus string, lang string, script string, "
              + "doc_id string, align_id string, layer int, pooling string, n_tokens int, vector array<float>, "
              + "part_documents bigint, part_tokens bigint, part_too_long bigint, part_truncated bigint, "
              + "part_model_loads bigint, part_model_evictions bigint");

  /** Set on the partition's summary row only. */
  static final String SUMMARY_MARK = "part_documents";

  private final Embedding spec;
  private final int chunkDocs;

  /** One partition's counts, emitted as its summary row. */
  static final class Counts {
    long documents;
    long tokens;
    long tooLong;
    long truncated;
    long modelLoads;
    long modelEvictions;

    /** Loads and evictions of models (DJL models, ONNX sessions), not of tokenizers or caches. */
    void leased(ExecutorResources.Lease<?> lease) {
      modelLoads += lease.loaded() ? 1 : 0;
      modelEvictions += lease.evictedKeys().stream().filter(RepresentPartition::isModelKey).count();
    }
  }

  static boolean isModelKey(String key) {
    return key.startsWith("model:") || key.startsWith("onnx:");
  }

  RepresentPartition(Embedding spec, int chunkDocs) {
    this.spec = spec;
    this.chunkDocs = chunkDocs;
  }

  @Override
  public InputSchema inputSchema() {
    return INPUT;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> docs) {
    int chunk = chunkDocs;
    Counts counts = new Counts();
    TaskLeases leases = TaskLeases.forCurrentTask();
    // The model first, while the task holds nothing: if it does not fit yet, the task may wait for
    // others to return theirs (a task that already holds a lease never waits, see
    // ExecutorResources).
    SentenceEncoder encoder = leases.add(encoder(counts));
    HfTokenizer tokenizer = leases.add(spec.model().tokenizer()).get();
    return new ChunkedRows(
        docs,
        chunk,
        (batch, out) -> encodeChunk(tokenizer, encoder, batch, out, counts),
        () -> {
          leases.close();
          return TableRow.of(OUTPUT)
              .set("model", spec.name())
              .set("part_documents", counts.documents)
              .set("part_tokens", counts.tokens)
              .set("part_too_long", counts.tooLong)
              .set("part_truncated", counts.truncated)
              .set("part_model_loads", counts.modelLoads)
              .set("part_model_evictions", counts.modelEvictions)
              .othersNull()
              .build();
        });
  }

  private SentenceEncoder encoder(Counts counts) {
    int batchTokens = spec.model().batchTokens();
    int maxRows = spec.model().maxRows();
    if (spec.backend() == ModelHandle.Backend.ONNX) {
      OnnxEncoder onnx =
          new OnnxEncoder(
              spec.model().onnxFile().orElseThrow(), spec.pooling(), batchTokens, maxRows);
      counts.leased(onnx.lease());
      return onnx;
    }
    ExecutorResources.Lease<dev.lingualens.common.model.TransformerModel> model =
        spec.model().model();
    counts.leased(model);
    return new DjlEncoder(model, spec, batchTokens, maxRows);
  }

  private void encodeChunk(
      HfTokenizer tokenizer,
      SentenceEncoder encoder,
      List<Row> batch,
      ArrayDeque<Row> out,
      Counts counts) {
    List<String> texts = new ArrayList<>(batch.size());
    for (Row r : batch) {
      texts.add(r.getAs("text"));
    }
    int[][] ids = tokenizer.encode(texts, true);
    List<long[]> seqs = new ArrayList<>();
    List<Row> kept = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      long[] seq = new long[ids[i].length];
      for (int j = 0; j < seq.length; j++) {
        seq[j] = ids[i][j];
      }
      if (seq.length == 0) {
        continue;
      }
      if (seq.length > spec.maxTokens()) {
        if (!spec.encoder()) {
          counts.tooLong++;
          continue;
        }
        seq = SentenceTransformerConfig.truncate(seq, spec.maxTokens());
        counts.truncated++;
      }
      seqs.add(seq);
      kept.add(batch.get(i));
    }
    if (seqs.isEmpty()) {
      return;
    }
    float[][][] vectors = encoder.encode(seqs);
    for (int i = 0; i < kept.size(); i++) {
      Row r = kept.get(i);
      counts.documents++;
      counts.tokens += seqs.get(i).length;
      for (int l = 0; l < spec.layers().length; l++) {
        out.add(
            TableRow.of(OUTPUT)
                .set("model", spec.name())
                .set("corpus", r.getAs("corpus"))
                .set("lang", r.getAs("lang"))
                .set("script", r.getAs("script"))
                .set("doc_id", r.getAs("id"))
                .set("align_id", r.getAs("align_id"))
                .set("layer", spec.layers()[l])
                .set("pooling", spec.poolingName())
                .set("n_tokens", seqs.get(i).length)
                .set("vector", boxed(vectors[i][l]))
                .othersNull()
                .build());
      }
    }
  }

  /** Spark's array<float> from a Row wants a boxed array (or a Seq). */
  private static Float[] boxed(float[] v) {
    Float[] out = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
