package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;

/**
 * BLOOM: no position embeddings but ALiBi (a per-head linear bias on the attention scores), a
 * LayerNorm right after the word embeddings, pre-LayerNorm blocks with biases everywhere, one fused
 * query_key_value projection whose rows are laid out per head ([heads, 3, head_dim]: head 0's q, k
 * and v, then head 1's), tanh GELU, ln_f, unembedding tied to the word embeddings.
 *
 * <p>{@code hook_embed} is the embedding LayerNorm's output: the residual stream entering block 0,
 * which is also what the logit lens reads at layer 0. The two-byte matrices stay compact on a fp32
 * CPU as in {@link LlamaModel} (bloom-7b1's 250,880-row embedding is 2 GB in two bytes, 4 GB
 * widened), and each layer runs in its own scope.
 */
final class BloomModel extends TransformerModel {
  private StoredWeight embed;
  private NDArray embedNormW;
  private NDArray embedNormB;
  private NDArray lnFw;
  private NDArray lnFb;

  /** ALiBi's slope per head, [1, H, 1, 1], fp32. */
  private NDArray slopes;

  private Layer[] layers;

  private record Layer(
      NDArray ln1w, NDArray ln1b, StoredWeight qkv, NDArray qkvb, BiasedBlockTail tail) {}

  BloomModel(Path folder, ModelConfig config, ModelOptions options) {
    super(folder, config, options);
  }

  @Override
  protected void loadWeights(WeightStore w) {
    int d = config.hiddenSize();
    int f = config.intermediateSize();
    embed = matrix(w, "word_embeddings.weight");
    expectShape(embed.shape(), "word_embeddings.weight", config.vocabSize(), d);
    embedNormW = weight(w, "word_embeddings_layernorm.weight");
    embedNormB = weight(w, "word_embeddings_layernorm.bias");
    layers = new Layer[config.layers()];
    for (int l = 0; l < layers.length; l++) {
      String p = "h." + l + ".";
      String a = p + "self_attention.";
      Layer layer =
          new Layer(
              weight(w, p + "input_layernorm.weight"),
              weight(w, p + "input_layernorm.bias"),
              matrix(w, a + "query_key_value.weight"),
              weight(w, a + "query_key_value.bias"),
              new BiasedBlockTail(
                  matrix(w, a + "dense.weight"),
                  weight(w, a + "dense.bias"),
                  weight(w, p + "post_attention_layernorm.weight"),
                  weight(w, p + "post_attention_layernorm.bias"),
                  matrix(w, p + "mlp.dense_h_to_4h.weight"),
                  weight(w, p + "mlp.dense_h_to_4h.bias"),
                  matrix(w, p + "mlp.dense_4h_to_h.weight"),
                  weight(w, p + "mlp.dense_4h_to_h.bias")));
      expectShape(layer.qkv().shape(), a + "query_key_value.weight", 3L * d, d);
      expectShape(layer.tail().up().shape(), p + "mlp.dense_h_to_4h.weight", f, d);
      expectShape(layer.tail().down().shape(), p + "mlp.dense_4h_to_h.weight", d, f);
      layers[l] = layer;
    }
    lnFw = weight(w, "ln_f.weight");
    lnFb = weight(w, "ln_f.bias");
    slopes = manager.create(alibiSlopes(config.heads()), new Shape(1, config.heads(), 1, 1));
  }

  /**
   * ALiBi's slopes (Press et al. 2021) as BLOOM computes them: for n heads with m the largest power
   * of two ≤ n, base^1..base^m with base = 2^(−8/m), then for the n − m other heads the odd powers
   * 1, 3, 5, ... of 2^(−8/2m) (every other slope of 2m heads). The base is rounded to fp32 and each
   * power taken from it, as Hugging Face's torch.pow on a float32 base does.
   */
  static float[] alibiSlopes(int heads) {
    int m = Integer.highestOneBit(heads);
    float base = (float) Math.pow(2, -8.0 / m);
    float extraBase = (float) Math.pow(2, -8.0 / (2 * m));
    float[] out = new float[heads];
    for (int h = 0; h < heads; h++) {
      out[h] = h < m ? (float) Math.pow(base, h + 1) : (float) Math.pow(extraBase, 2 * (h - m) + 1);
    }
    return out;
  }

  @Override
  void run(ForwardPass pass) {
    NDArray x =
        layerNorm(
            embed.rows(pass.ids, pass.manager, options.dtype()),
            embedNormW,
            embedNormB,
            config.normEps());
    pass.hook(HookPoints.EMBED, x);
    NDArray bias = alibiAndMask(pass);
    for (int l = 0; l < layers.length; l++) {
      NDArray next = runLayer(pass, l, x, bias);
      // hooks have copied or folded it already: a pass keeps one residual, not one per layer
      x.close();
      x = next;
    }
    readOutLayerNormed(pass, x);
  }

  /**
   * The causal and padding mask plus ALiBi, [B,H,T,T] in fp32: slope_h × the key's position counted
   * over the row's real tokens ((cumsum(mask) − 1) · mask, as Hugging Face counts it). Only the
   * key's position appears: −slope·(query − key) differs from it by a constant per query row, which
   * softmax ignores, and counting over real tokens makes a row's scores the same whatever padding
   * surrounds it.
   */
  private NDArray alibiAndMask(ForwardPass pass) {
    NDArray mask = pass.mask.toType(DataType.FLOAT32, false);
    NDArray keyPositions = mask.cumSum(1).sub(1).mul(mask).expandDims(1).expandDims(1);
    NDArray alibi = slopes.mul(keyPositions); // [B,H,1,T]
    return attentionBias(pass, true, DataType.FLOAT32).add(alibi);
  }

  /** One block in its own scope, so a pass holds one layer's activations and widened weights. */
  private NDArray runLayer(ForwardPass pass, int l, NDArray residual, NDArray bias) {
    int heads = config.heads();
    int hd = config.headDim();
    Layer ly = layers[l];
    try (NDScope scope = new NDScope()) {
      NDArray h = layerNorm(residual, ly.ln1w(), ly.ln1b(), config.normEps());
      NDArray qkv = linear(h, ly.qkv(), ly.qkvb());
      Shape s = qkv.getShape();
      NDArray perHead = qkv.reshape(s.get(0), s.get(1), heads, 3, hd);
      NDArray q = perHead.get(":, :, :, 0, :").transpose(0, 2, 1, 3);
      NDArray k = perHead.get(":, :, :, 1, :").transpose(0, 2, 1, 3);
      NDArray v = perHead.get(":, :, :, 2, :").transpose(0, 2, 1, 3);
      NDArray x = finishBiasedBlock(pass, l, residual, attend(q, k, v, bias, hd), ly.tail());
      // the pass's manager owns the residual and closes it with the pass
      NDScope.unregister(x);
      return x;
    }
  }

  @Override
  NDArray finalNorm(NDArray residual) {
    return layerNorm(residual, lnFw, lnFb, config.normEps());
  }

  @Override
  NDArray logitsOf(NDArray normed) {
    return embed.linearByRows(normed, LlamaModel.UNEMBED_ROWS_PER_CHUNK);
  }
}
