package dev.lingualens.common.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face transformer, loaded from its folder and run with DJL NDArray ops on the PyTorch
 * engine, exposing the hook points of {@link HookPoints}. Weights live in the model's own NDManager
 * for the model's lifetime; every activation of a pass is released when the pass ends.
 */
public abstract class TransformerModel implements AutoCloseable {
  static {
    System.setProperty("ai.djl.offline", "true");
  }

  protected final Path folder;
  protected final ModelConfig config;
  protected final ModelOptions options;
  protected final NDManager manager;

  /**
   * Zeroing masks by layer and neuron set. Concurrent: one model serves every task of its executor,
   * and tasks run interventions at the same time (ablate). Keyed by the neuron set itself, not a
   * hash of it, so two sets that collide cannot share a mask.
   */
  private final Map<String, NDArray> interventionMasks =
      new java.util.concurrent.ConcurrentHashMap<>();

  private long parameters;
  private long residentWeightBytes;
  private long inexactWeights;

  /**
   * Reused while loading compact weights, then dropped; at most {@link #LOAD_CHUNK_BYTES} (a large
   * matrix is read a chunk of rows at a time).
   */
  private ByteBuffer staging;

  static final long LOAD_CHUNK_BYTES = 64L << 20;

  protected TransformerModel(Path folder, ModelConfig config, ModelOptions options) {
    this.folder = folder;
    this.config = config;
    this.options = options;
    this.manager = NDManager.newBaseManager(options.device());
  }

  /**
   * Loads the folder's model; one clear error for an unsupported family, a pickle, or a broken
   * file.
   */
  public static TransformerModel load(Path folder, ModelOptions options) {
    ModelConfig config = ModelConfig.read(folder);
    config.family().checkComputeDtype(options.dtype(), folder.toString());
    try (WeightStore weights = WeightStore.open(folder)) {
      TransformerModel model =
          switch (config.family()) {
            case LLAMA, GEMMA, GEMMA2, GEMMA3, PHI3, OLMO2, COHERE ->
                new LlamaModel(folder, config, options);
            case GPT2 -> new Gpt2Model(folder, config, options);
            case BLOOM -> new BloomModel(folder, config, options);
            case XGLM -> new XglmModel(folder, config, options);
            case BERT -> new BertModel(folder, config, options);
          };
      try {
        model.loadWeights(weights);
      } catch (RuntimeException e) {
        model.close();
        throw e;
      } finally {
        model.staging = null;
      }
      return model;
    }
  }

  protected abstract void loadWeights(WeightStore weights);

  /**
   * The pass itself: read inputs from {@code pass}, offer activations through {@code pass.hook}.
   */
  abstract void run(ForwardPass pass);

  public ModelConfig config() {
    return config;
  }

  public ModelOptions options() {
    return options;
  }

  public Path folder() {
    return folder;
  }

  /**
   * Whether the model has an unembedding: the logit lens and logits exist for decoders only.
   * Encoders leave {@link #finalNorm} and {@link #logitsOf} unimplemented.
   */
  public boolean hasUnembedding() {
    return config.family().causal();
  }

  /** The model's own final norm, with its gain (and bias), on residual states [..., D]. */
  NDArray finalNorm(NDArray residual) {
    throw new UnsupportedOperationException(noUnembedding());
  }

  /** The unembedding of final-normed states [..., D] into logits [..., V]. */
  NDArray logitsOf(NDArray normed) {
    throw new UnsupportedOperationException(noUnembedding());
  }

  String noUnembedding() {
    return folder
        + " is an encoder ("
        + config.family().name().toLowerCase(java.util.Locale.ROOT)
        + "): it has no unembedding, so it has no logits and no logit lens; use a decoder model";
  }

  public long parameterCount() {
    return parameters;
  }

  /** Bytes the loaded weights keep on the device (what compact storage saves shows here). */
  public long residentWeightBytes() {
    return residentWeightBytes;
  }

