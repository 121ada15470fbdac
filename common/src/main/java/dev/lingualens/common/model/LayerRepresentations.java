package dev.lingualens.common.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One pooled vector per sentence and layer, numbered as Hugging Face's {@code hidden_states[1..L]}
 * (the embedding output, index 0, is dropped, as the Language Ranker's code does):
 *
 * <ul>
 *   <li>decoders: layers 1..L−1 = {@code blocks.(l−1).hook_resid_post} (raw residual stream), layer
 *       L = {@code last_hidden_state}, i.e. after the final norm (HF replaces the last hidden state
 *       by the normed one; methods.md 1.4 asks us to replicate that, not to re-normalise);
 *   <li>encoders (BERT/XLM-R): layer l = {@code blocks.(l−1).hook_normalized_resid_post}, the
 *       block's output after its LayerNorm, which is what HF returns for every layer.
 * </ul>
 *
 * Batches come from {@link TokenBudgetBatcher}; results go back in input order.
 */
public final class LayerRepresentations {
  private LayerRepresentations() {}

  /** The hook whose pooled value is layer {@code l} (1-based). */
  public static String hookOf(ModelConfig config, int layer) {
    int depth = config.layers();
    if (layer < 1 || layer > depth) {
      throw new IllegalArgumentException("layer " + layer + " outside 1.." + depth);
    }
    if (config.family() == ModelFamily.BERT) {
      return HookPoints.normalizedResidPost(layer - 1);
    }
    return layer == depth ? HookPoints.LAST_HIDDEN : HookPoints.residPost(layer - 1);
  }

  /**
   * @param layers 1-based layers wanted
   * @return [sequence][layer index in {@code layers}][D]
   */
  public static float[][][] compute(
      TransformerModel model,
      List<long[]> sequences,
      int[] layers,
      Pooling pooling,
      int batchTokens,
      int maxRows) {
    long pad = Math.max(model.config().padTokenId(), 0);
    float[][][] out = new float[sequences.size()][][];
    for (TokenBudgetBatcher.Batch batch :
        TokenBudgetBatcher.batches(sequences, pad, batchTokens, maxRows)) {
      float[][][] rows = forward(model, batch.tokens(), layers, pooling);
      for (int r = 0; r < rows.length; r++) {
        out[batch.indices()[r]] = rows[r];
      }
    }
    return out;
  }

  /** One forward pass: [row][layer index][D]. */
  public static float[][][] forward(
      TransformerModel model, TokenBatch batch, int[] layers, Pooling pooling) {
    PoolingReducer reducer = new PoolingReducer(pooling);
    ForwardRequest request = new ForwardRequest();
    List<String> hooks = new ArrayList<>(layers.length);
    for (int l : layers) {
      String hook = hookOf(model.config(), l);
      hooks.add(hook);
      request.reduce(hook, reducer);
    }
    model.forward(batch, request);
    float[][][] out = new float[batch.size()][layers.length][];
    for (int i = 0; i < layers.length; i++) {
      float[][] pooled = reducer.get(hooks.get(i));
      if (pooled == null) {
        throw new IllegalStateException(
            model.folder() + ": the forward pass never offered hook " + hooks.get(i));
      }
      for (int r = 0; r < batch.size(); r++) {
        out[r][i] = pooled[r];
      }
    }
    return out;
  }
}
