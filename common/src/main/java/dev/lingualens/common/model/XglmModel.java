package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;

/**
 * XGLM (fairseq's transformer_lm as Hugging Face stores it): token embeddings times √d_model plus
 * fixed sinusoidal positions, pre-LayerNorm blocks with biases on every projection, GELU FFN, final
 * LayerNorm, unembedding tied to the token embeddings. Its matrices stay in their stored two bytes
 * as the Llama-block families' do, and each layer runs in its own scope, so a 7.5B checkpoint needs
 * about its own size.
 */
final class XglmModel extends TransformerModel {
  private StoredWeight embed;
  private StoredWeight lmHead;
  private NDArray finalW;
  private NDArray finalB;
  private NDArray sinusoids;
  private Layer[] layers;

  private record Layer(
      NDArray attnNormW,
      NDArray attnNormB,
      StoredWeight q,
      NDArray qb,
      StoredWeight k,
      NDArray kb,
      StoredWeight v,
      NDArray vb,
      BiasedBlockTail tail) {}

  XglmModel(Path folder, ModelConfig config, ModelOptions options) {
    super(folder, config, options);
  }

  @Override
  protected void loadWeights(WeightStore w) {
    int d = config.hiddenSize();
    int f = config.intermediateSize();
    embed = matrix(w, "embed_tokens.weight");
    expectShape(embed.shape(), "embed_tokens.weight", config.vocabSize(), d);
    layers = new Layer[config.layers()];
    for (int l = 0; l < layers.length; l++) {
      String p = "layers." + l + ".";
      String a = p + "self_attn.";
      Layer layer =
          new Layer(
              weight(w, p + "self_attn_layer_norm.weight"),
              weight(w, p + "self_attn_layer_norm.bias"),
              matrix(w, a + "q_proj.weight"),
              weight(w, a + "q_proj.bias"),
              matrix(w, a + "k_proj.weight"),
              weight(w, a + "k_proj.bias"),
              matrix(w, a + "v_proj.weight"),
              weight(w, a + "v_proj.bias"),
              new BiasedBlockTail(
                  matrix(w, a + "out_proj.weight"),
                  weight(w, a + "out_proj.bias"),
                  weight(w, p + "final_layer_norm.weight"),
                  weight(w, p + "final_layer_norm.bias"),
                  matrix(w, p + "fc1.weight"),
                  weight(w, p + "fc1.bias"),
                  matrix(w, p + "fc2.weight"),
                  weight(w, p + "fc2.bias")));
      expectShape(layer.q().shape(), a + "q_proj.weight", d, d);
      expectShape(layer.tail().out().shape(), a + "out_proj.weight", d, d);
      expectShape(layer.tail().up().shape(), p + "fc1.weight", f, d);
      expectShape(layer.tail().down().shape(), p + "fc2.weight", d, f);
      layers[l] = layer;
    }
    finalW = weight(w, "layer_norm.weight");
    finalB = weight(w, "layer_norm.bias");
    lmHead = config.tiedEmbeddings() ? embed : matrix(w, "lm_head.weight");
    sinusoids = sinusoidTable();
  }

  /**
   * fairseq's position table: row p is [sin(p·w_0) … sin(p·w_{h−1}) | cos(p·w_0) … cos(p·w_{h−1})]
   * (two halves, not interleaved), w_i = exp(−i·ln 10000 / (h − 1)), h = d/2, computed in fp32 as
   * Hugging Face does; the padding_idx row is zero. Rows up to the last position a sequence of
   * max_position_embeddings tokens reads.
   */
  private NDArray sinusoidTable() {
    int d = config.hiddenSize();
    int half = d / 2;
    int rows = config.maxPositions() + Math.max(2, config.padTokenId() + 1);
    float step = (float) -(Math.log(10000) / (half - 1));
    float[] freq = new float[half];
    for (int i = 0; i < half; i++) {
      freq[i] = (float) Math.exp((float) i * step);
    }
    float[] table = new float[rows * d];
    for (int p = 0; p < rows; p++) {
      if (p == config.padTokenId()) {
        continue;
      }
      for (int i = 0; i < half; i++) {
        float angle = (float) p * freq[i];
        table[p * d + i] = (float) Math.sin(angle);
        table[p * d + half + i] = (float) Math.cos(angle);
      }
    }
    return manager.create(table, new Shape(rows, d)).toType(options.dtype(), false);
  }

