package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;

/**
 * GPT-2: learned positions, pre-LayerNorm blocks, fused q|k|v projection stored as Conv1D ([in,
 * out], transposed here once at load), gelu_new MLP, unembedding tied to the token embeddings.
 */
final class Gpt2Model extends TransformerModel {
  private NDArray wte;
  private NDArray wpe;
  private NDArray lnFw;
  private NDArray lnFb;
  private Layer[] layers;

  private record Layer(
      NDArray ln1w,
      NDArray ln1b,
      NDArray qkv,
      NDArray qkvb,
      NDArray proj,
      NDArray projb,
      NDArray ln2w,
      NDArray ln2b,
      NDArray fc,
      NDArray fcb,
      NDArray out,
      NDArray outb) {}

  Gpt2Model(Path folder, ModelConfig config, ModelOptions options) {
    super(folder, config, options);
  }

  @Override
  protected void loadWeights(WeightStore w) {
    wte = weight(w, "wte.weight");
    expectShape(wte, "wte.weight", config.vocabSize(), config.hiddenSize());
    wpe = weight(w, "wpe.weight");
    layers = new Layer[config.layers()];
    for (int l = 0; l < layers.length; l++) {
      String p = "h." + l + ".";
      layers[l] =
          new Layer(
              weight(w, p + "ln_1.weight"),
              weight(w, p + "ln_1.bias"),
              conv1d(w, p + "attn.c_attn.weight"),
              weight(w, p + "attn.c_attn.bias"),
              conv1d(w, p + "attn.c_proj.weight"),
              weight(w, p + "attn.c_proj.bias"),
              weight(w, p + "ln_2.weight"),
              weight(w, p + "ln_2.bias"),
              conv1d(w, p + "mlp.c_fc.weight"),
              weight(w, p + "mlp.c_fc.bias"),
              conv1d(w, p + "mlp.c_proj.weight"),
              weight(w, p + "mlp.c_proj.bias"));
    }
    lnFw = weight(w, "ln_f.weight");
    lnFb = weight(w, "ln_f.bias");
  }

  /** Conv1D stores [in, out]; keep it as a Linear weight [out, in]. */
  private NDArray conv1d(WeightStore w, String name) {
    NDArray raw = weight(w, name);
    NDArray t = raw.transpose().duplicate();
    raw.close();
    return t;
  }

  @Override
  void run(ForwardPass pass) {
    int t = checkedWidth(pass, "n_positions");
    int d = config.hiddenSize();
    int hd = config.headDim();
    NDArray pos = wpe.get(":" + t).expandDims(0);
    NDArray x = embed(wte, pass.ids, pass.manager).add(pos);
    if (pass.wants(HookPoints.POS_EMBED)) {
      pass.hook(HookPoints.POS_EMBED, pos.broadcast(x.getShape()));
    }
    pass.hook(HookPoints.EMBED, x);
    NDArray bias = attentionBias(pass, true, options.dtype());
    for (int l = 0; l < layers.length; l++) {
      Layer ly = layers[l];
      NDArray h = layerNorm(x, ly.ln1w(), ly.ln1b(), config.normEps());
      NDArray qkv = linear(h, ly.qkv(), ly.qkvb());
      NDArray q = splitHeads(qkv.get(":, :, :" + d), config.heads(), hd);
      NDArray k = splitHeads(qkv.get(":, :, " + d + ":" + 2 * d), config.heads(), hd);
      NDArray v = splitHeads(qkv.get(":, :, " + 2 * d + ":"), config.heads(), hd);
      NDArray[] att = attend(q, k, v, bias, hd);
      if (pass.wants(HookPoints.attnPattern(l))) {
        pass.hook(HookPoints.attnPattern(l), att[1]);
      }
      NDArray attnOut = linear(mergeHeads(att[0]), ly.proj(), ly.projb());
      pass.hook(HookPoints.attnOut(l), attnOut);
      x = x.add(attnOut);
      pass.hook(HookPoints.residMid(l), x);
      NDArray pre = linear(layerNorm(x, ly.ln2w(), ly.ln2b(), config.normEps()), ly.fc(), ly.fcb());
      pass.hook(HookPoints.mlpPre(l), pre);
      NDArray post = intervene(pass, l, activation(config.activation(), pre));
      pass.hook(HookPoints.mlpPost(l), post);
      NDArray mlpOut = linear(post, ly.out(), ly.outb());
      pass.hook(HookPoints.mlpOut(l), mlpOut);
      x = x.add(mlpOut);
      pass.hook(HookPoints.residPost(l), x);
    }
    readOutLayerNormed(pass, x);
  }

  @Override
  NDArray finalNorm(NDArray residual) {
    return layerNorm(residual, lnFw, lnFb, config.normEps());
  }

  @Override
  NDArray logitsOf(NDArray normed) {
    return linear(normed, wte, null);
  }
}
