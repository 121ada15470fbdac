package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;

/**
 * BERT and XLM-RoBERTa encoders: word + token-type + position embeddings and LayerNorm, post-LN
 * blocks, erf GELU. Hooks follow TransformerLens' BertBlock: {@code hook_resid_post} is the sum
 * before the output LayerNorm, {@code hook_normalized_resid_post} the block's output. Token types
 * are all 0 (single-segment input, as for sentence embeddings).
 */
final class BertModel extends TransformerModel {
  private NDArray word;
  private NDArray position;
  private NDArray tokenType;
  private NDArray embLnW;
  private NDArray embLnB;
  private Layer[] layers;

  private record Layer(
      NDArray q,
      NDArray qb,
      NDArray k,
      NDArray kb,
      NDArray v,
      NDArray vb,
      NDArray o,
      NDArray ob,
      NDArray ln1w,
      NDArray ln1b,
      NDArray fc,
      NDArray fcb,
      NDArray out,
      NDArray outb,
      NDArray ln2w,
      NDArray ln2b) {}

  BertModel(Path folder, ModelConfig config, ModelOptions options) {
    super(folder, config, options);
  }

  @Override
  protected void loadWeights(WeightStore w) {
    word = weight(w, "embeddings.word_embeddings.weight");
    expectShape(word, "embeddings.word_embeddings.weight", config.vocabSize(), config.hiddenSize());
    position = weight(w, "embeddings.position_embeddings.weight");
    tokenType = weight(w, "embeddings.token_type_embeddings.weight");
    embLnW = ln(w, "embeddings.LayerNorm", "weight", "gamma");
    embLnB = ln(w, "embeddings.LayerNorm", "bias", "beta");
    layers = new Layer[config.layers()];
    for (int l = 0; l < layers.length; l++) {
      String p = "encoder.layer." + l + ".";
      layers[l] =
          new Layer(
              weight(w, p + "attention.self.query.weight"),
              weight(w, p + "attention.self.query.bias"),
              weight(w, p + "attention.self.key.weight"),
              weight(w, p + "attention.self.key.bias"),
              weight(w, p + "attention.self.value.weight"),
              weight(w, p + "attention.self.value.bias"),
              weight(w, p + "attention.output.dense.weight"),
              weight(w, p + "attention.output.dense.bias"),
              ln(w, p + "attention.output.LayerNorm", "weight", "gamma"),
              ln(w, p + "attention.output.LayerNorm", "bias", "beta"),
              weight(w, p + "intermediate.dense.weight"),
              weight(w, p + "intermediate.dense.bias"),
              weight(w, p + "output.dense.weight"),
              weight(w, p + "output.dense.bias"),
              ln(w, p + "output.LayerNorm", "weight", "gamma"),
              ln(w, p + "output.LayerNorm", "bias", "beta"));
    }
  }

  /** Old checkpoints name LayerNorm parameters gamma/beta. */
  private NDArray ln(WeightStore w, String prefix, String name, String oldName) {
    return w.has(prefix + "." + name)
        ? weight(w, prefix + "." + name)
        : weight(w, prefix + "." + oldName);
  }

  @Override
  void run(ForwardPass pass) {
    int b = pass.batch.size();
    int t = pass.batch.width();
    long[] posIds = new long[b * t];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        // RoBERTa numbers real tokens from padding_idx + 1 and gives pads padding_idx.
        posIds[i * t + j] =
            config.robertaPositions()
                ? (j < pass.batch.lengths()[i] ? config.padTokenId() + 1 + j : config.padTokenId())
                : j;
      }
    }
    long maxPos = config.robertaPositions() ? config.padTokenId() + t : t - 1;
    if (maxPos >= config.maxPositions()) {
      throw new IllegalArgumentException(
          "sequence of "
              + t
              + " tokens exceeds max_position_embeddings "
              + config.maxPositions()
              + " of "
              + folder);
    }
    NDArray pos = embed(position, pass.manager.create(posIds, new Shape(b, t)), pass.manager);
    if (pass.wants(HookPoints.POS_EMBED)) {
      pass.hook(HookPoints.POS_EMBED, pos);
    }
    NDArray typeRow = tokenType.get("0:1").expandDims(0);
    NDArray x =
        layerNorm(
            embed(word, pass.ids, pass.manager).add(typeRow).add(pos),
            embLnW,
            embLnB,
            config.normEps());
    pass.hook(HookPoints.EMBED, x);
    NDArray bias = attentionBias(pass, false, options.dtype());
    int hd = config.headDim();
    for (int l = 0; l < layers.length; l++) {
      Layer ly = layers[l];
      NDArray q = splitHeads(linear(x, ly.q(), ly.qb()), config.heads(), hd);
      NDArray k = splitHeads(linear(x, ly.k(), ly.kb()), config.heads(), hd);
      NDArray v = splitHeads(linear(x, ly.v(), ly.vb()), config.heads(), hd);
      NDArray[] att = attend(q, k, v, bias, hd);
      if (pass.wants(HookPoints.attnPattern(l))) {
        pass.hook(HookPoints.attnPattern(l), att[1]);
      }
      NDArray attnOut = linear(mergeHeads(att[0]), ly.o(), ly.ob());
      pass.hook(HookPoints.attnOut(l), attnOut);
      NDArray mid = attnOut.add(x);
      pass.hook(HookPoints.residMid(l), mid);
      NDArray x1 = layerNorm(mid, ly.ln1w(), ly.ln1b(), config.normEps());
      NDArray pre = linear(x1, ly.fc(), ly.fcb());
      pass.hook(HookPoints.mlpPre(l), pre);
      NDArray post = intervene(pass, l, activation(config.activation(), pre));
      pass.hook(HookPoints.mlpPost(l), post);
      NDArray mlpOut = linear(post, ly.out(), ly.outb());
      pass.hook(HookPoints.mlpOut(l), mlpOut);
      NDArray resid = mlpOut.add(x1);
      pass.hook(HookPoints.residPost(l), resid);
      x = layerNorm(resid, ly.ln2w(), ly.ln2b(), config.normEps());
      pass.hook(HookPoints.normalizedResidPost(l), x);
    }
    pass.hook(HookPoints.LAST_HIDDEN, x);
  }
}
