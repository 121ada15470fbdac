#!/usr/bin/env python3
"""Self-check of the reference fixtures written by tiny_models.py / reference_forward.py.

    /usr/bin/python3 scripts/dev/reference/check.py [common/src/test/resources/fixtures/models]

Checks, per fixture folder:
  tok    texts re-tokenized from tokenizer.json give the stored input ids
  regen  re-running reference_forward on the folder reproduces reference.safetensors bit-for-bit
  (a)    batched (right-padded) == single unpadded runs at valid positions, every tensor, <= 1e-5
  (b)    bf16/f16 variants: stored dtype is BF16/F16, weights equal the fp32 'llama' weights rounded,
         reference == fp32 forward of the up-cast weights (and differs from the fp32 'llama' reference);
         mistral-window: every hook at positions < its window == 'mistral' (same weights), logits after it differ
  (c)    hooks are mutually consistent: resid_post[last] -> final norm -> lm_head == logits,
         mlp.hook_post == act(hook_pre) [* hook_pre_linear], resid_mid/resid_post sums,
         log-probs from logits, pooled outputs from last_hidden_state, intervention neurons are zero
  (d)    conditioning: a float64 forward agrees with the stored float32 reference (max abs diff reported)
  (e)    independent second implementation agrees (<= 1e-4):
           llama family: Meta-style forward (interleaved complex RoPE on HF->Meta permuted q/k weights,
                         Meta's llama3 apply_scaling loop, a band mask for Mistral's / Qwen's window), run per
                         sequence, also for the intervention; with a window, dropping it must change the
                         logits by >= 1e-2
           gpt2 / bert / xlm-roberta: torch.nn.TransformerEncoderLayer (norm_first for gpt2)
           gemma / gemma2: gemma_pytorch-style forward (complex RoPE on head halves, band window mask,
                         pre-scaled queries), per sequence, also for the intervention; for gemma2, dropping
                         either soft-cap or the sliding window must change the logits by >= 1e-2
           bloom: a Hugging Face-style forward on a LEFT-padded batch (ALiBi as slope * key position counted over
                         the real tokens by the mask's cumsum, slopes by torch.pow, q/k/v split per head from
                         [B, T, heads, 3 * head_dim], baddbmm-style scores), also for the intervention; dropping
                         ALiBi must change the logits by >= 1e-2
           phi3 / olmo2 / cohere: Meta-layout forward (complex RoPE on pairs, band window mask, F.layer_norm
                         without bias), per sequence, also for the intervention; dropping Phi-3's window,
                         Cohere's pairwise rotary or its parallel wiring must change the logits by >= 1e-2
           xglm: torch.nn.TransformerEncoderLayer (norm_first, erf gelu) with fairseq's positions in plain
                         Python floats; numbering real tokens from 0, dropping the embedding scale,
                         interleaving sin/cos or scaling the positions must each change the logits by >= 1e-2
  lens   decoders' lens.safetensors (reference_lens.py): regenerates bit-for-bit; the last lens layer ==
         log_softmax(stored logits) at len_b - 1; probabilities sum to 1; entropies in [0, log V] and
         equal -sum p log p; batched == single runs; float64 lens agrees; the stored top-5 ids are the
         top-5 of the stored log-probs and the probabilities around them are separated (no near-ties)
  planted  planted-lens/ (planted_lens.py): closed form == PyTorch forward lens <= 1e-6, expected.json ==
         closed form, folder regenerates bit-for-bit
Exit code 0 iff everything passes.
"""
import json
import math
import os
import sys
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, HERE)
import reference_forward as rf  # noqa: E402
import reference_lens as rl  # noqa: E402
import planted_lens  # noqa: E402
from safetensors_io import load_file  # noqa: E402

FAIL = []


def report(family, check, diff, tol, extra=""):
    ok = diff <= tol
    if not ok:
        FAIL.append(f"{family}: {check}")
    print(f"  {'ok  ' if ok else 'FAIL'} {check:<44s} max|diff|={diff:.3g} (tol {tol:g}) {extra}")


def mdiff(a, b):
    assert a.shape == b.shape, (a.shape, b.shape)
    return (a.double() - b.double()).abs().max().item() if a.numel() else 0.0


def valid_slice(t, axes, n):
    idx = [slice(None)] * t.dim()
    for a in axes:
        idx[a] = slice(0, n)
    return t[tuple(idx)]


# ---------------------------------------------------------------------------
# (e) independent implementations
# ---------------------------------------------------------------------------
def meta_apply_scaling(freqs, rs):
    # Loop form of Meta's llama3 `apply_scaling` (reference implementation), with the config's parameters
    scale_factor, low, high = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
    old = rs["original_max_position_embeddings"]
    low_wl, high_wl = old / low, old / high
    out = []
    for f in freqs.tolist():
        wl = 2 * math.pi / f
        if wl < high_wl:
            out.append(f)
        elif wl > low_wl:
            out.append(f / scale_factor)
        else:
            smooth = (old / wl - low) / (high - low)
            out.append((1 - smooth) * f / scale_factor + smooth * f)
    return torch.tensor(out, dtype=freqs.dtype)


