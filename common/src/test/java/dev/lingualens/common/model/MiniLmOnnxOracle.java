package dev.lingualens.common.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lingualens.common.testing.FetchedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test oracle for the real all-MiniLM-L6-v2 weights: runs the original ONNX export ({@code
 * model.onnx}, fetched by {@code scripts/fetch-data.sh} next to the converted {@code
 * model.safetensors}) with ONNX Runtime, so a BERT forward over the converted weights can be
 * compared against an implementation that shares no code with it.
 *
 * <p>Texts are tokenized with the folder's {@code tokenizer.json} through DJL's binding of the Rust
 * tokenizers library, with special tokens ({@code [CLS] … [SEP]}), without truncation (the file
 * itself asks for truncation at 128 and fixed padding to 128; both are switched off here), and
 * padded to the longest text of the batch with {@code [PAD]} = 0, attention mask 0 and token type
 * 0.
 *
 * <p>The graph's only output is {@code last_hidden_state} [batch, sequence, 384]; rows at padded
 * positions are whatever the model computes there (they are not zeroed), so compare them only where
 * {@code attentionMask} is 1 unless the implementation under test computes padded rows the same
 * way.
 *
 * <p>ONNX Runtime runs single-threaded with graph optimisations limited to {@code BASIC_OPT}
 * (constant folding and redundant-node removal, no operator fusion), so the result is deterministic
 * and follows the exported graph's arithmetic.
 */
public final class MiniLmOnnxOracle implements AutoCloseable {
  /** The fetched folder, relative to the repository root. */
  public static final String FOLDER = ".cache/lingualens/models/all-MiniLM-L6-v2";

  private static final String LAST_HIDDEN_STATE = "last_hidden_state";
  private static final long PAD_ID = 0;

  private final Path folder;
  private final HuggingFaceTokenizer tokenizer;
  private final OrtEnvironment env;
  private final OrtSession session;

  private MiniLmOnnxOracle(
      Path folder, HuggingFaceTokenizer tokenizer, OrtEnvironment env, OrtSession session) {
    this.folder = folder;
    this.tokenizer = tokenizer;
    this.env = env;
    this.session = session;
  }

  /**
   * {@code <cache>/models/all-MiniLM-L6-v2}, the cache being LINGUALENS_CACHE or {@code
   * <repo>/.cache/lingualens}.
   */
  public static Path defaultFolder() {
    return FetchedData.path("models/all-MiniLM-L6-v2");
  }

  /** Whether {@code folder} holds a completed fetch (marker, model.onnx and tokenizer.json). */
  public static boolean isFetched(Path folder) {
    return Files.isRegularFile(folder.resolve(".complete"))
        && Files.isRegularFile(folder.resolve("model.onnx"))
        && Files.isRegularFile(folder.resolve("tokenizer.json"));
  }