  /** Stored values that compact storage had to round (see {@link StoredWeight}); 0 is typical. */
  public long inexactWeights() {
    return inexactWeights;
  }

  public Device device() {
    return options.device();
  }

  /** Runs one batch and returns the captured hooks; reducers have been applied when it returns. */
  public Map<String, HostTensor> forward(TokenBatch batch, ForwardRequest request) {
    for (Map.Entry<Integer, int[]> e : request.zeroedNeurons().entrySet()) {
      if (e.getKey() < 0 || e.getKey() >= config.layers()) {
        throw new IllegalArgumentException(
            "intervention layer " + e.getKey() + " outside 0.." + (config.layers() - 1));
      }
      for (int n : e.getValue()) {
        if (n < 0 || n >= config.intermediateSize()) {
          throw new IllegalArgumentException(
              "intervention neuron " + n + " outside 0.." + (config.intermediateSize() - 1));
        }
      }
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      try (NDManager passManager = manager.newSubManager()) {
        ForwardPass pass = new ForwardPass(passManager, request, batch);
        run(pass);
        return pass.captured();
      }
    }
  }

  /**
   * The FFN activation applied to an {@code mlp.hook_pre} value, in the compute dtype: LAPE counts
   * a neuron as active when this is &gt; 0 (the reference tests the activation, which can underflow
   * to 0 in fp16 where the pre-activation is still positive).
   */
  public NDArray activate(NDArray hookPre) {
    return activation(config.activation(), hookPre);
  }

  // ---- weight loading -------------------------------------------------------------------------

  /**
   * Loads a tensor to the device in the compute dtype (BF16 widened in Java, never via DJL's
   * toType).
   */
  protected NDArray weight(WeightStore weights, String name) {
    SafetensorsFile.TensorInfo info = weights.info(name);
    Shape shape = new Shape(info.shape());
    NDArray array;
    switch (info.dtype()) {
      case F32 -> array = manager.create(weights.fileOf(name).bytes(info), shape, DataType.FLOAT32);
      case F16 -> array = manager.create(weights.fileOf(name).bytes(info), shape, DataType.FLOAT16);
      case BF16 -> {
        float[] f = weights.fileOf(name).floats(info);
        ByteBuffer buf = ByteBuffer.allocateDirect(f.length * 4).order(ByteOrder.nativeOrder());
        buf.asFloatBuffer().put(f);
        array = manager.create(buf, shape, DataType.FLOAT32);
      }
      default ->
          throw new ModelLoadException(
              folder
                  + ": weight '"
                  + name
                  + "' has dtype "
                  + info.dtype()
                  + "; weights must be F32, F16 or BF16");
    }
    if (array.getDataType() != options.dtype()) {
      NDArray converted = array.toType(options.dtype(), false);
      array.close();
      array = converted;
    }
    parameters += info.elements();
    residentWeightBytes += info.elements() * array.getDataType().getNumOfBytes();
    return array;
  }

  /**
   * Whether a matrix stored in two bytes stays in two bytes: when the model computes in fp32. In
   * fp16 the matrix is converted once at load, as before.
   */
  static boolean keptCompact(DType stored, ai.djl.ndarray.types.DataType compute) {
    return compute == DataType.FLOAT32 && (stored == DType.BF16 || stored == DType.F16);
  }

