package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;

/**
 * Llama-style decoders: Llama 2/3, Mistral, Qwen2 (q/k/v bias), Qwen3 (per-head q/k RMSNorm),
 * Gemma, Gemma 2, Phi-3, OLMo 2 and Cohere. RMSNorm pre-norm blocks, RoPE (rotate-half form,
 * optional llama3/linear scaling), grouped-query attention, gated MLP (SwiGLU, or GeGLU for Gemma),
 * tied or untied unembedding. Bias, q/k-norm and fused projections (Phi-3) are taken from what the
 * checkpoint holds; what the other families change comes from the config's {@link DecoderVariant}.
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

  /** LongRoPE's tables for sequences longer than original_max_position_embeddings; else null. */
  private NDArray cosLong;

  private NDArray sinLong;

  /** Gemma 3's sliding layers' own RoPE (base rope_local_base_freq, unscaled); else null. */
  private NDArray cosLocal;

  private NDArray sinLocal;

  /**
   * One block. {@code inNorm} is null for OLMo 2 (no norm before attention); {@code postAttnNorm}
   * and {@code postMlpNorm} are Gemma 2's and OLMo 2's norms of what each sub-block adds to the
   * residual stream (null elsewhere); {@code preMlpNorm} is Llama's post_attention_layernorm, Gemma
   * 2's pre_feedforward_layernorm, null where the MLP reads no norm of its own (OLMo 2, Cohere).
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
      NDArray ob,
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
    DecoderVariant.BlockLayout layout = variant.layout();
    boolean sandwich = layout == DecoderVariant.BlockLayout.SANDWICH;
    boolean postNorm = layout == DecoderVariant.BlockLayout.POST_NORM;
    int hd = config.headDim();
    long qRows = (long) config.heads() * hd;
    long kvRows = (long) config.kvHeads() * hd;
    for (int l = 0; l < layers.length; l++) {
      String p = "layers." + l + ".";
      String a = p + "self_attn.";
      StoredWeight[] qkv = projections(w, a, qRows, kvRows);
      StoredWeight[] gateUp = gateAndUp(w, p + "mlp.");
      Layer layer =
          new Layer(
              postNorm ? null : normGain(w, p + "input_layernorm.weight"),
              qkv[0],
              optionalWeight(w, a + "q_proj.bias"),
              qkv[1],
              optionalWeight(w, a + "k_proj.bias"),
              qkv[2],
              optionalWeight(w, a + "v_proj.bias"),
              matrix(w, a + "o_proj.weight"),
              optionalWeight(w, a + "o_proj.bias"),
              optionalNormGain(w, a + "q_norm.weight"),
              optionalNormGain(w, a + "k_norm.weight"),
              sandwich || postNorm ? normGain(w, p + "post_attention_layernorm.weight") : null,
              switch (layout) {
                case PRE_NORM -> normGain(w, p + "post_attention_layernorm.weight");
                case SANDWICH -> normGain(w, p + "pre_feedforward_layernorm.weight");
                case POST_NORM, PARALLEL -> null;
              },
              sandwich || postNorm ? normGain(w, p + "post_feedforward_layernorm.weight") : null,
              gateUp[0],
              gateUp[1],
              matrix(w, p + "mlp.down_proj.weight"));
      expectShape(layer.q().shape(), a + "q_proj.weight", qRows, d);
      expectShape(layer.k().shape(), a + "k_proj.weight", kvRows, d);
      expectShape(layer.gate().shape(), p + "mlp.gate_proj.weight", config.intermediateSize(), d);
      if (layer.qNorm() != null) {
        // OLMo 2 normalises the whole projection, Qwen3 each head
        expectShape(layer.qNorm(), a + "q_norm.weight", postNorm ? qRows : hd);
        expectShape(layer.kNorm(), a + "k_norm.weight", postNorm ? kvRows : hd);
      }
      layers[l] = layer;
    }
    finalNorm = normGain(w, "norm.weight");
    lmHead = config.tiedEmbeddings() ? embed : matrix(w, "lm_head.weight");
    buildRope();
  }

  /**
   * q, k and v projection weights: stored apart, or Phi-3's one qkv_proj with the query rows, then
   * the key rows, then the value rows (split as stored, so a compact one stays compact).
   */
  private StoredWeight[] projections(WeightStore w, String a, long qRows, long kvRows) {
    if (!w.has(a + "qkv_proj.weight")) {
      return new StoredWeight[] {
        matrix(w, a + "q_proj.weight"),
        matrix(w, a + "k_proj.weight"),
        matrix(w, a + "v_proj.weight")
      };
    }
    StoredWeight fused = matrix(w, a + "qkv_proj.weight");
    expectShape(fused.shape(), a + "qkv_proj.weight", qRows + 2 * kvRows, config.hiddenSize());
    return fused.splitRows(qRows, qRows + kvRows);
  }

  /** gate and up weights: stored apart, or Phi-3's gate_up_proj with the gate rows first. */
  private StoredWeight[] gateAndUp(WeightStore w, String m) {
    if (!w.has(m + "gate_up_proj.weight")) {
      return new StoredWeight[] {
        matrix(w, m + "gate_proj.weight"), matrix(w, m + "up_proj.weight")
      };
    }
    StoredWeight fused = matrix(w, m + "gate_up_proj.weight");
    long f = config.intermediateSize();
    expectShape(fused.shape(), m + "gate_up_proj.weight", 2 * f, config.hiddenSize());
    return fused.splitRows(f);
  }

  /**
   * A norm gain: the stored weight, or for Gemma 1 + w in fp32 (Gemma multiplies in fp32 and casts
   * after, where Llama casts first).
   */
  private NDArray normGain(WeightStore w, String name) {
    NDArray stored = weight(w, name);
    if (variant.layerNorms()) {
      // Cohere multiplies in fp32 too, by the stored gain. An fp32 weight is kept as it is: DJL's
      // toType to its own dtype aliases the storage, which belongs to the Java buffer the original
      // array holds, so closing the original would free the gain under the alias.
      if (stored.getDataType() == DataType.FLOAT32) {
        return stored;
      }
      NDArray gain = stored.toType(DataType.FLOAT32, false);
      stored.close();
      return gain;
    }
    if (!variant.unitOffsetNorms()) {
      return stored;
    }
    NDArray gain = stored.toType(DataType.FLOAT32, true).add(1f);
    stored.close();
    return gain;
  }

  private NDArray optionalNormGain(WeightStore w, String name) {
    return w.has(name) ? normGain(w, name) : null;
  }

  private NDArray norm(NDArray x, NDArray gain) {
    if (!variant.unitOffsetNorms() && !variant.layerNorms()) {
      return rmsNormalize(x, config.normEps()).mul(gain);
    }
    NDArray out = normalizeFp32(x).mul(gain);
    return out.getDataType() == x.getDataType() ? out : out.toType(x.getDataType(), false);
  }

  /** The family's normalisation without the gain, in fp32: LayerNorm's for Cohere, else RMS. */
  private NDArray normalizeFp32(NDArray x) {
    if (!variant.layerNorms()) {
      return rmsNormalizeFp32(x, config.normEps());
    }
    NDArray xf = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
    return layerNormalize(xf, config.normEps());
  }

  private void buildRope() {
    RopeScaling scaling = config.ropeScaling();
    NDArray[] global = ropeTables(scaling, config.ropeTheta(), 0);
    cos = global[0];
    sin = global[1];
    if (scaling.lengthDependent()) {
      NDArray[] longer =
          ropeTables(scaling, config.ropeTheta(), scaling.originalMaxPositions() + 1);
      cosLong = longer[0];
      sinLong = longer[1];
    }
    if (variant.localRopeTheta() > 0) {
      NDArray[] local = ropeTables(RopeScaling.NONE, variant.localRopeTheta(), 0);
      cosLocal = local[0];
      sinLocal = local[1];
    }
  }

  /**
   * cos and sin [maxPositions, headDim] of every position for one RoPE base and scaling, for
   * sequences of {@code length} tokens (LongRoPE's factors depend on it).
   */
  private NDArray[] ropeTables(RopeScaling scaling, double theta, int length) {
    int hd = config.headDim();
    float[] inv = scaling.inverseFrequencies(hd, theta, length);
    float magnitude = (float) scaling.attentionFactor();
    int maxPos = Math.max(config.maxPositions(), 1);
    float[] c = new float[maxPos * hd];
    float[] s = new float[maxPos * hd];
    for (int pos = 0; pos < maxPos; pos++) {
      for (int i = 0; i < hd; i++) {
        // HF: freqs = pos * inv_freq in fp32, emb = cat(freqs, freqs), or for pairwise rotary
        // (Cohere) repeat_interleave(freqs, 2)
        float angle = (float) pos * inv[variant.interleavedRope() ? i / 2 : i % (hd / 2)];
        c[pos * hd + i] = (float) Math.cos(angle) * magnitude;
        s[pos * hd + i] = (float) Math.sin(angle) * magnitude;
      }
    }
    ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(maxPos, hd);
    return new NDArray[] {
      manager.create(c, shape).toType(options.dtype(), false),
      manager.create(s, shape).toType(options.dtype(), false)
    };
  }

  @Override
  void run(ForwardPass pass) {
    int t = checkedWidth(pass, "max_position_embeddings");
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
    NDArray cosT = ropeRows(pass, cos, cosLong);
    NDArray sinT = ropeRows(pass, sin, sinLong);
    NDArray cosLocalT = cosLocal == null ? cosT : cosLocal.get(":" + t).expandDims(0).expandDims(0);
    NDArray sinLocalT = sinLocal == null ? sinT : sinLocal.get(":" + t).expandDims(0).expandDims(0);
    NDArray[] ropeGlobal = {cosT, sinT};
    NDArray[] ropeLocal = {cosLocalT, sinLocalT};
    for (int l = 0; l < layers.length; l++) {
      NDArray next = runLayer(pass, l, x, bias, windowBias, scoreScalar, ropeGlobal, ropeLocal);
      // hooks have copied or folded it already: a pass keeps one residual, not one per layer
      x.close();
      x = next;
    }
    if (pass.wants(HookPoints.LN_FINAL)) {
      NDArray normalized = normalizeFp32(x);
      pass.hook(
          HookPoints.LN_FINAL,
          normalized.getDataType() == x.getDataType()
              ? normalized
              : normalized.toType(x.getDataType(), false));
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
   * returns, so a pass holds one layer's worth of them, not every layer's. {@code ropeGlobal} and
   * {@code ropeLocal} are the cos and sin rows of the global and the sliding layers.
   */
  private NDArray runLayer(
      ForwardPass pass,
      int l,
      NDArray residual,
      NDArray bias,
      NDArray windowBias,
      double scoreScalar,
      NDArray[] ropeGlobal,
      NDArray[] ropeLocal) {
    int hd = config.headDim();
    int rep = config.heads() / config.kvHeads();
    DecoderVariant.BlockLayout layout = variant.layout();
    Layer ly = layers[l];
    NDArray cosT = ropeGlobal[0];
    NDArray sinT = ropeGlobal[1];
    NDArray cosLocalT = ropeLocal[0];
    NDArray sinLocalT = ropeLocal[1];
    try (NDScope scope = new NDScope()) {
      NDArray x = residual;
      NDArray h = ly.inNorm() == null ? x : norm(x, ly.inNorm());
      NDArray qProj = linear(h, ly.q(), ly.qb());
      NDArray kProj = linear(h, ly.k(), ly.kb());
      boolean wholeProjectionNorm = layout == DecoderVariant.BlockLayout.POST_NORM;
      if (wholeProjectionNorm && ly.qNorm() != null) {
        qProj = rmsNormalize(qProj, config.normEps()).mul(ly.qNorm());
        kProj = rmsNormalize(kProj, config.normEps()).mul(ly.kNorm());
      }
      NDArray q = splitHeads(qProj, config.heads(), hd);
      NDArray k = splitHeads(kProj, config.kvHeads(), hd);
      NDArray v = splitHeads(linear(h, ly.v(), ly.vb()), config.kvHeads(), hd);
      if (!wholeProjectionNorm && ly.qNorm() != null) {
        q = norm(q, ly.qNorm());
      }
      if (!wholeProjectionNorm && ly.kNorm() != null) {
        k = norm(k, ly.kNorm());
      }
      boolean local = variant.slidingLayers().contains(l);
      q = rope(q, local ? cosLocalT : cosT, local ? sinLocalT : sinT);
      k = rope(k, local ? cosLocalT : cosT, local ? sinLocalT : sinT);
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
      NDArray attnOut = linear(mergeHeads(att[0]), ly.o(), ly.ob());
      if (ly.postAttnNorm() != null) {
        attnOut = norm(attnOut, ly.postAttnNorm());
      }
      pass.hook(HookPoints.attnOut(l), attnOut);
      NDArray mid = x.add(attnOut);
      pass.hook(HookPoints.residMid(l), mid);
      NDArray h2 =
          switch (layout) {
            case PARALLEL -> h;
            case POST_NORM -> mid;
            case PRE_NORM, SANDWICH -> norm(mid, ly.preMlpNorm());
          };
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
      x = mid.add(mlpOut);
      pass.hook(HookPoints.residPost(l), x);
      // the pass's manager owns the residual and closes it with the pass
      NDScope.unregister(x);
      return x;
    }
  }

  /**
   * The first T rows of a RoPE table as [1,1,T,hd]; with LongRoPE [B,1,T,hd], each batch row from
   * the short or long table by its own length. Hugging Face picks one table for the whole batch by
   * its longest row; per row, a sequence gets what it gets alone, whatever it is batched with.
   */
  private NDArray ropeRows(ForwardPass pass, NDArray table, NDArray longTable) {
    int t = pass.batch.width();
    NDArray shortRows = table.get(":" + t).expandDims(0).expandDims(0);
    if (longTable == null) {
      return shortRows;
    }
    NDArray longRows = longTable.get(":" + t).expandDims(0).expandDims(0);
    ai.djl.ndarray.NDList rows = new ai.djl.ndarray.NDList();
    for (int length : pass.batch.lengths()) {
      rows.add(length > config.ropeScaling().originalMaxPositions() ? longRows : shortRows);
    }
    return ai.djl.ndarray.NDArrays.concat(rows, 0);
  }

  @Override
  NDArray finalNorm(NDArray residual) {
    return norm(residual, finalNorm);
  }

  /**
   * The (tied) unembedding, then Gemma 2's final soft-cap or Cohere's logit_scale, which belong to
   * it.
   */
  @Override
  NDArray logitsOf(NDArray normed) {
    NDArray logits =
        softcap(lmHead.linearByRows(normed, UNEMBED_ROWS_PER_CHUNK), variant.finalSoftcap());
    return variant.logitScale() == 1 ? logits : logits.mul(variant.logitScale());
  }

  private NDArray rope(NDArray x, NDArray cosT, NDArray sinT) {
    return variant.interleavedRope() ? ropePairs(x, cosT, sinT) : ropeHalves(x, cosT, sinT);
  }

  /** q·cos + rotate_pairs(q)·sin with rotate_pairs(x)[2i, 2i+1] = [−x[2i+1], x[2i]] (Cohere). */
  private static NDArray ropePairs(NDArray x, NDArray cosT, NDArray sinT) {
    ai.djl.ndarray.types.Shape s = x.getShape();
    NDArray pairs = x.reshape(s.get(0), s.get(1), s.get(2), s.get(3) / 2, 2);
    NDArray even = pairs.get(":, :, :, :, 0");
    NDArray odd = pairs.get(":, :, :, :, 1");
    NDArray rotated = odd.neg().stack(even, -1).reshape(s);
    return x.mul(cosT).add(rotated.mul(sinT));
  }

  /** q·cos + rotate_half(q)·sin with rotate_half(x) = [−x₂, x₁]. */
  private static NDArray ropeHalves(NDArray x, NDArray cosT, NDArray sinT) {
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
