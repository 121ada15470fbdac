package dev.lingualens.jobs.represent;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lingualens.common.model.HostTensor;
import dev.lingualens.common.model.Pooling;
import dev.lingualens.common.model.TokenBatch;
import dev.lingualens.common.model.TokenBudgetBatcher;
import dev.lingualens.common.resources.ExecutorResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sentence encoder exported to ONNX (HF layout {@code onnx/model.onnx}) on plain ONNX Runtime
 * Java: inputs {@code input_ids}, {@code attention_mask} and, when the graph has it, {@code
 * token_type_ids}; output {@code last_hidden_state} (else the graph's first output) [B,T,D], pooled
 * on the host. One session per JVM and file, shared by tasks (OrtSession.run is thread-safe)
 * through {@link ExecutorResources}, sized by the file and closed when evicted or at executor
 * shutdown; {@link #close()} returns this encoder's lease on it. Why plain ORT and not DJL's
 * OnnxRuntime engine: see docs/ranker-results.md (measured; same ORT underneath, fewer copies).
 */
public final class OnnxEncoder implements SentenceEncoder, AutoCloseable {
  private final ExecutorResources.Lease<OrtSession> lease;
  private final OrtSession session;
  private final Pooling pooling;
  private final int batchTokens;
  private final int maxRows;

  public OnnxEncoder(Path onnxFile, Pooling pooling, int batchTokens, int maxRows) {
    Path file = onnxFile.toAbsolutePath().normalize();
    long bytes;
    try {
      bytes = Math.max(1, Files.size(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read ONNX model " + file, e);
    }
    this.lease =
        ExecutorResources.shared()
            .acquire("onnx:" + file, bytes, () -> open(file), OnnxEncoder::closeSession);
    this.session = lease.get();
    this.pooling = pooling;
    this.batchTokens = batchTokens;
    this.maxRows = maxRows;
  }

  private static OrtSession open(Path file) {
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      return env.createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "Cannot open ONNX model " + file + ": " + e.getMessage(), e);
    }
  }

  private static void closeSession(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot close ONNX session: " + e.getMessage(), e);
    }
  }

  ExecutorResources.Lease<OrtSession> lease() {
    return lease;
  }

  /**
   * Returns the lease on the shared session (the session itself stays for other tasks until
   * evicted).
   */
  @Override
  public void close() {
    lease.close();
  }

  @Override
  public float[][][] encode(List<long[]> sequences) {
    float[][][] out = new float[sequences.size()][][];
    for (TokenBudgetBatcher.Batch batch :
        TokenBudgetBatcher.batches(sequences, 0, batchTokens, maxRows)) {
      float[][] pooled = pooling.pool(lastHiddenState(batch.tokens()), batch.tokens().lengths());
      for (int r = 0; r < pooled.length; r++) {
        out[batch.indices()[r]] = new float[][] {pooled[r]};
      }
    }
    return out;
  }

  /** The graph's [B,T,D] output for a right-padded batch. */
  public HostTensor lastHiddenState(TokenBatch batch) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {batch.size(), batch.width()};
    long[] ids = batch.flatIds();
    long[] mask = new long[ids.length];
    for (int b = 0; b < batch.size(); b++) {
      for (int t = 0; t < batch.lengths()[b]; t++) {
        mask[b * batch.width() + t] = 1;
      }
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      Set<String> names = session.getInputNames();
      inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (names.contains("token_type_ids")) {
        inputs.put(
            "token_type_ids",
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxValue value = result.get("last_hidden_state").orElse(result.get(0));
        OnnxTensor tensor = (OnnxTensor) value;
        long[] outShape = tensor.getInfo().getShape();
        float[] data = new float[(int) (outShape[0] * outShape[1] * outShape[2])];
        tensor.getFloatBuffer().get(data);
        return new HostTensor(data, outShape);
      }
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed on a batch of "
              + batch.size()
              + "×"
              + batch.width()
              + ": "
              + e.getMessage(),
          e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }
}
