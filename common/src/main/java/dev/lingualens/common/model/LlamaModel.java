package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;

/**
 * Llama-style decoders: Llama 2/3, Mistral, Qwen2 (q/k/v bias), Qwen3 (per-head q/k RMSNorm), Gemma
 * and Gemma 2. RMSNorm pre-norm blocks, RoPE (rotate-half form, optional llama3/linear scaling),
 * grouped-query attention, gated MLP (SwiGLU, or GeGLU for Gemma), tied or untied unembedding. Bias
 * and q/k-norm are taken from what the checkpoint holds; what Gemma changes comes from the config's
 * {@link DecoderVariant}.
 */
final class LlamaModel extends TransformerModel {
  private final DecoderVariant variant;

  /** Vocabulary rows the unembedding widens at once when it is stored compact. */
  static final int UNEMBED_ROWS_PER_CHUNK = 8192;

  private StoredWeight embed;
  private StoredWeight lmHead;
  private NDArray finalNorm;
  private Layer[] layers;
  private NDArray cos;
  private NDArray sin;

  /**
   * One block. {@code postAttnNorm} and {@code postMlpNorm} are Gemma 2's norms of what each
   * sub-block adds to the residual stream (null elsewhere); {@code preMlpNorm} is Llama's
   * post_attention_layernorm, Gemma 2's pre_feedforward_layernorm.
   */
  private record Layer(
      NDArray inNorm,
      StoredWeight q,
      NDArray qb,
      StoredWeight k,
      NDArray kb,
      StoredWeight v,
      NDArray vb,
      StoredWeight o,
      NDArray qNorm,
      NDArray kNorm,
      NDArray postAttnNorm,
      NDArray preMlpNorm,
      NDArray postMlpNorm,
      StoredWeight gate,
      StoredWeight up,
      StoredWeight down) {}

  LlamaModel(Path folder, ModelConfig config, ModelOptions options) {
    super(folder, config, options);
    this.variant = config.variant();
  }

  @Override
  protected void loadWeights(WeightStore w) {
    int d = config.hiddenSize();
    embed = matrix(w, "embed_tokens.weight");
    expectShape(embed.shape(), "embed_tokens.weight", config.vocabSize(), d);
    layers = new Layer[config.layers()];
    for (int l = 0; l < layers.length; l++) {
      String p = "layers." + l + ".";
      String a = p + "self_attn.";
      boolean sandwich = variant.sandwichNorms();
      Layer layer =
          new Layer(
              normGain(w, p + "input_layernorm.weight"),
              matrix(w, a + "q_proj.weight"),
              optionalWeight(w, a + "q_proj.bias"),
              matrix(w, a + "k_proj.weight"),
              optionalWeight(w, a + "k_proj.bias"),
              matrix(w, a + "v_proj.weight"),
              optionalWeight(w, a + "v_proj.bias"),
              matrix(w, a + "o_proj.weight"),
              optionalWeight(w, a + "q_norm.weight"),
              optionalWeight(w, a + "k_norm.weight"),
              sandwich ? normGain(w, p + "post_attention_layernorm.weight") : null,
              normGain(
                  w,
                  p
                      + (sandwich
                          ? "pre_feedforward_layernorm.weight"
                          : "post_attention_layernorm.weight")),
              sandwich ? normGain(w, p + "post_feedforward_layernorm.weight") : null,
              matrix(w, p + "mlp.gate_proj.weight"),
              matrix(w, p + "mlp.up_proj.weight"),
              matrix(w, p + "mlp.down_proj.weight"));
      expectShape(
          layer.q().shape(), a + "q_proj.weight", (long) config.heads() * config.headDim(), d);
      expectShape(
          layer.k().shape(), a + "k_proj.weight", (long) config.kvHeads() * config.headDim(), d);
      expectShape(layer.gate().shape(), p + "mlp.gate_proj.weight", config.intermediateSize(), d);
      layers[l] = layer;
    }
    finalNorm = normGain(w, "norm.weight");
    lmHead = config.tiedEmbeddings() ? embed : matrix(w, "lm_head.weight");
    buildRope();
  }