  /**
   * Each token's row of the table: padding_idx + (real tokens up to and including it), pads the
   * padding_idx row. Counting real tokens rather than columns is fairseq's rule; with our right
   * padding it gives padding_idx + 1 + t, what Hugging Face gives an unpadded sequence, so a
   * sequence reads the same rows batched or alone.
   */
  private NDArray positionRows(ForwardPass pass) {
    int b = pass.batch.size();
    int t = pass.batch.width();
    float[] mask = pass.batch.flatMask();
    long[] rows = new long[b * t];
    for (int i = 0; i < b; i++) {
      int seen = 0;
      for (int j = 0; j < t; j++) {
        boolean real = mask[i * t + j] > 0;
        seen += real ? 1 : 0;
        rows[i * t + j] = real ? config.padTokenId() + seen : config.padTokenId();
      }
    }
    return embed(sinusoids, pass.manager.create(rows, new Shape(b, t)), pass.manager);
  }

  @Override
  void run(ForwardPass pass) {
    int t = checkedWidth(pass, "max_position_embeddings");
    NDArray tokens = embed.rows(pass.ids, pass.manager, options.dtype());
    if (config.variant().scaledEmbeddings()) {
      // Hugging Face multiplies by the Python float √d_model, applied in the compute dtype
      tokens = tokens.mul((float) Math.sqrt(config.hiddenSize()));
    }
    NDArray pos = positionRows(pass);
    if (pass.wants(HookPoints.POS_EMBED)) {
      pass.hook(HookPoints.POS_EMBED, pos);
    }
    NDArray x = tokens.add(pos);
    pass.hook(HookPoints.EMBED, x);
    NDArray bias = attentionBias(pass, true, options.dtype());
    for (int l = 0; l < layers.length; l++) {
      NDArray next = runLayer(pass, l, x, bias);
      // hooks have copied or folded it already: a pass keeps one residual, not one per layer
      x.close();
      x = next;
    }
    readOutLayerNormed(pass, x);
  }

  /**
   * One block in its own scope, so its activations and the weights it widened are released when it
   * returns. Queries are scaled by head_dim^−½ before the product, as XGLM does; in fp32 that is
   * the same as dividing the scores within rounding, and {@link #attend} divides.
   */
  private NDArray runLayer(ForwardPass pass, int l, NDArray residual, NDArray bias) {
    int hd = config.headDim();
    int heads = config.heads();
    Layer ly = layers[l];
    try (NDScope scope = new NDScope()) {
      NDArray h = layerNorm(residual, ly.attnNormW(), ly.attnNormB(), config.normEps());
      NDArray q = splitHeads(linear(h, ly.q(), ly.qb()), heads, hd);
      NDArray k = splitHeads(linear(h, ly.k(), ly.kb()), heads, hd);
      NDArray v = splitHeads(linear(h, ly.v(), ly.vb()), heads, hd);
      NDArray x = finishBiasedBlock(pass, l, residual, attend(q, k, v, bias, hd), ly.tail());
      // the pass's manager owns the residual and closes it with the pass
      NDScope.unregister(x);
      return x;
    }
  }

  @Override
  NDArray finalNorm(NDArray residual) {
    return layerNorm(residual, finalW, finalB, config.normEps());
  }

  @Override
  NDArray logitsOf(NDArray normed) {
    return lmHead.linearByRows(normed, LlamaModel.UNEMBED_ROWS_PER_CHUNK);
  }
}