  /**
   * A weight matrix that ops widen as they use it ({@link StoredWeight}): BF16 and F16 stay in two
   * bytes when the model computes in fp32; everything else loads as {@link #weight} does.
   */
  protected StoredWeight matrix(WeightStore weights, String name) {
    SafetensorsFile.TensorInfo info = weights.info(name);
    if (!keptCompact(info.dtype(), options.dtype())) {
      return StoredWeight.plain(weight(weights, name));
    }
    Shape shape = new Shape(info.shape());
    long rowBytes = (info.end() - info.begin()) / shape.get(0);
    long rowsPerChunk = Math.max(1, Math.min(shape.get(0), LOAD_CHUNK_BYTES / rowBytes));
    long bytes = rowsPerChunk * rowBytes;
    if (staging == null || staging.capacity() < bytes) {
      staging = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }
    SafetensorsFile file = weights.fileOf(name);
    StoredWeight w =
        StoredWeight.compact(
            manager,
            staging,
            info.dtype(),
            shape,
            rowsPerChunk,
            (from, to, dst) -> {
              dst.clear().limit(Math.toIntExact((to - from) * rowBytes));
              file.readInto(info, from * rowBytes, dst);
            });
    if (w == null) {
      return StoredWeight.plain(weight(weights, name));
    }
    parameters += info.elements();
    residentWeightBytes += w.bytes();
    inexactWeights += w.inexact();
    return w;
  }

  protected NDArray optionalWeight(WeightStore weights, String name) {
    return weights.has(name) ? weight(weights, name) : null;
  }

  protected void expectShape(NDArray w, String name, long... shape) {
    expectShape(w.getShape(), name, shape);
  }

  protected void expectShape(Shape actual, String name, long... shape) {
    if (!actual.equals(new Shape(shape))) {
      throw new ModelLoadException(
          folder
              + ": weight '"
              + name
              + "' has shape "
              + actual
              + ", config.json implies "
              + new Shape(shape));
    }
  }

  // ---- shared ops -----------------------------------------------------------------------------

  /** x·Wᵀ (+ b) with W widened for this op only. */
  static NDArray linear(NDArray x, StoredWeight weight, NDArray bias) {
    NDArray w = weight.widened(x.getDataType());
    try {
      return linear(x, w, bias);
    } finally {
      weight.release(w);
    }
  }