  /**
   * An RMSNorm gain: the stored weight, or for Gemma 1 + w in fp32 (Gemma multiplies in fp32 and
   * casts after, where Llama casts first).
   */
  private NDArray normGain(WeightStore w, String name) {
    NDArray stored = weight(w, name);
    if (!variant.unitOffsetNorms()) {
      return stored;
    }
    NDArray gain = stored.toType(DataType.FLOAT32, true).add(1f);
    stored.close();
    return gain;
  }

  private NDArray norm(NDArray x, NDArray gain) {
    if (!variant.unitOffsetNorms()) {
      return rmsNormalize(x, config.normEps()).mul(gain);
    }
    NDArray out = rmsNormalizeFp32(x, config.normEps()).mul(gain);
    return out.getDataType() == x.getDataType() ? out : out.toType(x.getDataType(), false);
  }

  private void buildRope() {
    int hd = config.headDim();
    float[] inv = config.ropeScaling().inverseFrequencies(hd, config.ropeTheta());
    int maxPos = Math.max(config.maxPositions(), 1);
    float[] c = new float[maxPos * hd];
    float[] s = new float[maxPos * hd];
    for (int pos = 0; pos < maxPos; pos++) {
      for (int i = 0; i < hd; i++) {
        // HF: freqs = pos * inv_freq in fp32, emb = cat(freqs, freqs)
        float angle = (float) pos * inv[i % (hd / 2)];
        c[pos * hd + i] = (float) Math.cos(angle);
        s[pos * hd + i] = (float) Math.sin(angle);
      }
    }
    cos =
        manager
            .create(c, new ai.djl.ndarray.types.Shape(maxPos, hd))
            .toType(options.dtype(), false);
    sin =
        manager
            .create(s, new ai.djl.ndarray.types.Shape(maxPos, hd))
            .toType(options.dtype(), false);
  }

  @Override
  void run(ForwardPass pass) {
    int t = pass.batch.width();
    if (t > config.maxPositions()) {
      throw new IllegalArgumentException(
          "sequence of "
              + t
              + " tokens exceeds max_position_embeddings "
              + config.maxPositions()
              + " of "
              + folder);
    }
    int hd = config.headDim();
    NDArray x = embed.rows(pass.ids, pass.manager, options.dtype());
    if (variant.scaledEmbeddings()) {
      // HF multiplies by √hidden cast to the compute dtype; in fp32 that is this float
      x = x.mul((float) Math.sqrt(config.hiddenSize()));
    }
    pass.hook(HookPoints.EMBED, x);
    NDArray bias = TransformerModel.attentionBias(pass, true, options.dtype());
    NDArray windowBias =
        variant.slidingWindow() > 0 && t > variant.slidingWindow()
            ? TransformerModel.attentionBias(pass, true, variant.slidingWindow(), options.dtype())
            : bias;
    double scoreScalar = variant.queryPreAttnScalar() > 0 ? variant.queryPreAttnScalar() : hd;
    NDArray cosT = cos.get(":" + t).expandDims(0).expandDims(0);
    NDArray sinT = sin.get(":" + t).expandDims(0).expandDims(0);
    for (int l = 0; l < layers.length; l++) {
      NDArray next = runLayer(pass, l, x, bias, windowBias, scoreScalar, cosT, sinT);
      // hooks have copied or folded it already: a pass keeps one residual, not one per layer
      x.close();
      x = next;
    }
    if (pass.wants(HookPoints.LN_FINAL)) {
      pass.hook(HookPoints.LN_FINAL, rmsNormalize(x, config.normEps()));
    }
    NDArray last = finalNorm(x);
    pass.hook(HookPoints.LAST_HIDDEN, last);
    if (pass.request.needsLogits()) {
      NDArray logits = logitsOf(last);
      pass.hook(HookPoints.LOGITS, logits);
      if (pass.wants(HookPoints.LOGPROBS)) {
        pass.hook(HookPoints.LOGPROBS, logprobs(pass, logits));
      }
    }
  }

