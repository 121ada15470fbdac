package dev.lingualens.common.model;

/**
 * Names of the activations a forward pass can expose, after TransformerLens. Shapes: B batch, T
 * tokens, D hidden size, F FFN size, H heads, V vocabulary.
 *
 * <ul>
 *   <li>{@code hook_embed} [B,T,D]: the residual stream entering block 0 (token embeddings; plus
 *       position embeddings for GPT-2 and XGLM; after the embedding LayerNorm for BERT and BLOOM).
 *   <li>{@code blocks.L.hook_resid_post} [B,T,D]: block L's residual output (BERT: before the
 *       output LayerNorm, as TransformerLens' BertBlock; the normalised block output is {@code
 *       hook_normalized_resid_post}).
 *   <li>{@code blocks.L.mlp.hook_pre} [B,T,F]: gate projection before the activation (gated MLPs),
 *       else the first FFN linear before the activation.
 *   <li>{@code blocks.L.mlp.hook_post} [B,T,F]: the activation that multiplies into the down
 *       projection (silu(gate)·up, or act(fc1)); interventions act here.
 *   <li>{@code ln_final.hook_normalized} [B,T,D]: the final norm before its gain (decoders).
 *   <li>{@code last_hidden_state} [B,T,D]: the final norm's output, the unembedding's input (BERT:
 *       last block output).
 *   <li>{@code logits} [B,T,V]; {@code logprobs} [B,T-1]: log p(token t+1 | ≤ t), 0 at t ≥
 *       length−1.
 * </ul>
 */
public final class HookPoints {
  public static final String EMBED = "hook_embed";
  public static final String POS_EMBED = "hook_pos_embed";
  public static final String LN_FINAL = "ln_final.hook_normalized";
  public static final String LAST_HIDDEN = "last_hidden_state";
  public static final String LOGITS = "logits";
  public static final String LOGPROBS = "logprobs";

  private HookPoints() {}

  public static String residPost(int layer) {
    return "blocks." + layer + ".hook_resid_post";
  }

  public static String normalizedResidPost(int layer) {
    return "blocks." + layer + ".hook_normalized_resid_post";
  }

  public static String residMid(int layer) {
    return "blocks." + layer + ".hook_resid_mid";
  }

  public static String attnOut(int layer) {
    return "blocks." + layer + ".hook_attn_out";
  }

  public static String attnPattern(int layer) {
    return "blocks." + layer + ".attn.hook_pattern";
  }

  public static String mlpPre(int layer) {
    return "blocks." + layer + ".mlp.hook_pre";
  }

  public static String mlpPreLinear(int layer) {
    return "blocks." + layer + ".mlp.hook_pre_linear";
  }

  public static String mlpPost(int layer) {
    return "blocks." + layer + ".mlp.hook_post";
  }

  public static String mlpOut(int layer) {
    return "blocks." + layer + ".hook_mlp_out";
  }
}
