package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;

/**
 * Llama-style decoders: Llama 2/3, Mistral, Qwen2 (q/k/v bias), Qwen3 (per-head q/k RMSNorm).
 * RMSNorm pre-norm blocks, RoPE (rotate-half form, optional llama3/linear scaling), grouped-query
 * attention, SwiGLU MLP, tied or untied unembedding. Bias and q/k-norm are taken from what the
 * checkpoint holds.
 */
final class LlamaModel extends TransformerModel {
  private NDArray embed;
  private NDArray lmHead;
  private NDArray finalNorm;
  private Layer[] layers;
  private NDArray cos;
  private NDArray sin;

  private record Layer(
      NDArray inNorm,
      NDArray q,
      NDArray qb,
      NDArray k,
      NDArray kb,
      NDArray v,
      NDArray vb,
      NDArray o,
      NDArray qNorm,
      NDArray kNorm,
      NDArray postNorm,
      NDArray gate,
      NDArray up,
      NDArray down) {}

  LlamaModel(Path folder, ModelConfig config, ModelOptions options) {
    super(folder, config, options);
  }

  @Override
  protected void loadWeights(WeightStore w) {
    int d = config.hiddenSize();
    embed = weight(w, "embed_tokens.weight");
    expectShape(embed, "embed_tokens.weight", config.vocabSize(), d);
    layers = new Layer[config.layers()];
    for (int l = 0; l < layers.length; l++) {
      String p = "layers." + l + ".";
      String a = p + "self_attn.";
      Layer layer =
          new Layer(
              weight(w, p + "input_layernorm.weight"),
              weight(w, a + "q_proj.weight"),
              optionalWeight(w, a + "q_proj.bias"),
              weight(w, a + "k_proj.weight"),
              optionalWeight(w, a + "k_proj.bias"),
              weight(w, a + "v_proj.weight"),
              optionalWeight(w, a + "v_proj.bias"),
              weight(w, a + "o_proj.weight"),
              optionalWeight(w, a + "q_norm.weight"),
              optionalWeight(w, a + "k_norm.weight"),
              weight(w, p + "post_attention_layernorm.weight"),
              weight(w, p + "mlp.gate_proj.weight"),
              weight(w, p + "mlp.up_proj.weight"),
              weight(w, p + "mlp.down_proj.weight"));
      expectShape(layer.q(), a + "q_proj.weight", (long) config.heads() * config.headDim(), d);
      expectShape(layer.k(), a + "k_proj.weight", (long) config.kvHeads() * config.headDim(), d);
      expectShape(layer.gate(), p + "mlp.gate_proj.weight", config.intermediateSize(), d);
      layers[l] = layer;
    }
    finalNorm = weight(w, "norm.weight");
    lmHead = config.tiedEmbeddings() ? embed : weight(w, "lm_head.weight");
    buildRope();
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
    NDArray x = embed(embed, pass.ids, pass.manager);
    pass.hook(HookPoints.EMBED, x);
    NDArray bias = TransformerModel.attentionBias(pass, true, options.dtype());
    NDArray cosT = cos.get(":" + t).expandDims(0).expandDims(0);
    NDArray sinT = sin.get(":" + t).expandDims(0).expandDims(0);
    int rep = config.heads() / config.kvHeads();
    for (int l = 0; l < layers.length; l++) {
      Layer ly = layers[l];
      NDArray h = rmsNormalize(x, config.normEps()).mul(ly.inNorm());
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
      NDArray[] att = attend(q, k, v, bias, hd);
      if (pass.wants(HookPoints.attnPattern(l))) {
        pass.hook(HookPoints.attnPattern(l), att[1]);
      }
      NDArray attnOut = linear(mergeHeads(att[0]), ly.o(), null);
      pass.hook(HookPoints.attnOut(l), attnOut);
      x = x.add(attnOut);
      pass.hook(HookPoints.residMid(l), x);
      NDArray h2 = rmsNormalize(x, config.normEps()).mul(ly.postNorm());
      NDArray gate = linear(h2, ly.gate(), null);
      pass.hook(HookPoints.mlpPre(l), gate);
      NDArray up = linear(h2, ly.up(), null);
      pass.hook(HookPoints.mlpPreLinear(l), up);
      NDArray post = intervene(pass, l, silu(gate).mul(up));
      pass.hook(HookPoints.mlpPost(l), post);
      NDArray mlpOut = linear(post, ly.down(), null);
      pass.hook(HookPoints.mlpOut(l), mlpOut);
      x = x.add(mlpOut);
      pass.hook(HookPoints.residPost(l), x);
    }
    NDArray normed = rmsNormalize(x, config.normEps());
    pass.hook(HookPoints.LN_FINAL, normed);
    NDArray last = normed.mul(finalNorm);
    pass.hook(HookPoints.LAST_HIDDEN, last);
    if (pass.request.needsLogits()) {
      NDArray logits = logitsOf(last);
      pass.hook(HookPoints.LOGITS, logits);
      if (pass.wants(HookPoints.LOGPROBS)) {
        pass.hook(HookPoints.LOGPROBS, logprobs(pass, logits));
      }
    }
  }

  @Override
  NDArray finalNorm(NDArray residual) {
    return rmsNormalize(residual, config.normEps()).mul(finalNorm);
  }

  @Override
  NDArray logitsOf(NDArray normed) {
    return linear(normed, lmHead, null);
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