  /**
   * One block in its own scope: its activations and the weights it widened are released when it
   * returns, so a pass holds one layer's worth of them, not every layer's.
   */
  private NDArray runLayer(
      ForwardPass pass,
      int l,
      NDArray residual,
      NDArray bias,
      NDArray windowBias,
      double scoreScalar,
      NDArray cosT,
      NDArray sinT) {
    int hd = config.headDim();
    int rep = config.heads() / config.kvHeads();
    Layer ly = layers[l];
    try (NDScope scope = new NDScope()) {
      NDArray x = residual;
      NDArray h = norm(x, ly.inNorm());
      NDArray q = splitHeads(linear(h, ly.q(), ly.qb()), config.heads(), hd);
      NDArray k = splitHeads(linear(h, ly.k(), ly.kb()), config.kvHeads(), hd);
      NDArray v = splitHeads(linear(h, ly.v(), ly.vb()), config.kvHeads(), hd);
      if (ly.qNorm() != null) {
        q = rmsNormalize(q, config.normEps()).mul(ly.qNorm());
      }
      if (ly.kNorm() != null) {
        k = rmsNormalize(k, config.normEps()).mul(ly.kNorm());
      }
      q = rope(q, cosT, sinT);
      k = rope(k, cosT, sinT);
      if (rep > 1) {
        k = repeatKv(k, rep);
        v = repeatKv(v, rep);
      }
      NDArray[] att =
          attend(
              q, k, v, variant.sliding(l) ? windowBias : bias, scoreScalar, variant.attnSoftcap());
      if (pass.wants(HookPoints.attnPattern(l))) {
        pass.hook(HookPoints.attnPattern(l), att[1]);
      }
      NDArray attnOut = linear(mergeHeads(att[0]), ly.o(), null);
      if (ly.postAttnNorm() != null) {
        attnOut = norm(attnOut, ly.postAttnNorm());
      }
      pass.hook(HookPoints.attnOut(l), attnOut);
      x = x.add(attnOut);
      pass.hook(HookPoints.residMid(l), x);
      NDArray h2 = norm(x, ly.preMlpNorm());
      NDArray gate = linear(h2, ly.gate(), null);
      pass.hook(HookPoints.mlpPre(l), gate);
      NDArray up = linear(h2, ly.up(), null);
      pass.hook(HookPoints.mlpPreLinear(l), up);
      NDArray post = intervene(pass, l, activation(config.activation(), gate).mul(up));
      pass.hook(HookPoints.mlpPost(l), post);
      NDArray mlpOut = linear(post, ly.down(), null);
      if (ly.postMlpNorm() != null) {
        mlpOut = norm(mlpOut, ly.postMlpNorm());
      }
      pass.hook(HookPoints.mlpOut(l), mlpOut);
      x = x.add(mlpOut);
      pass.hook(HookPoints.residPost(l), x);
      // the pass's manager owns the residual and closes it with the pass
      NDScope.unregister(x);
      return x;
    }
  }

  @Override
  NDArray finalNorm(NDArray residual) {
    return norm(residual, finalNorm);
  }

  /** The (tied) unembedding, then Gemma 2's final soft-cap, which belongs to it. */
  @Override
  NDArray logitsOf(NDArray normed) {
    return softcap(lmHead.linearByRows(normed, UNEMBED_ROWS_PER_CHUNK), variant.finalSoftcap());
  }

  /** q·cos + rotate_half(q)·sin with rotate_half(x) = [−x₂, x₁]. */
  private static NDArray rope(NDArray x, NDArray cosT, NDArray sinT) {
    long half = x.getShape().get(3) / 2;
    NDArray x1 = x.get(":, :, :, :" + half);
    NDArray x2 = x.get(":, :, :, " + half + ":");
    NDArray rotated = concatLast(x2.neg(), x1);
    return x.mul(cosT).add(rotated.mul(sinT));
  }

  /** [B,KV,T,hd] → [B,KV·rep,T,hd], query head h reading kv head h / rep (HF repeat_kv). */
  private static NDArray repeatKv(NDArray x, int rep) {
    ai.djl.ndarray.types.Shape s = x.getShape();
    return x.expandDims(2)
        .broadcast(new ai.djl.ndarray.types.Shape(s.get(0), s.get(1), rep, s.get(2), s.get(3)))
        .reshape(s.get(0), s.get(1) * rep, s.get(2), s.get(3));
  }
}
