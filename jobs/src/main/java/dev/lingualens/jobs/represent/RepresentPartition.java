package dev.lingualens.jobs.represent;

import dev.lingualens.common.model.ModelCache;
import dev.lingualens.common.model.SentenceTransformerConfig;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.TableRow;
import dev.lingualens.jobs.model.TaskDevice;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Executor side of {@code represent}: pulls {@code represent.chunk-docs} documents, tokenises them in one
 * call with the tokenizer's default special tokens, and encodes them in token-budget batches with the
 * model cached for this JVM. Emits one row per document and layer. Holds one chunk at a time.
 */
final class RepresentPartition implements MapPartitionsFunction<Row, Row>, InputSchema.Reader {
  static final InputSchema INPUT = InputSchema.of("RepresentPartition", CorpusTables.DOCUMENTS, "id", "corpus",
      "lang", "script", "align_id", "text");
  static final StructType OUTPUT = StructType.fromDDL("model string, corpus string, lang string, script string, "
      + "doc_id string, align_id string, layer int, pooling string, n_tokens int, vector array<float>");

  private final ModelSpec spec;
  private final RepresentSettings settings;
  private final Counters counters;

  /** Named counters for the run record. */
  record Counters(LongAccumulator documents, LongAccumulator tooLong, LongAccumulator truncated,
      LongAccumulator tokens) implements java.io.Serializable {}

  RepresentPartition(ModelSpec spec, RepresentSettings settings, Counters counters) {
    this.spec = spec;
    this.settings = settings;
    this.counters = counters;
  }

  @Override
  public InputSchema inputSchema() {
    return INPUT;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> docs) {
    int chunk = settings.chunkDocs();
    HfTokenizer tokenizer = HfTokenizer.load(Paths.get(spec.path()));
    SentenceEncoder encoder = encoder();
    ArrayDeque<Row> ready = new ArrayDeque<>();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && docs.hasNext()) {
          List<Row> batch = new ArrayList<>(chunk);
          while (docs.hasNext() && batch.size() < chunk) {
            batch.add(docs.next());
          }
          encodeChunk(tokenizer, encoder, batch, ready);
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  private SentenceEncoder encoder() {
    int batchTokens = settings.batchTokens();
    int maxRows = settings.maxRows();
    Path folder = Paths.get(spec.path());
    if (spec.backend() == ModelSpec.Backend.ONNX) {
      return new OnnxEncoder(ModelSpec.onnxFile(folder).orElseThrow(), spec.pooling(), batchTokens, maxRows);
    }
    return new DjlEncoder(ModelCache.get(folder, TaskDevice.options(settings.device(), settings.dtype())), spec, batchTokens, maxRows);
  }

  private void encodeChunk(HfTokenizer tokenizer, SentenceEncoder encoder, List<Row> batch, ArrayDeque<Row> out) {
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
          counters.tooLong().add(1);
          continue;
        }
        seq = SentenceTransformerConfig.truncate(seq, spec.maxTokens());
        counters.truncated().add(1);
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
      counters.documents().add(1);
      counters.tokens().add(seqs.get(i).length);
      for (int l = 0; l < spec.layers().length; l++) {
        out.add(TableRow.of(OUTPUT).set("model", spec.name()).set("corpus", r.getAs("corpus"))
            .set("lang", r.getAs("lang")).set("script", r.getAs("script")).set("doc_id", r.getAs("id"))
            .set("align_id", r.getAs("align_id")).set("layer", spec.layers()[l]).set("pooling", spec.poolingName())
            .set("n_tokens", seqs.get(i).length).set("vector", boxed(vectors[i][l])).build());
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