  /** Loads {@code model.onnx} and {@code tokenizer.json} of a fetched folder. */
  public static MiniLmOnnxOracle open(Path folder) throws IOException, OrtException {
    Path model = folder.resolve("model.onnx");
    Path tokenizerFile = folder.resolve("tokenizer.json");
    if (!Files.isRegularFile(model) || !Files.isRegularFile(tokenizerFile)) {
      throw new IOException(
          "No model.onnx/tokenizer.json in "
              + folder.toAbsolutePath()
              + " (run scripts/fetch-data.sh --only models)");
    }
    System.setProperty("ai.djl.offline", "true");
    HuggingFaceTokenizer tokenizer =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(tokenizerFile)
            .optAddSpecialTokens(true)
            .optTruncation(false)
            .optPadding(false)
            .build();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      session = env.createSession(model.toString(), options);
    } catch (OrtException | RuntimeException e) {
      tokenizer.close();
      throw e;
    }
    return new MiniLmOnnxOracle(folder, tokenizer, env, session);
  }

  /** One-shot: open, run, close. */
  public static Result run(Path folder, List<String> texts) throws IOException, OrtException {
    try (MiniLmOnnxOracle oracle = open(folder)) {
      return oracle.run(texts);
    }
  }

  /** Tokenizes {@code texts}, pads them to the longest, and runs the ONNX model on the batch. */
  public Result run(List<String> texts) throws OrtException {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no texts");
    }
    Encoding[] enc = tokenizer.batchEncode(texts, true, false);
    int batch = enc.length;
    int[] lengths = new int[batch];
    int maxLen = 0;
    for (int b = 0; b < batch; b++) {
      lengths[b] = enc[b].getIds().length;
      maxLen = Math.max(maxLen, lengths[b]);
    }
    long[][] ids = new long[batch][maxLen];
    long[][] mask = new long[batch][maxLen];
    long[][] types = new long[batch][maxLen];
    for (int b = 0; b < batch; b++) {
      long[] id = enc[b].getIds();
      long[] ty = enc[b].getTypeIds();
      long[] am = enc[b].getAttentionMask();
      for (int t = 0; t < maxLen; t++) {
        ids[b][t] = t < id.length ? id[t] : PAD_ID;
        types[b][t] = t < ty.length ? ty[t] : 0;
        mask[b][t] = t < am.length ? am[t] : 0;
      }
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
      if (session.getInputNames().contains("token_type_ids")) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, types));
      }
      try (OrtSession.Result out = session.run(inputs)) {
        Optional<OnnxValue> value = out.get(LAST_HIDDEN_STATE);
        if (value.isEmpty()) {
          throw new IllegalStateException(
              "model.onnx has no output "
                  + LAST_HIDDEN_STATE
                  + " (outputs: "
                  + session.getOutputNames()
                  + ")");
        }
        float[][][] hidden = (float[][][]) value.get().getValue();
        return new Result(texts, ids, mask, types, lengths, hidden);
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  public Path folder() {
    return folder;
  }

  @Override
  public void close() throws OrtException {
    try {
      session.close();
    } finally {
      tokenizer.close();
    }
  }

  /**
   * One batch: {@code inputIds}, {@code attentionMask}, {@code tokenTypeIds} are [B][T] padded to
   * the longest text (T), {@code lengths[b]} is text b's token count (special tokens included), and
   * {@code lastHiddenState} is ONNX Runtime's output [B][T][384].
   */
  public record Result(
      List<String> texts,
      long[][] inputIds,
      long[][] attentionMask,
      long[][] tokenTypeIds,
      int[] lengths,
      float[][][] lastHiddenState) {

    /** input ids of text b without padding, as ints. */
    public int[] ids(int b) {
      int[] out = new int[lengths[b]];
      for (int t = 0; t < out.length; t++) {
        out[t] = (int) inputIds[b][t];
      }
      return out;
    }

    /**
     * The sentence embedding of all-MiniLM-L6-v2 (sentence-transformers): mean of the hidden states
     * over attended tokens, then L2-normalised. Computed in double, returned as float [B][D].
     */
    public float[][] sentenceEmbeddings() {
      int batch = lastHiddenState.length;
      float[][] out = new float[batch][];
      for (int b = 0; b < batch; b++) {
        int d = lastHiddenState[b][0].length;
        double[] sum = new double[d];
        double count = 0;
        for (int t = 0; t < lastHiddenState[b].length; t++) {
          if (attentionMask[b][t] == 0) {
            continue;
          }
          count++;
          for (int i = 0; i < d; i++) {
            sum[i] += lastHiddenState[b][t][i];
          }
        }
        double norm = 0;
        for (int i = 0; i < d; i++) {
          sum[i] /= Math.max(count, 1e-9);
          norm += sum[i] * sum[i];
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        out[b] = new float[d];
        for (int i = 0; i < d; i++) {
          out[b][i] = (float) (sum[i] / norm);
        }
      }
      return out;
    }
  }
}