def alt_llama(cfg, W, seq, intervention=None, window=True):
    """Meta-llama style forward of one unpadded sequence -> logits [T, V]; Mistral's and Qwen2/3's window as
    gemma_pytorch's band mask on the layers HF slides (window=False drops it)."""
    D, H, KV = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or D // H
    eps, n_rep, T = cfg["rms_norm_eps"], H // KV, len(seq)
    # HF stores q/k rows per head as [first halves | second halves]; Meta interleaves pairs (2i, 2i+1).
    perm = torch.tensor([i // 2 + (i % 2) * (hd // 2) for i in range(hd)])

    def to_meta(w, n):
        return w.reshape(n, hd, *w.shape[1:])[:, perm].reshape(n * hd, *w.shape[1:])

    def norm(x, w):
        return (x.float() * torch.rsqrt(x.float().pow(2).mean(-1, keepdim=True) + eps)).type_as(x) * w

    freqs = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, hd, 2)[: hd // 2].float() / hd))
    rs = cfg.get("rope_scaling")
    if rs:
        assert rs["rope_type"] == "llama3"
        freqs = meta_apply_scaling(freqs, rs)
    freqs_cis = torch.polar(torch.ones(T, hd // 2), torch.outer(torch.arange(T).float(), freqs))

    def rope(x):  # [T, n, hd]
        xc = torch.view_as_complex(x.float().reshape(*x.shape[:-1], -1, 2))
        return torch.view_as_real(xc * freqs_cis[:, None, :]).flatten(2)

    x = W["model.embed_tokens.weight"][torch.tensor(seq)]
    causal = torch.full((T, T), float("-inf")).triu(1)
    width, sliding = rf.llama_sliding_window(cfg) if window else (0, set())
    ones = torch.ones(T, T)
    band = torch.triu(ones, -(width - 1)) * torch.tril(ones, width - 1) if width else ones
    local = torch.where(band == 1, causal, torch.full_like(causal, float("-inf")))
    for L in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{L}.self_attn."
        h = norm(x, W[f"model.layers.{L}.input_layernorm.weight"])
        xq = h @ to_meta(W[p + "q_proj.weight"], H).t()
        xk = h @ to_meta(W[p + "k_proj.weight"], KV).t()
        xv = h @ W[p + "v_proj.weight"].t()
        if p + "q_proj.bias" in W:
            xq, xk, xv = xq + to_meta(W[p + "q_proj.bias"], H), xk + to_meta(W[p + "k_proj.bias"], KV), \
                xv + W[p + "v_proj.bias"]
        xq, xk, xv = xq.view(T, H, hd), xk.view(T, KV, hd), xv.view(T, KV, hd)
        if p + "q_norm.weight" in W:
            xq, xk = norm(xq, W[p + "q_norm.weight"][perm]), norm(xk, W[p + "k_norm.weight"][perm])
        xq, xk = rope(xq), rope(xk)
        keys = xk[:, :, None, :].expand(T, KV, n_rep, hd).reshape(T, H, hd)
        vals = xv[:, :, None, :].expand(T, KV, n_rep, hd).reshape(T, H, hd)
        scores = torch.einsum("qhd,khd->hqk", xq, keys) / math.sqrt(hd) + (local if L in sliding else causal)
        probs = F.softmax(scores.float(), dim=-1)
        out = torch.einsum("hqk,khd->qhd", probs, vals).reshape(T, H * hd)
        x = x + out @ W[p + "o_proj.weight"].t()
        m = f"model.layers.{L}.mlp."
        h = norm(x, W[f"model.layers.{L}.post_attention_layernorm.weight"])
        act = F.silu(h @ W[m + "gate_proj.weight"].t()) * (h @ W[m + "up_proj.weight"].t())
        if intervention and L in intervention:
            act[:, intervention[L]] = 0.0
        x = x + act @ W[m + "down_proj.weight"].t()
    x = norm(x, W["model.norm.weight"])
    return x @ W.get("lm_head.weight", W["model.embed_tokens.weight"]).t()


def alt_gemma(cfg, W, seq, intervention=None, attn_cap=True, final_cap=True, window=True, local_base=True,
              qk_norm=True):
    """One sequence, after the layout of Google's gemma_pytorch: complex RoPE on the two halves of each head
    (x[:hd/2] + i x[hd/2:]), queries pre-multiplied by the scale, a window mask built as the band
    triu(-(w-1)) & tril(w-1), soft-caps written out, per-head einsums. Returns logits [T, V]."""
    g3 = cfg["model_type"] == "gemma3_text"
    g2 = cfg["model_type"] == "gemma2" or g3
    D, H, KV, hd, eps = (cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"],
                         cfg["head_dim"], cfg["rms_norm_eps"])
    T = len(seq)

    def norm(x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * (1 + w)

    def cis(theta, factor):  # gemma_pytorch: positions scaled down by the factor, then complex rotation
        freqs = 1.0 / (theta ** (torch.arange(0, hd, 2)[: hd // 2].float() / hd))
        return torch.polar(torch.ones(T, hd // 2), torch.outer(torch.arange(T).float() / factor, freqs))

    rs = cfg.get("rope_scaling") or {}
    global_cis = cis(cfg["rope_theta"], rs.get("factor", 1.0) if rs.get("rope_type") == "linear" else 1.0)
    local_cis = cis(cfg.get("rope_local_base_freq", 10000.0), 1.0) if g3 and local_base else global_cis

    def rope(x, freqs_cis):  # [T, n, hd]
        xc = torch.view_as_complex(torch.stack(torch.chunk(x, 2, dim=-1), dim=-1))
        xo = torch.view_as_real(xc * freqs_cis[:, None, :])
        return torch.cat(torch.chunk(xo, 2, dim=-1), dim=-2).reshape(T, x.shape[1], hd)

    scaling = (cfg["query_pre_attn_scalar"] if g2 else hd) ** -0.5
    ones = torch.ones(T, T)
    causal = torch.triu(torch.full((T, T), float("-inf")), 1)
    w = cfg.get("sliding_window") or T
    band = torch.triu(ones, -(w - 1)) * torch.tril(ones, w - 1)
    local = torch.where(band == 1, causal, torch.full_like(causal, float("-inf")))
    sliding = rf.gemma_sliding_layers(cfg) if window else set()
    x = W["model.embed_tokens.weight"][torch.tensor(seq)] * torch.tensor(D ** 0.5)
    for L in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{L}."
        h = norm(x, W[p + "input_layernorm.weight"])
        xq = (h @ W[p + "self_attn.q_proj.weight"].t()).view(T, H, hd)
        xk = (h @ W[p + "self_attn.k_proj.weight"].t()).view(T, KV, hd)
        if g3 and qk_norm:
            xq, xk = norm(xq, W[p + "self_attn.q_norm.weight"]), norm(xk, W[p + "self_attn.k_norm.weight"])
        is_local = L in rf.gemma_sliding_layers(cfg)
        xq = rope(xq, local_cis if is_local else global_cis) * scaling
        xk = rope(xk, local_cis if is_local else global_cis)
        xv = (h @ W[p + "self_attn.v_proj.weight"].t()).view(T, KV, hd)
        xk = torch.repeat_interleave(xk, H // KV, dim=1)
        xv = torch.repeat_interleave(xv, H // KV, dim=1)
        scores = torch.einsum("qhd,khd->hqk", xq, xk)
        if g2 and attn_cap and cfg.get("attn_logit_softcapping"):
            scores = torch.tanh(scores / cfg["attn_logit_softcapping"]) * cfg["attn_logit_softcapping"]
        scores = scores + (local if L in sliding else causal)
        out = torch.einsum("hqk,khd->qhd", F.softmax(scores.float(), dim=-1), xv).reshape(T, H * hd)
        out = out @ W[p + "self_attn.o_proj.weight"].t()
        if g2:
            out = norm(out, W[p + "post_attention_layernorm.weight"])
        x = x + out
        h = norm(x, W[p + ("pre_feedforward_layernorm.weight" if g2 else "post_attention_layernorm.weight")])
        act = F.gelu(h @ W[p + "mlp.gate_proj.weight"].t(), approximate="tanh") * (h @ W[p + "mlp.up_proj.weight"].t())
        if intervention and L in intervention:
            act[:, intervention[L]] = 0.0
        out = act @ W[p + "mlp.down_proj.weight"].t()
        if g2:
            out = norm(out, W[p + "post_feedforward_layernorm.weight"])
        x = x + out
    logits = norm(x, W["model.norm.weight"]) @ W["model.embed_tokens.weight"].t()
    if g2 and final_cap and cfg.get("final_logit_softcapping"):
        logits = torch.tanh(logits / cfg["final_logit_softcapping"]) * cfg["final_logit_softcapping"]
    return logits


def alt_own(cfg, W, seq, intervention=None, window=True, interleaved=True, parallel=True, longrope=True):
    """One sequence of phi3 / olmo2 / cohere in Meta's layout: RoPE as complex multiplication on pairs
    (2i, 2i+1), so HF's rotate-half q/k rows are permuted first (not for cohere, whose rotary already pairs
    (2i, 2i+1)); the window as gemma_pytorch's band mask; Cohere's norm as F.layer_norm without bias.
    window / interleaved / parallel = False drop Phi-3's window, Cohere's pairing (rotate halves instead) and
    Cohere's parallel block (MLP after the attention) to show each matters. Returns logits [T, V]."""
    mt = cfg["model_type"]
    D, H, KV = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd, T = cfg.get("head_dim") or D // H, len(seq)
    W = rf.phi3_split(cfg, W) if mt == "phi3" else W
    half_perm = torch.tensor([i // 2 + (i % 2) * (hd // 2) for i in range(hd)])
    pairs = mt != "cohere" or not interleaved  # rows to permute so that complex pairs = HF's rotation pairs
    perm = half_perm if mt != "cohere" else torch.arange(hd)

    def heads_perm(w, n):  # permute every head's rows of a [n*hd, ...] tensor
        return w.reshape(n, hd, *w.shape[1:])[:, perm].reshape(n * hd, *w.shape[1:])

    if mt == "cohere":
        eps = cfg["layer_norm_eps"]

        def norm(x, w):
            return F.layer_norm(x, (D,), w, None, eps)
    else:
        eps = cfg["rms_norm_eps"]

        def norm(x, w):
            return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w

    freqs = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, hd, 2)[: hd // 2].float() / hd))
    magnitude = torch.ones(T, hd // 2)
    rs = cfg.get("rope_scaling") or {}
    if longrope and rs.get("type") == "longrope":  # LongRoPE: rescaled frequencies, magnitude sqrt(1 + ln s / ln L)
        orig = cfg["original_max_position_embeddings"]
        freqs = freqs / torch.tensor(rs["long_factor"] if T > orig else rs["short_factor"])
        s_ = cfg["max_position_embeddings"] / orig
        magnitude = magnitude * math.sqrt(1 + math.log(s_) / math.log(orig))
    freqs_cis = torch.polar(magnitude, torch.outer(torch.arange(T).float(), freqs))

    def rope(x):  # [T, n, hd]
        if not pairs or mt == "cohere" and interleaved:
            xc = torch.view_as_complex(x.reshape(*x.shape[:-1], -1, 2).contiguous())
            return torch.view_as_real(xc * freqs_cis[:, None, :]).flatten(2)
        if mt == "cohere":  # the dropped-feature variant: rotate halves
            xc = torch.view_as_complex(torch.stack(torch.chunk(x, 2, dim=-1), dim=-1).contiguous())
            xo = torch.view_as_real(xc * freqs_cis[:, None, :])
            return torch.cat(torch.chunk(xo, 2, dim=-1), dim=-2).reshape(x.shape)
        xc = torch.view_as_complex(x.reshape(*x.shape[:-1], -1, 2).contiguous())
        return torch.view_as_real(xc * freqs_cis[:, None, :]).flatten(2)

    ones = torch.ones(T, T)
    mask = torch.triu(torch.full((T, T), float("-inf")), 1)
    if mt == "phi3" and window and cfg.get("sliding_window"):
        w = cfg["sliding_window"]
        band = torch.triu(ones, -(w - 1)) * torch.tril(ones, w - 1)
        mask = torch.where(band == 1, mask, torch.full_like(mask, float("-inf")))
    x = W["model.embed_tokens.weight"][torch.tensor(seq)]
    for L in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{L}."
        h = x if mt == "olmo2" else norm(x, W[p + "input_layernorm.weight"])
        xq = h @ heads_perm(W[p + "self_attn.q_proj.weight"], H).t()
        xk = h @ heads_perm(W[p + "self_attn.k_proj.weight"], KV).t()
        xv = h @ W[p + "self_attn.v_proj.weight"].t()
        if mt == "olmo2":  # whole-projection norm: permutation-invariant statistics, permuted gains
            xq = norm(xq, heads_perm(W[p + "self_attn.q_norm.weight"], H))
            xk = norm(xk, heads_perm(W[p + "self_attn.k_norm.weight"], KV))
        xq, xk = rope(xq.view(T, H, hd)), rope(xk.view(T, KV, hd))
        xk = torch.repeat_interleave(xk, H // KV, dim=1)
        xv = torch.repeat_interleave(xv.view(T, KV, hd), H // KV, dim=1)
        scores = torch.einsum("qhd,khd->hqk", xq, xk) / math.sqrt(hd) + mask
        out = torch.einsum("hqk,khd->qhd", F.softmax(scores, dim=-1), xv).reshape(T, H * hd)
        attn = out @ W[p + "self_attn.o_proj.weight"].t()
        if mt == "olmo2":
            attn = norm(attn, W[p + "post_attention_layernorm.weight"])
        if mt == "cohere":
            m_in = h if parallel else norm(x + attn, W[p + "input_layernorm.weight"])
        elif mt == "olmo2":
            m_in = x + attn
        else:
            m_in = norm(x + attn, W[p + "post_attention_layernorm.weight"])
        act = F.silu(m_in @ W[p + "mlp.gate_proj.weight"].t()) * (m_in @ W[p + "mlp.up_proj.weight"].t())
        if intervention and L in intervention:
            act[:, intervention[L]] = 0.0
        mlp = act @ W[p + "mlp.down_proj.weight"].t()
        if mt == "olmo2":
            mlp = norm(mlp, W[p + "post_feedforward_layernorm.weight"])
        x = x + attn + mlp
    logits = norm(x, W["model.norm.weight"]) @ W.get("lm_head.weight", W["model.embed_tokens.weight"]).t()
    return logits * cfg["logit_scale"] if mt == "cohere" else logits


def alt_bloom(cfg, W, seqs, pad_id, intervention=None, alibi=True):
    """BLOOM the way Hugging Face's implementation computes it, on the sequences LEFT-padded into one batch: ALiBi as
    slope_h * (key position), positions counted over real tokens ((cumsum(mask) - 1) * mask), added to the scores
    before the mask (softmax invariance makes it equal to -slope * (query - key)); slopes from torch.pow; the fused
    projection split per head as [B, T, heads, 3 * head_dim]. Returns logits [B, T, V] with row b's tokens at the
    end (T - len_b ..)."""
    W = rf.strip_prefix(W, ["transformer."])
    D, H, nL = rf.bloom_dims(cfg)
    hd, eps = D // H, cfg["layer_norm_epsilon"]
    B, T = len(seqs), max(len(s) for s in seqs)
    ids = torch.full((B, T), pad_id, dtype=torch.int64)
    mask = torch.zeros((B, T), dtype=torch.int64)
    for b, s in enumerate(seqs):
        ids[b, T - len(s):], mask[b, T - len(s):] = torch.tensor(s), 1
    m = 2 ** math.floor(math.log2(H))
    slopes = torch.pow(torch.tensor(2 ** (-(2 ** -(math.log2(m) - 3)))), torch.arange(1, 1 + m))
    if m != H:
        extra = torch.pow(torch.tensor(2 ** (-(2 ** -(math.log2(2 * m) - 3)))), torch.arange(1, 1 + 2 * (H - m), 2))
        slopes = torch.cat([slopes, extra])
    key_pos = ((mask.cumsum(-1) - 1) * mask)[:, None, None, :].float()  # [B, 1, 1, T]
    bias = slopes[None, :, None, None] * key_pos if alibi else torch.zeros(1)
    blocked = ~(torch.ones(T, T, dtype=torch.bool).tril()[None, None] & mask.bool()[:, None, None, :])
    ln = nn.functional.layer_norm
    x = ln(nn.functional.embedding(ids, W["word_embeddings.weight"]), (D,), W["word_embeddings_layernorm.weight"],
           W["word_embeddings_layernorm.bias"], eps)
    for L in range(nL):
        p = f"h.{L}."
        h = ln(x, (D,), W[p + "input_layernorm.weight"], W[p + "input_layernorm.bias"], eps)
        a = p + "self_attention."
        fused = nn.functional.linear(h, W[a + "query_key_value.weight"], W[a + "query_key_value.bias"])
        q, k, v = (t.permute(0, 2, 1, 3) for t in fused.reshape(B, T, H, 3 * hd).split(hd, dim=-1))
        scores = torch.baddbmm(bias.expand(B, H, T, T).reshape(B * H, T, T), q.reshape(B * H, T, hd),
                               k.reshape(B * H, T, hd).transpose(1, 2), beta=1.0, alpha=1 / math.sqrt(hd))
        probs = F.softmax(scores.view(B, H, T, T).masked_fill(blocked, torch.finfo(torch.float32).min), dim=-1)
        ctx = (probs @ v).permute(0, 2, 1, 3).reshape(B, T, D)
        x = x + nn.functional.linear(ctx, W[a + "dense.weight"], W[a + "dense.bias"])
        h = ln(x, (D,), W[p + "post_attention_layernorm.weight"], W[p + "post_attention_layernorm.bias"], eps)
        act = F.gelu(nn.functional.linear(h, W[p + "mlp.dense_h_to_4h.weight"], W[p + "mlp.dense_h_to_4h.bias"]),
                     approximate="tanh")
        if intervention and L in intervention:
            act[..., intervention[L]] = 0.0
        x = x + nn.functional.linear(act, W[p + "mlp.dense_4h_to_h.weight"], W[p + "mlp.dense_4h_to_h.bias"])
    x = ln(x, (D,), W["ln_f.weight"], W["ln_f.bias"], eps)
    return x @ W["word_embeddings.weight"].t()


def _layer(D, H, Fdim, eps, act, norm_first):
    return nn.TransformerEncoderLayer(D, H, dim_feedforward=Fdim, dropout=0.0, activation=act, layer_norm_eps=eps,
                                      batch_first=True, norm_first=norm_first).eval()


def _set(mod, w, b=None):
    mod.weight.data.copy_(w)
    if b is not None:
        mod.bias.data.copy_(b)


def alt_gpt2(cfg, W, ids, mask):
    """torch.nn.TransformerEncoderLayer(norm_first=True) with tanh-gelu -> logits [B, T, V]."""
    W = rf.strip_prefix(W, ["transformer."])
    D, H, eps, T = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"], ids.shape[1]
    x = nn.functional.embedding(ids, W["wte.weight"]) + W["wpe.weight"][:T][None]
    causal = torch.ones(T, T, dtype=torch.bool).triu(1)  # True = not allowed
    for L in range(cfg["n_layer"]):
        p = f"h.{L}."
        Fdim = W[p + "mlp.c_fc.weight"].shape[1]
        lay = _layer(D, H, Fdim, eps, lambda t: F.gelu(t, approximate="tanh"), True)
        lay.self_attn.in_proj_weight.data.copy_(W[p + "attn.c_attn.weight"].t())
        lay.self_attn.in_proj_bias.data.copy_(W[p + "attn.c_attn.bias"])
        _set(lay.self_attn.out_proj, W[p + "attn.c_proj.weight"].t(), W[p + "attn.c_proj.bias"])
        _set(lay.linear1, W[p + "mlp.c_fc.weight"].t(), W[p + "mlp.c_fc.bias"])
        _set(lay.linear2, W[p + "mlp.c_proj.weight"].t(), W[p + "mlp.c_proj.bias"])
        _set(lay.norm1, W[p + "ln_1.weight"], W[p + "ln_1.bias"])
        _set(lay.norm2, W[p + "ln_2.weight"], W[p + "ln_2.bias"])
        x = lay(x, src_mask=causal, src_key_padding_mask=mask == 0)
    x = nn.functional.layer_norm(x, (D,), W["ln_f.weight"], W["ln_f.bias"], eps)
    return x @ W["wte.weight"].t()


def alt_xglm(cfg, W, ids, mask, offset=True, scale=True, halves=True, scaled_positions=False):
    """torch.nn.TransformerEncoderLayer(norm_first=True, erf gelu) with positions written from fairseq's
    description in plain Python floats -> logits [B, T, V]. Each flag drops one XGLM detail: offset=False
    numbers real tokens from 0 instead of padding_idx + 1, scale=False leaves the token embeddings unscaled,
    halves=False interleaves sin/cos (XLM's layout), scaled_positions=True multiplies the sinusoids by
    sqrt(d_model) too."""
    D, H, T = cfg["d_model"], cfg["attention_heads"], ids.shape[1]
    half, pad = D // 2, cfg["pad_token_id"]

    def row(position):
        if position == pad:
            return [0.0] * D
        angles = [position * math.exp(-i * math.log(10000) / (half - 1)) for i in range(half)]
        if halves:
            return [math.sin(a) for a in angles] + [math.cos(a) for a in angles]
        return [f(a) for a in angles for f in (math.sin, math.cos)]

    pos = []
    for b in range(ids.shape[0]):
        n = 0
        rows = []
        for t in range(T):
            if mask[b, t]:
                n += 1
                rows.append(row(pad + n if offset else n - 1))
            else:
                rows.append(row(pad))
        pos.append(rows)
    pos = torch.tensor(pos, dtype=torch.float32) * (math.sqrt(D) if scaled_positions else 1.0)
    x = W["model.embed_tokens.weight"][ids] * (math.sqrt(D) if scale else 1.0) + pos
    causal = torch.ones(T, T, dtype=torch.bool).triu(1)  # True = not allowed
    for L in range(cfg["num_layers"]):
        p = f"model.layers.{L}."
        a = p + "self_attn."
        lay = _layer(D, H, cfg["ffn_dim"], 1e-5, "gelu", True)
        lay.self_attn.in_proj_weight.data.copy_(torch.cat([W[a + n + "_proj.weight"] for n in "qkv"]))
        lay.self_attn.in_proj_bias.data.copy_(torch.cat([W[a + n + "_proj.bias"] for n in "qkv"]))
        _set(lay.self_attn.out_proj, W[a + "out_proj.weight"], W[a + "out_proj.bias"])
        _set(lay.norm1, W[p + "self_attn_layer_norm.weight"], W[p + "self_attn_layer_norm.bias"])
        _set(lay.linear1, W[p + "fc1.weight"], W[p + "fc1.bias"])
        _set(lay.linear2, W[p + "fc2.weight"], W[p + "fc2.bias"])
        _set(lay.norm2, W[p + "final_layer_norm.weight"], W[p + "final_layer_norm.bias"])
        x = lay(x, src_mask=causal, src_key_padding_mask=mask == 0)
    x = nn.functional.layer_norm(x, (D,), W["model.layer_norm.weight"], W["model.layer_norm.bias"], 1e-5)
    return x @ W["model.embed_tokens.weight"].t()


def alt_encoder(cfg, W, ids, mask):
    """torch.nn.TransformerEncoderLayer(post-LN, gelu) -> last_hidden_state [B, T, D]."""
    W = rf.strip_prefix(W, ["bert.", "roberta."])
    D, H, eps, (B, T) = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"], ids.shape
    if cfg["model_type"] == "bert":
        pos = torch.arange(T)[None].expand(B, T)
    else:  # right padding: real token i has position pad_token_id + 1 + i
        pos = torch.where(mask.bool(), torch.arange(T)[None] + cfg["pad_token_id"] + 1,
                          torch.full_like(ids, cfg["pad_token_id"]))
    e = "embeddings."
    x = W[e + "word_embeddings.weight"][ids] + W[e + "position_embeddings.weight"][pos] \
        + W[e + "token_type_embeddings.weight"][0]
    x = nn.functional.layer_norm(x, (D,), W[e + "LayerNorm.weight"], W[e + "LayerNorm.bias"], eps)
    for L in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{L}."
        lay = _layer(D, H, cfg["intermediate_size"], eps, "gelu", False)
        a = p + "attention.self."
        lay.self_attn.in_proj_weight.data.copy_(torch.cat([W[a + n + ".weight"] for n in ("query", "key", "value")]))
        lay.self_attn.in_proj_bias.data.copy_(torch.cat([W[a + n + ".bias"] for n in ("query", "key", "value")]))
        _set(lay.self_attn.out_proj, W[p + "attention.output.dense.weight"], W[p + "attention.output.dense.bias"])
        _set(lay.norm1, W[p + "attention.output.LayerNorm.weight"], W[p + "attention.output.LayerNorm.bias"])
        _set(lay.linear1, W[p + "intermediate.dense.weight"], W[p + "intermediate.dense.bias"])
        _set(lay.linear2, W[p + "output.dense.weight"], W[p + "output.dense.bias"])
        _set(lay.norm2, W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"])
        x = lay(x, src_key_padding_mask=mask == 0)
    return x


# ---------------------------------------------------------------------------
def check_folder(folder, all_refs):
    fam = os.path.basename(os.path.normpath(folder))
    print(f"[{fam}]")
    cfg, W, tags, tok, tok_cfg = rf.load_model(folder)
    ref, _, _ = load_file(os.path.join(folder, "reference.safetensors"))
    with open(os.path.join(folder, "reference.json")) as f:
        meta = json.load(f)
    kind = rf.kind_of(cfg)
    lengths = meta["inputs"]["lengths"]
    ids, mask = ref["input_ids"], ref["attention_mask"]

    # tok
    toks = [rf.tokenize(tok, t) for t in meta["inputs"]["texts"]]
    bad = sum(int(toks[b] != ids[b, :n].tolist() or toks[b] != ref[f"single.{b}.input_ids"][0].tolist())
              for b, n in enumerate(lengths))
    report(fam, "tok: texts -> input_ids", float(bad), 0)

    # regen
    with torch.no_grad():
        fresh = rf.forward(cfg, W, ids, mask)
    d = max(mdiff(fresh[k].float(), ref["batch." + k]) for k in fresh)
    report(fam, "regen: forward(folder) == stored batch", d, 0.0)

    # (a)
    worst, where = 0.0, ""
    for name, m in meta["tensors"].items():
        if not name.startswith("batch.") or name.startswith("batch.intervention"):
            continue
        hook = name[len("batch."):]
        for b, n in enumerate(lengths):
            nn_ = n + m.get("seq_len_offset", 0)
            bt = valid_slice(ref[name][b:b + 1], m["seq_axes"], nn_)
            st = valid_slice(ref[f"single.{b}.{hook}"], m["seq_axes"], nn_)
            dd = mdiff(bt, st)
            if dd > worst:
                worst, where = dd, f"{hook}[{b}]"
    report(fam, "(a) batched == single (valid positions)", worst, 1e-5, where)

    # (b)
    if fam in ("llama-bf16", "llama-f16"):
        want = {"llama-bf16": "BF16", "llama-f16": "F16"}[fam]
        report(fam, f"(b) weights stored as {want}", float(set(tags.values()) != {want}), 0)
        base = os.path.join(os.path.dirname(os.path.normpath(folder)), "llama")
        _, W32, _, _, _ = rf.load_model(base)
        dt = {"BF16": torch.bfloat16, "F16": torch.float16}[want]
        report(fam, "(b) weights == round(llama fp32 weights)",
               max(mdiff(W[k], W32[k].to(dt).float()) for k in W32), 0.0)
        up = {k: v.to(dt).float() for k, v in W32.items()}
        with torch.no_grad():
            r2 = rf.forward(cfg, up, ids, mask)
        report(fam, "(b) reference == fp32 forward(up-cast weights)",
               max(mdiff(r2[k].float(), ref["batch." + k]) for k in r2), 0.0)
        if "llama" in all_refs:
            dl = mdiff(valid_slice(ref["batch.logits"][0:1], [1], lengths[0]),
                       valid_slice(all_refs["llama"]["batch.logits"][0:1], [1], lengths[0]))
            print(f"  info (b) |logits - fp32 llama logits| = {dl:.3g} (rounding effect; must be > 0)")
            if dl == 0.0:
                FAIL.append(f"{fam}: (b) identical to fp32 llama")

    # (b) mistral-window has mistral's weights: a query closer than the window to position 0 sees what it sees
    # in mistral, so every hook there is identical, and the window changes the logits after it
    if fam == "mistral-window" and "mistral" in all_refs:
        win, same, later = cfg["sliding_window"], 0.0, 0.0
        other = all_refs["mistral"]
        for name, m in meta["tensors"].items():
            if not m.get("seq_axes") or m["dtype"] != "F32" or not name.startswith("batch."):
                continue
            for b, n in enumerate(lengths):
                k = min(win, n + m.get("seq_len_offset", 0))
                same = max(same, mdiff(valid_slice(ref[name][b:b + 1], m["seq_axes"], k),
                                       valid_slice(other[name][b:b + 1], m["seq_axes"], k)))
        later = mdiff(ref["batch.logits"][0, win:lengths[0]], other["batch.logits"][0, win:lengths[0]])
        report(fam, f"(b) == mistral at positions < window {win}", same, 0.0,
               f"(logits after it differ by {later:.3g})")
        if later < 1e-2:
            FAIL.append(f"{fam}: (b) the window does not change the logits after position {win}")

    # (c)
    nL = rl.num_layers(cfg)
    worst = 0.0
    for run in ["batch"] + [f"single.{i}" for i in range(len(lengths))]:
        g = lambda k: ref[f"{run}.{k}"]  # noqa: E731
        rids = ids if run == "batch" else ref[f"{run}.input_ids"]
        rmask = mask if run == "batch" else torch.ones_like(rids)
        n_valid = lengths if run == "batch" else [rids.shape[1]]
        c = []
        prev = g("hook_embed")
        for L in range(nL):
            b = f"blocks.{L}."
            if kind == "encoder":
                c.append(mdiff(g(b + "hook_resid_mid"), g(b + "hook_attn_out") + prev))
            else:
                c.append(mdiff(g(b + "hook_resid_mid"), prev + g(b + "hook_attn_out")))
                c.append(mdiff(g(b + "hook_resid_post"), g(b + "hook_resid_mid") + g(b + "hook_mlp_out")))
            pre, post = g(b + "mlp.hook_pre"), g(b + "mlp.hook_post")
            if kind == "llama":
                c.append(mdiff(post, F.silu(pre) * g(b + "mlp.hook_pre_linear")))
                c.append(mdiff(g(b + "hook_mlp_out"),
                               post @ W[f"model.layers.{L}.mlp.down_proj.weight"].t()))
            elif kind == "gemma":
                c.append(mdiff(post, F.gelu(pre, approximate="tanh") * g(b + "mlp.hook_pre_linear")))
                down = post @ W[f"model.layers.{L}.mlp.down_proj.weight"].t()
                if cfg["model_type"] != "gemma":
                    down = rf.gemma_rms_norm(down, W[f"model.layers.{L}.post_feedforward_layernorm.weight"],
                                             cfg["rms_norm_eps"])
                c.append(mdiff(g(b + "hook_mlp_out"), down))
            elif kind in rf.OWN_KINDS.values():
                c.append(mdiff(post, F.silu(pre) * g(b + "mlp.hook_pre_linear")))
                down = post @ W[f"model.layers.{L}.mlp.down_proj.weight"].t()
                if kind == "olmo2":
                    down = rf.rms_norm(down, W[f"model.layers.{L}.post_feedforward_layernorm.weight"],
                                       cfg["rms_norm_eps"])
                c.append(mdiff(g(b + "hook_mlp_out"), down))
            elif kind == "gpt2":
                c.append(mdiff(post, rf.gelu_new(pre)))
            elif kind == "bloom":
                c.append(mdiff(post, rf.bloom_gelu(pre)))
                bw = rf.bloom_weights(W)
                c.append(mdiff(g(b + "hook_mlp_out"), rf.linear(post, bw[f"h.{L}.mlp.dense_4h_to_h.weight"],
                                                                bw[f"h.{L}.mlp.dense_4h_to_h.bias"])))
            elif kind == "xglm":
                c.append(mdiff(post, F.gelu(pre)))
                q = f"model.layers.{L}."
                c.append(mdiff(g(b + "hook_mlp_out"), post @ W[q + "fc2.weight"].t() + W[q + "fc2.bias"]))
            else:
                c.append(mdiff(post, F.gelu(pre)))
            pat = g(b + "attn.hook_pattern")
            c.append(mdiff(pat.sum(-1), torch.ones(pat.shape[:-1])))
            prev = g(b + ("hook_normalized_resid_post" if kind == "encoder" else "hook_resid_post"))
        hs = g("last_hidden_state")
        if kind == "llama":
            eps = cfg["rms_norm_eps"]
            c.append(mdiff(rf.rms_norm(prev, W["model.norm.weight"], eps), hs))
            c.append(mdiff(g("ln_final.hook_normalized") * W["model.norm.weight"], hs))
            c.append(mdiff(hs @ W.get("lm_head.weight", W["model.embed_tokens.weight"]).t(), g("logits")))
            c.append(mdiff(g("hook_embed"), W["model.embed_tokens.weight"][rids]))
            win, sliding = rf.llama_sliding_window(cfg)
            for L in sliding:  # nothing outside the window (real queries)
                for b, n in enumerate(n_valid):
                    pat = g(f"blocks.{L}.attn.hook_pattern")[b, :, :n, :n]
                    far = (torch.arange(n)[:, None] - torch.arange(n)[None, :]) >= win
                    c.append(pat[:, far].abs().max().item() if far.any() else 0.0)
        elif kind == "gemma":
            eps, w = cfg["rms_norm_eps"], W["model.norm.weight"]
            c.append(mdiff(rf.gemma_rms_norm(prev, w, eps), hs))
            c.append(mdiff(g("ln_final.hook_normalized") * (1 + w), hs))
            cap = cfg.get("final_logit_softcapping") if cfg["model_type"] != "gemma" else None
            c.append(mdiff(rf.soft_cap(hs @ W["model.embed_tokens.weight"].t(), cap), g("logits")))
            c.append(mdiff(g("hook_embed"), W["model.embed_tokens.weight"][rids] * cfg["hidden_size"] ** 0.5))
            for L in rf.gemma_sliding_layers(cfg):  # nothing outside the window (real queries)
                win = cfg["sliding_window"]
                for b, n in enumerate(n_valid):
                    pat = g(f"blocks.{L}.attn.hook_pattern")[b, :, :n, :n]
                    far = (torch.arange(n)[:, None] - torch.arange(n)[None, :]) >= win
                    c.append(pat[:, far].abs().max().item() if far.any() else 0.0)
        elif kind in rf.OWN_KINDS.values():
            c.append(mdiff(rf.final_head(cfg, W, prev), g("logits")))
            if kind == "cohere":
                eps, w = cfg["layer_norm_eps"], W["model.norm.weight"]
                c.append(mdiff(rf.cohere_layer_norm(prev, w, eps), hs))
                c.append(mdiff(g("ln_final.hook_normalized") * w, hs))
                c.append(mdiff(hs @ W["model.embed_tokens.weight"].t() * cfg["logit_scale"], g("logits")))
            else:
                w = W["model.norm.weight"]
                c.append(mdiff(rf.rms_norm(prev, w, cfg["rms_norm_eps"]), hs))
                c.append(mdiff(g("ln_final.hook_normalized") * w, hs))
                c.append(mdiff(hs @ W["lm_head.weight"].t(), g("logits")))
            c.append(mdiff(g("hook_embed"), W["model.embed_tokens.weight"][rids]))
            if kind == "phi3" and cfg.get("sliding_window"):  # nothing outside the window, every layer
                win = cfg["sliding_window"]
                for L in range(nL):
                    for b, n in enumerate(n_valid):
                        pat = g(f"blocks.{L}.attn.hook_pattern")[b, :, :n, :n]
                        far = (torch.arange(n)[:, None] - torch.arange(n)[None, :]) >= win
                        c.append(pat[:, far].abs().max().item() if far.any() else 0.0)
        elif kind == "bloom":
            eps, bw = cfg["layer_norm_epsilon"], rf.bloom_weights(W)
            c.append(mdiff(rf.bloom_final_head(cfg, W, prev), g("logits")))
            c.append(mdiff(F.layer_norm(prev, prev.shape[-1:], bw["ln_f.weight"], bw["ln_f.bias"], eps), hs))
            c.append(mdiff(g("ln_final.hook_normalized") * bw["ln_f.weight"] + bw["ln_f.bias"], hs))
            c.append(mdiff(hs @ bw["word_embeddings.weight"].t(), g("logits")))
            c.append(mdiff(g("hook_embed"), F.layer_norm(bw["word_embeddings.weight"][rids], hs.shape[-1:],
                                                         bw["word_embeddings_layernorm.weight"],
                                                         bw["word_embeddings_layernorm.bias"], eps)))
        elif kind == "xglm":
            w, bias = W["model.layer_norm.weight"], W["model.layer_norm.bias"]
            c.append(mdiff(F.layer_norm(prev, prev.shape[-1:], w, bias, 1e-5), hs))
            c.append(mdiff(g("ln_final.hook_normalized") * w + bias, hs))
            c.append(mdiff(hs @ W["model.embed_tokens.weight"].t(), g("logits")))
            c.append(mdiff(g("hook_embed") - g("hook_pos_embed"),
                           W["model.embed_tokens.weight"][rids] * math.sqrt(cfg["d_model"])))
        elif kind == "gpt2":
            eps = cfg["layer_norm_epsilon"]
            c.append(mdiff(F.layer_norm(prev, prev.shape[-1:], W["ln_f.weight"], W["ln_f.bias"], eps), hs))
            c.append(mdiff(g("ln_final.hook_normalized") * W["ln_f.weight"] + W["ln_f.bias"], hs))
            c.append(mdiff(hs @ W["wte.weight"].t(), g("logits")))
            c.append(mdiff(g("hook_embed") - g("hook_pos_embed"), W["wte.weight"][rids]))
        else:
            c.append(mdiff(prev, hs))
            c.append(mdiff(hs[:, 0], g("pooled.cls")))
        if kind != "encoder":
            lp = F.log_softmax(g("logits").double(), -1)
            for b, n in enumerate(n_valid):
                for t in range(n - 1):
                    c.append(abs(lp[b, t, rids[b, t + 1]].item() - g("logprobs")[b, t].item()))
        m = rmask.float()[..., None]
        c.append(mdiff((hs * m).sum(1) / m.sum(1), g("pooled.mean")))
        c.append(mdiff(hs[torch.arange(hs.shape[0]), torch.tensor(n_valid) - 1], g("pooled.last")))
        worst = max(worst, max(c))
    report(fam, "(c) hook consistency", worst, 1e-5)
    if kind != "encoder":
        with torch.no_grad():
            iv = rf.forward(cfg, W, ids, mask, intervention=rf.INTERVENTION)
        zero = max(iv[f"blocks.{L}.mlp.hook_post"][..., n].abs().max().item() for L, n in rf.INTERVENTION.items())
        eff = mdiff(ref["batch.intervention.logits"], ref["batch.logits"])
        report(fam, "(c) intervention neurons zeroed", zero, 0.0, f"(effect on logits {eff:.3g})")
        if eff == 0.0:
            FAIL.append(f"{fam}: intervention has no effect")

    # (d)
    with torch.no_grad():
        f64 = rf.forward(cfg, W, ids, mask, dt=torch.float64)
    worst, where = 0.0, ""
    for k, v in f64.items():
        m = meta["tensors"]["batch." + k]
        for b, n in enumerate(lengths):
            dd = mdiff(valid_slice(v[b:b + 1], m["seq_axes"], n + m.get("seq_len_offset", 0)),
                       valid_slice(ref["batch." + k][b:b + 1], m["seq_axes"], n + m.get("seq_len_offset", 0)))
            if dd > worst:
                worst, where = dd, k
    report(fam, "(d) float64 forward vs stored float32", worst, 1e-4, where)

    # (e)
    with torch.no_grad():
        if kind == "llama":
            worst = 0.0
            for b, n in enumerate(lengths):
                seq = ids[b, :n].tolist()
                worst = max(worst, mdiff(alt_llama(cfg, W, seq), ref["batch.logits"][b, :n]),
                            mdiff(alt_llama(cfg, W, seq, rf.INTERVENTION), ref["batch.intervention.logits"][b, :n]))
            report(fam, "(e) Meta-style llama == reference logits", worst, 1e-4, "(incl. intervention)")
            if rf.llama_sliding_window(cfg)[0]:  # the window must change the result, or the fixture does not test it
                eff = max(mdiff(alt_llama(cfg, W, ids[b, :n].tolist(), window=False), ref["batch.logits"][b, :n])
                          for b, n in enumerate(lengths))
                print(f"  info (e) dropping the sliding window changes logits by {eff:.3g}")
                if eff < 1e-2:
                    FAIL.append(f"{fam}: sliding window does not matter in this fixture ({eff:.3g})")
        elif kind == "gemma":
            worst = 0.0
            for b, n in enumerate(lengths):
                seq = ids[b, :n].tolist()
                worst = max(worst, mdiff(alt_gemma(cfg, W, seq), ref["batch.logits"][b, :n]),
                            mdiff(alt_gemma(cfg, W, seq, rf.INTERVENTION), ref["batch.intervention.logits"][b, :n]))
            report(fam, "(e) gemma_pytorch-style == reference logits", worst, 1e-4, "(incl. intervention)")
            drops = {"gemma2": (("attention soft-cap", dict(attn_cap=False)),
                                ("final soft-cap", dict(final_cap=False)),
                                ("sliding window", dict(window=False))),
                     "gemma3_text": (("sliding window", dict(window=False)),
                                     ("local RoPE base", dict(local_base=False)),
                                     ("q/k norm", dict(qk_norm=False)))}.get(cfg["model_type"], ())
            if drops:
                # each Gemma 2/3 feature must change the result, or the fixture does not test it
                for what, kw in drops:
                    eff = max(mdiff(alt_gemma(cfg, W, ids[b, :n].tolist(), **kw), ref["batch.logits"][b, :n])
                              for b, n in enumerate(lengths))
                    print(f"  info (e) dropping the {what} changes logits by {eff:.3g}")
                    if eff < 1e-2:
                        FAIL.append(f"{fam}: {what} does not matter in this fixture ({eff:.3g})")
        elif kind in rf.OWN_KINDS.values():
            worst = 0.0
            for b, n in enumerate(lengths):
                seq = ids[b, :n].tolist()
                worst = max(worst, mdiff(alt_own(cfg, W, seq), ref["batch.logits"][b, :n]),
                            mdiff(alt_own(cfg, W, seq, rf.INTERVENTION), ref["batch.intervention.logits"][b, :n]))
            report(fam, "(e) Meta-layout forward == reference logits", worst, 1e-4, "(incl. intervention)")
            drops = {"phi3": (("sliding window", dict(window=False)),) if cfg.get("sliding_window") else
                              (("LongRoPE", dict(longrope=False)),),
                     "cohere": (("interleaved rotary pairs", dict(interleaved=False)),
                                ("parallel block", dict(parallel=False)))}.get(kind, ())
            for what, kw in drops:  # each feature must change the result, or the fixture does not test it
                eff = max(mdiff(alt_own(cfg, W, ids[b, :n].tolist(), **kw), ref["batch.logits"][b, :n])
                          for b, n in enumerate(lengths))
                print(f"  info (e) dropping the {what} changes logits by {eff:.3g}")
                if eff < 1e-2:
                    FAIL.append(f"{fam}: {what} does not matter in this fixture ({eff:.3g})")
        elif kind == "bloom":
            seqs = [ids[b, :n].tolist() for b, n in enumerate(lengths)]
            pad, T = meta["inputs"]["pad_token_id"], max(lengths)

            def vs_reference(out, stored):  # left-padded rows end at T; the reference's start at 0
                return max(mdiff(out[b, T - n:], stored[b, :n]) for b, n in enumerate(lengths))
            worst = max(vs_reference(alt_bloom(cfg, W, seqs, pad), ref["batch.logits"]),
                        vs_reference(alt_bloom(cfg, W, seqs, pad, rf.INTERVENTION), ref["batch.intervention.logits"]))
            report(fam, "(e) HF-style left-padded bloom == logits", worst, 1e-4, "(incl. intervention)")
            eff = vs_reference(alt_bloom(cfg, W, seqs, pad, alibi=False), ref["batch.logits"])
            print(f"  info (e) dropping ALiBi changes logits by {eff:.3g}")
            if eff < 1e-2:
                FAIL.append(f"{fam}: ALiBi does not matter in this fixture ({eff:.3g})")
        elif kind == "xglm":
            worst = mdiff(torch.cat([alt_xglm(cfg, W, ids, mask)[b, :n] for b, n in enumerate(lengths)]),
                          torch.cat([ref["batch.logits"][b, :n] for b, n in enumerate(lengths)]))
            report(fam, "(e) nn.TransformerEncoderLayer == logits", worst, 1e-4, "(fairseq positions)")
            # the position offset, the embedding scale and the sinusoid layout must each change the result
            for what, kw in (("position offset (real tokens from 0)", dict(offset=False)),
                             ("embedding scale", dict(scale=False)),
                             ("[sin | cos] halves (interleaved instead)", dict(halves=False)),
                             ("unscaled positions (scaled by sqrt(d_model))", dict(scaled_positions=True))):
                out = alt_xglm(cfg, W, ids, mask, **kw)
                eff = max(mdiff(out[b, :n], ref["batch.logits"][b, :n]) for b, n in enumerate(lengths))
                print(f"  info (e) dropping the {what} changes logits by {eff:.3g}")
                if eff < 1e-2:
                    FAIL.append(f"{fam}: {what} does not matter in this fixture ({eff:.3g})")
        elif kind == "gpt2":
            out = alt_gpt2(cfg, W, ids, mask)
            worst = max(mdiff(out[b, :n], ref["batch.logits"][b, :n]) for b, n in enumerate(lengths))
            report(fam, "(e) nn.TransformerEncoderLayer == logits", worst, 1e-4)
        else:
            out = alt_encoder(cfg, W, ids, mask)
            worst = max(mdiff(out[b, :n], ref["batch.last_hidden_state"][b, :n]) for b, n in enumerate(lengths))
            report(fam, "(e) nn.TransformerEncoderLayer == last_hidden", worst, 1e-4)
    if kind != "encoder":
        check_lens(folder, fam, cfg, W, ref, lengths)
    return ref


# Stored top-k ids are only a well-defined expectation if no implementation within the Java tolerance
# can reorder them: logits within 1e-4 each (GoldenForwardTest) cannot swap two ids whose log-probs
# differ by more than 2e-4. Log space, not probability space: in peaked rows the tail probabilities
# are ~1e-10 apart.
MIN_TOP_GAP = 2e-4


def check_lens(folder, fam, cfg, W, ref, lengths):
    lens, _, _ = load_file(os.path.join(folder, "lens.safetensors"))
    ids, mask = ref["input_ids"], ref["attention_mask"]
    nL, V = rl.num_layers(cfg), lens["lens.logprobs"].shape[-1]
    B = len(lengths)
    shapes_ok = (list(lens["lens.logprobs"].shape) == [B, nL + 1, V]
                 and list(lens["lens.entropy"].shape) == [B, nL + 1]
                 and list(lens["lens.top_ids"].shape) == [B, nL + 1, rl.TOP_K]
                 and lens["lens.positions"].tolist() == [n - 1 for n in lengths])
    report(fam, "lens: shapes and positions == len_b - 1", float(not shapes_ok), 0)
    fresh = rl.lens(cfg, W, ids, mask)
    report(fam, "lens: regenerates bit-for-bit",
           max(mdiff(fresh[k].to(lens[k].dtype), lens[k]) for k in lens), 0.0)
    lp = lens["lens.logprobs"]
    last = F.log_softmax(ref["batch.logits"][torch.arange(B), torch.tensor(lengths) - 1], -1)
    report(fam, "lens: last layer == log_softmax(logits[t_b])", mdiff(lp[:, nL], last), 1e-6)
    p = lp.double().exp()
    report(fam, "lens: probabilities sum to 1", mdiff(p.sum(-1), torch.ones(B, nL + 1)), 1e-6)
    ent = lens["lens.entropy"].double()
    report(fam, "lens: entropy == -sum p log p", mdiff(ent, -(p * lp.double()).sum(-1)), 1e-6)
    outside = max(0.0, -ent.min().item(), ent.max().item() - math.log(V))
    report(fam, "lens: entropy in [0, log V]", outside, 0.0,
           f"(range {ent.min().item():.3f}..{ent.max().item():.3f}, log V {math.log(V):.3f})")
    worst = 0.0
    for b, n in enumerate(lengths):
        seq = ids[b:b + 1, :n]
        single = rl.lens(cfg, W, seq, torch.ones_like(seq))
        worst = max(worst, mdiff(single["lens.logprobs"][0], lp[b]), mdiff(single["lens.entropy"][0],
                                                                            lens["lens.entropy"][b]))
    report(fam, "lens: batched == single runs", worst, 1e-5)
    f64 = rl.lens(cfg, W, ids, mask, dt=torch.float64)
    report(fam, "lens: float64 lens vs stored (probabilities)", mdiff(f64["lens.logprobs"].exp(), p), 1e-5)
    top = lp.double().sort(-1, descending=True)
    same = top.indices[..., :rl.TOP_K].equal(lens["lens.top_ids"])
    report(fam, "lens: top_ids == top-5 of the stored logprobs", float(not same), 0)
    gap = (top.values[..., :rl.TOP_K] - top.values[..., 1:rl.TOP_K + 1]).min().item()
    if gap < MIN_TOP_GAP:
        FAIL.append(f"{fam}: lens top-{rl.TOP_K} near-tie (log-prob gap {gap:.3g} < {MIN_TOP_GAP:g})")
    print(f"  info lens: smallest log-prob gap between neighbours in the top {rl.TOP_K + 1}: {gap:.3g} "
          f"(must be >= {MIN_TOP_GAP:g})")


def check_planted(folder):
    fam = os.path.basename(os.path.normpath(folder))
    print(f"[{fam}] (planted)")
    for k, v in planted_lens.verify(folder).items():
        report(fam, k, v, 1e-6)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = planted_lens.write(tmp)
        names = sorted(os.listdir(fresh))
        differ = [n for n in names if not os.path.exists(os.path.join(folder, n))
                  or open(os.path.join(fresh, n), "rb").read() != open(os.path.join(folder, n), "rb").read()]
    report(fam, "regen: planted_lens.py rewrites every file", float(len(differ)), 0, " ".join(differ))


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        HERE, "..", "..", "..", "common", "src", "test", "resources", "fixtures", "models")
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}")
    folders = sorted(d for d in os.listdir(root) if os.path.isfile(os.path.join(root, d, "reference.json")))
    # llama and mistral first (the bf16/f16 and mistral-window checks compare against them)
    folders.sort(key=lambda d: d not in ("llama", "mistral"))
    refs = {}
    for d in folders:
        refs[d] = check_folder(os.path.join(root, d), refs)
    planted = sorted(d for d in os.listdir(root) if os.path.isfile(os.path.join(root, d, "expected.json")))
    for d in planted:
        check_planted(os.path.join(root, d))
    total = 0
    for dp, _, fs in os.walk(root):
        total += sum(os.path.getsize(os.path.join(dp, f)) for f in fs)
    print(f"fixtures total: {total / 1024 / 1024:.2f} MiB")
    # about 0.25 MiB per family: room for the families of issue 13 without letting the repository grow
    # by whole checkpoints
    if total > 6 * 1024 * 1024:
        FAIL.append("fixtures larger than 6 MiB")
    if FAIL:
        print("FAILED:\n  " + "\n  ".join(FAIL))
        sys.exit(1)
    print(f"all checks passed ({len(folders)} fixtures, {len(planted)} planted)")


if __name__ == "__main__":
    main()