  static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return bias == null
        ? Linear.linear(x, weight).singletonOrThrow()
        : Linear.linear(x, weight, bias).singletonOrThrow();
  }

  /** Rows of an embedding matrix for ids of any shape: result shape ids.shape + [D]. */
  static NDArray embed(NDArray table, NDArray ids, NDManager into) {
    NDArray rows = table.get(new NDIndex("{}", ids.flatten()));
    rows.attach(into);
    long[] s = ids.getShape().getShape();
    return rows.reshape(new Shape(s[0], s[1], table.getShape().get(1)));
  }

  /** x / sqrt(mean(x²) + eps), computed in fp32 and returned in x's dtype, without the gain. */
  static NDArray rmsNormalize(NDArray x, double eps) {
    NDArray normed = rmsNormalizeFp32(x, eps);
    return normed.getDataType() == x.getDataType() ? normed : normed.toType(x.getDataType(), false);
  }

  /** x / sqrt(mean(x²) + eps) in fp32, without the gain. */
  static NDArray rmsNormalizeFp32(NDArray x, double eps) {
    NDArray xf = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
    return xf.mul(xf.square().mean(new int[] {-1}, true).add(eps).pow(-0.5));
  }

  /** cap·tanh(x/cap) (Gemma 2's soft-capping); x unchanged when cap is 0. */
  static NDArray softcap(NDArray x, double cap) {
    return cap == 0 ? x : x.div(cap).tanh().mul(cap);
  }

  static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, double eps) {
    return LayerNorm.layerNorm(
            x, new Shape(x.getShape().get(x.getShape().dimension() - 1)), gamma, beta, (float) eps)
        .singletonOrThrow();
  }

  /**
   * (x − mean) / sqrt(var + eps) without gain and bias (TransformerLens' ln_final.hook_normalized).
   */
  static NDArray layerNormalize(NDArray x, double eps) {
    NDArray centered = x.sub(x.mean(new int[] {-1}, true));
    return centered.mul(centered.square().mean(new int[] {-1}, true).add(eps).pow(-0.5));
  }

  static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  /** GELU, erf form (BERT's "gelu"). */
  static NDArray geluErf(NDArray x) {
    return Activation.gelu(x);
  }

  /** GELU, tanh approximation (GPT-2's "gelu_new"). */
  static NDArray geluTanh(NDArray x) {
    NDArray inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2.0 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1));
  }

  static NDArray activation(String name, NDArray x) {
    return switch (name) {
      case "silu", "swish" -> silu(x);
      case "gelu" -> geluErf(x);
      case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> geluTanh(x);
      case "relu" -> Activation.relu(x);
      default -> throw new ModelLoadException("unsupported activation '" + name + "'");
    };
  }

  /**
   * Additive attention mask [B,1,T,T]: 0 where query t may attend key s (s ≤ t when causal, and key
   * s is a real token), the dtype's minimum elsewhere (as HF does).
   */
  static NDArray attentionBias(ForwardPass pass, boolean causal, DataType dtype) {
    return attentionBias(pass, causal, 0, dtype);
  }

  /**
   * The same with a sliding window when {@code window} &gt; 0: query t also needs t − s &lt;
   * window, so it sees {@code window} keys, itself included (Gemma 2's local layers, as HF masks
   * them).
   */
  static NDArray attentionBias(ForwardPass pass, boolean causal, int window, DataType dtype) {
    int t = pass.batch.width();
    NDArray keyOk = pass.mask.expandDims(1).expandDims(1); // [B,1,1,T]
    NDArray allowed = keyOk;
    if (causal) {
      NDArray pos = pass.manager.arange(0, t, 1, DataType.INT64);
      NDArray causalOk = pos.expandDims(0).lte(pos.expandDims(1)); // [T,T]: key ≤ query
      if (window > 0) {
        causalOk = causalOk.logicalAnd(pos.expandDims(1).sub(pos.expandDims(0)).lt(window));
      }
      allowed = keyOk.mul(causalOk.toType(DataType.FLOAT32, false).expandDims(0).expandDims(0));
    }
    float min = dtype == DataType.FLOAT16 ? -65504f : -Float.MAX_VALUE;
    NDArray bias = allowed.sub(1).abs().mul(min);
    return bias.toType(dtype, false);
  }

  /**
   * Softmax attention; scores and softmax in fp32 (HF upcasts too), result back in the compute
   * dtype.
   */
  static NDArray[] attend(NDArray q, NDArray k, NDArray v, NDArray bias, int headDim) {
    return attend(q, k, v, bias, headDim, 0);
  }

  /**
   * Softmax attention with scores divided by √{@code scalar} and soft-capped at {@code softcap} (0
   * = none) before the mask is added, as Gemma 2 does.
   */
  static NDArray[] attend(
      NDArray q, NDArray k, NDArray v, NDArray bias, double scalar, double softcap) {
    NDArray scores =
        softcap(
                q.matMul(k.transpose(0, 1, 3, 2))
                    .toType(DataType.FLOAT32, false)
                    .div(Math.sqrt(scalar)),
                softcap)
            .add(bias.toType(DataType.FLOAT32, false));
    NDArray pattern = scores.softmax(-1);
    NDArray out = pattern.toType(q.getDataType(), false).matMul(v);
    return new NDArray[] {out, pattern};
  }

  /** [B,T,N·hd] → [B,N,T,hd]. */
  static NDArray splitHeads(NDArray x, int heads, int headDim) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), heads, headDim).transpose(0, 2, 1, 3);
  }

  /** [B,N,T,hd] → [B,T,N·hd]. */
  static NDArray mergeHeads(NDArray x) {
    Shape s = x.getShape();
    return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
  }

  /**
   * The batch's width, or one clear error when it is longer than the model's positions ({@code
   * key}: the config key that sets them).
   */
  int checkedWidth(ForwardPass pass, String key) {
    int t = pass.batch.width();
    if (t > config.maxPositions()) {
      throw new IllegalArgumentException(
          "sequence of "
              + t
              + " tokens exceeds "
              + key
              + " "
              + config.maxPositions()
              + " of "
              + folder);
    }
    return t;
  }

  /**
   * The rest of a GPT-style pre-LayerNorm block once attention has run ({@code attention} = the
   * heads' output and pattern from {@link #attend}): output projection, residual, LayerNorm, MLP
   * with the config's activation and the request's intervention, residual; every hook on the way.
   * Returns the block's output residual.
   */
  NDArray finishBiasedBlock(
      ForwardPass pass, int l, NDArray residual, NDArray[] attention, BiasedBlockTail w) {
    if (pass.wants(HookPoints.attnPattern(l))) {
      pass.hook(HookPoints.attnPattern(l), attention[1]);
    }
    NDArray attnOut = linear(mergeHeads(attention[0]), w.out(), w.outBias());
    pass.hook(HookPoints.attnOut(l), attnOut);
    NDArray mid = residual.add(attnOut);
    pass.hook(HookPoints.residMid(l), mid);
    NDArray normed = layerNorm(mid, w.normWeight(), w.normBias(), config.normEps());
    NDArray pre = linear(normed, w.up(), w.upBias());
    pass.hook(HookPoints.mlpPre(l), pre);
    NDArray post = intervene(pass, l, activation(config.activation(), pre));
    pass.hook(HookPoints.mlpPost(l), post);
    NDArray mlpOut = linear(post, w.down(), w.downBias());
    pass.hook(HookPoints.mlpOut(l), mlpOut);
    NDArray x = mid.add(mlpOut);
    pass.hook(HookPoints.residPost(l), x);
    return x;
  }

  /**
   * After the last block: {@code ln_final.hook_normalized} (LayerNorm families), the final norm as
   * {@code last_hidden_state}, then logits and log-probs when the request wants them.
   */
  void readOutLayerNormed(ForwardPass pass, NDArray residual) {
    if (pass.wants(HookPoints.LN_FINAL)) {
      pass.hook(HookPoints.LN_FINAL, layerNormalize(residual, config.normEps()));
    }
    NDArray last = finalNorm(residual);
    pass.hook(HookPoints.LAST_HIDDEN, last);
    if (pass.request.needsLogits()) {
      NDArray logits = logitsOf(last);
      pass.hook(HookPoints.LOGITS, logits);
      if (pass.wants(HookPoints.LOGPROBS)) {
        pass.hook(HookPoints.LOGPROBS, logprobs(pass, logits));
      }
    }
  }

  /** Applies the request's intervention to a layer's mlp.hook_post. */
  NDArray intervene(ForwardPass pass, int layer, NDArray post) {
    int[] neurons = pass.request.zeroedNeurons().get(layer);
    if (neurons == null || neurons.length == 0) {
      return post;
    }
    NDArray keep =
        interventionMasks.computeIfAbsent(
            layer + ":" + java.util.Arrays.toString(neurons),
            k -> {
              float[] m = new float[config.intermediateSize()];
              java.util.Arrays.fill(m, 1f);
              for (int n : neurons) {
                m[n] = 0f;
              }
              NDArray arr = manager.create(m).toType(post.getDataType(), false);
              NDScope.unregister(arr);
              return arr;
            });
    return post.mul(keep);
  }

  /** log p(ids[t+1] | ≤ t) for t < T−1, zero past each row's length: [B,T−1]. */
  static NDArray logprobs(ForwardPass pass, NDArray logits) {
    int t = pass.batch.width();
    if (t < 2) {
      return pass.manager.zeros(new Shape(pass.batch.size(), 0));
    }
    NDArray lp = logits.get(":, :-1, :").toType(DataType.FLOAT32, false).logSoftmax(-1);
    NDArray next = pass.ids.get(":, 1:").expandDims(-1);
    NDArray picked = lp.gather(next, -1).squeeze(-1);
    return picked.mul(pass.mask.get(":, 1:"));
  }

  static NDArray concatLast(NDArray a, NDArray b) {
    return NDArrays.concat(new NDList(a, b), -1);
  }

  @Override
  public void close() {
    manager.close();
  }
}
