#!/usr/bin/env python3
"""Independent plain-PyTorch forward passes (no `transformers` import) for tiny Hugging Face
model folders, recording TransformerLens-named hook tensors; writes reference.safetensors +
reference.json into each model folder.

Families (by config.json model_type):
  llama, mistral, qwen2, qwen3  -> decoder_llama()  (RMSNorm, RoPE incl. llama3 scaling, GQA, SwiGLU; Mistral's
                                                     and Qwen2/3's sliding window on the layers HF slides)
  gpt2                          -> decoder_gpt2()   (pre-LN, learned positions, Conv1D, gelu_new)
  bert, xlm-roberta, roberta    -> encoder_bert()   (post-LN, abs. positions (+RoBERTa offset), erf gelu)
  gemma, gemma2                 -> decoder_gemma()  (Gemma RMSNorm (1 + w), embeddings x sqrt(hidden), GeGLU;
                                                     gemma2: sandwich norms, soft-capping, sliding window)
  phi3                          -> decoder_phi3()   (fused qkv/gate_up, sliding window on every layer)
  olmo2                         -> decoder_olmo2()  (post-norms only, q/k RMSNorm over the whole projection)
  cohere                        -> decoder_cohere() (bias-free LayerNorm, parallel block, pairwise rotary,
                                                     logit_scale)
  bloom                         -> decoder_bloom()  (ALiBi, embedding LayerNorm, fused per-head q/k/v, GELU)
  xglm                          -> decoder_xglm()   (fairseq sinusoidal positions from padding_idx + 1,
                                                     embeddings x sqrt(d_model), pre-LN, erf GELU, biases)

Decoder folders also get lens.safetensors (logit lens, written by reference_lens.py).

Usage (regenerates references for folders that already hold config/model/tokenizer):
    /usr/bin/python3 scripts/dev/reference/reference_forward.py common/src/test/resources/fixtures/models/*/
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import load_file, save_file  # noqa: E402

LLAMA_TYPES = {"llama", "mistral", "qwen2", "qwen3"}
ENCODER_TYPES = {"bert", "xlm-roberta", "roberta"}
GEMMA_TYPES = {"gemma", "gemma2", "gemma3_text"}
# Families with a block of their own, each written from its paper / model card and HF's config semantics
OWN_KINDS = {"phi3": "phi3", "olmo2": "olmo2", "cohere": "cohere"}
BLOOM_TYPES = {"bloom"}
XGLM_TYPES = {"xglm"}

# Reference inputs: three sequences of 7, 5 and 3 tokens (special tokens included).
# The words are taken from the front of these sentences; "zebra" is out of vocabulary (-> unk).
BASE_TEXTS = ["the quick brown fox jumps over a lazy dog", "a zebra sat on the mat today", "hello world again"]
LENGTHS = [7, 5, 3]
# Intervention: zero these mlp.hook_post neurons (layer -> neuron indices) for every position.
INTERVENTION = {0: [1, 5], 1: [0]}


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------
def load_model(folder):
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    raw, tags, _ = load_file(os.path.join(folder, "model.safetensors"))
    weights = {k: v.to(torch.float32) for k, v in raw.items()}  # up-cast BF16/F16 -> F32
    with open(os.path.join(folder, "tokenizer.json")) as f:
        tok = json.load(f)
    tok_cfg = {}
    p = os.path.join(folder, "tokenizer_config.json")
    if os.path.exists(p):
        with open(p) as f:
            tok_cfg = json.load(f)
    return cfg, weights, tags, tok, tok_cfg


def strip_prefix(W, prefixes):
    for p in prefixes:
        if any(k.startswith(p) for k in W):
            return {k[len(p):]: v for k, v in W.items() if k.startswith(p)}
    return W


# ---------------------------------------------------------------------------
# Tokenizer (WordLevel + WhitespaceSplit + optional TemplateProcessing, as written by tiny_models.py)
# ---------------------------------------------------------------------------
def tokenize(tok, text):
    assert tok["model"]["type"] == "WordLevel" and tok["pre_tokenizer"]["type"] == "WhitespaceSplit"
    assert tok.get("normalizer") is None
    vocab = tok["model"]["vocab"]
    unk = vocab[tok["model"]["unk_token"]]
    ids = [vocab.get(w, unk) for w in text.split()]
    pp = tok.get("post_processor")
    if not pp:
        return ids
    out = []
    for piece in pp["single"]:
        if "SpecialToken" in piece:
            out += pp["special_tokens"][piece["SpecialToken"]["id"]]["ids"]
        else:
            out += ids
    return out


def reference_inputs(tok, tok_cfg):
    n_special = len(tokenize(tok, ""))
    texts = [" ".join(s.split()[: L - n_special]) for s, L in zip(BASE_TEXTS, LENGTHS)]
    seqs = [tokenize(tok, t) for t in texts]
    assert [len(s) for s in seqs] == LENGTHS, seqs
    pad_id = tok["model"]["vocab"][tok_cfg["pad_token"]]
    T = max(LENGTHS)
    ids = torch.full((len(seqs), T), pad_id, dtype=torch.int64)
    mask = torch.zeros((len(seqs), T), dtype=torch.int64)
    for b, s in enumerate(seqs):
        ids[b, : len(s)] = torch.tensor(s)
        mask[b, : len(s)] = 1
    return texts, seqs, ids, mask, pad_id


# ---------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------
def linear(x, w, b=None):  # nn.Linear: y = x @ W^T + b, W [out, in]
    y = x @ w.t()
    return y if b is None else y + b


def rms_norm(x, w, eps):
    # HF LlamaRMSNorm: computed in float32 (the compute dtype here), weight * (x * rsqrt(mean(x^2) + eps))
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def rms_normalized(x, eps):  # TransformerLens RMSNorm hook_normalized: before the gain
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)


def ln_normalized(x, eps):  # TransformerLens LayerNorm hook_normalized: before gain and bias
    xc = x - x.mean(-1, keepdim=True)
    return xc * torch.rsqrt(xc.pow(2).mean(-1, keepdim=True) + eps)


def gelu_new(x):  # HF NewGELUActivation (tanh approximation), used by gpt2
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def softmax(scores):  # softmax in at least float32, result in the compute dtype
    up = torch.float64 if scores.dtype == torch.float64 else torch.float32
    return F.softmax(scores.to(up), dim=-1).to(scores.dtype)


def attend(q, k, v, allowed, scale_div):
    """q,k,v [B,H,T,hd]; allowed [B,1,T,T] bool. Returns (context [B,H,T,hd], probs [B,H,T,T])."""
    scores = (q @ k.transpose(-1, -2)) / scale_div
    scores = scores.masked_fill(~allowed, torch.finfo(scores.dtype).min)
    probs = softmax(scores)
    return probs @ v, probs


def pad_allowed(mask, T):  # key padding only: [B,1,T,T]
    return mask.bool()[:, None, None, :].expand(-1, 1, T, -1)


def causal_allowed(mask, T):  # causal & key padding: [B,1,T,T]
    causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
    return causal[None, None] & pad_allowed(mask, T)


def rope_inv_freq(cfg, head_dim):
    """HF ROPE_INIT_FUNCTIONS: 'default' and 'llama3'. Returns (inv_freq float32 [head_dim/2], attention_scaling)."""
    base = float(cfg.get("rope_theta", 10000.0))
    dim = int(head_dim * cfg.get("partial_rotary_factor", 1.0))
    assert dim == head_dim, "partial rotary not supported by this reference"
    inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).to(torch.float32) / dim))
    rs = cfg.get("rope_scaling")
    rtype = None if not rs else rs.get("rope_type", rs.get("type"))
    if rtype in (None, "default"):
        return inv_freq, 1.0
    if rtype == "linear":  # positions / factor, i.e. every frequency / factor
        return inv_freq / rs["factor"], 1.0
    if rtype == "llama3":
        factor = rs["factor"]
        low_freq_factor = rs["low_freq_factor"]
        high_freq_factor = rs["high_freq_factor"]
        old_context_len = rs["original_max_position_embeddings"]
        low_freq_wavelen = old_context_len / low_freq_factor
        high_freq_wavelen = old_context_len / high_freq_factor
        wavelen = 2 * math.pi / inv_freq
        inv_freq_llama = torch.where(wavelen > low_freq_wavelen, inv_freq / factor, inv_freq)
        smooth_factor = (old_context_len / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor)
        smoothed_inv_freq = (1 - smooth_factor) * inv_freq_llama / factor + smooth_factor * inv_freq_llama
        is_medium_freq = ~(wavelen < high_freq_wavelen) * ~(wavelen > low_freq_wavelen)
        return torch.where(is_medium_freq, smoothed_inv_freq, inv_freq_llama), 1.0
    raise NotImplementedError(f"rope_type {rtype}")


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def window_allowed(mask, T, window):  # causal & key padding & (query - key < window): [B,1,T,T]
    pos = torch.arange(T)
    near = (pos[:, None] - pos[None, :]) < window
    return causal_allowed(mask, T) & near[None, None]


def repeat_kv(x, n_rep):  # [B,KV,T,hd] -> [B,KV*n_rep,T,hd]; query head h uses kv head h // n_rep
    B, KV, T, hd = x.shape
    return x[:, :, None].expand(B, KV, n_rep, T, hd).reshape(B, KV * n_rep, T, hd)


# ---------------------------------------------------------------------------
# Families
# ---------------------------------------------------------------------------
def llama_sliding_window(cfg):
    """(window, sliding layer indices) of a llama-family config, as Hugging Face reads it (0, set() = none).
    Mistral windows every layer; its MistralConfig defaults sliding_window to 4096 when the key is absent and
    null turns it off. Qwen2 and Qwen3 window nothing unless use_sliding_window is true (their configs carry a
    sliding_window anyway, e.g. Qwen2.5's 131072), and then only layers i >= max_window_layers (default 28)
    slide, or those layer_types names sliding_attention. Llama has no window."""
    mt, n = cfg["model_type"], cfg["num_hidden_layers"]
    if mt == "mistral":
        window = cfg.get("sliding_window", 4096) or 0
        return window, set(range(n)) if window else set()
    if mt in ("qwen2", "qwen3"):
        window = (cfg.get("sliding_window", 4096) or 0) if cfg.get("use_sliding_window", False) else 0
        if cfg.get("layer_types"):
            layers = {i for i, t in enumerate(cfg["layer_types"]) if t == "sliding_attention"}
            assert window or not layers, "layer_types slides layers but there is no window (HF raises too)"
        else:
            layers = {i for i in range(n) if i >= cfg.get("max_window_layers", 28)} if window else set()
        return window, layers
    return 0, set()


def decoder_llama(cfg, W, ids, mask, dt=torch.float32, intervention=None, window=True):
    """window=False ignores a sliding window (check.py uses it to show the window matters)."""
    W = {k: v.to(dt) for k, v in W.items()}
    B, T = ids.shape
    D, H, KV = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or D // H
    eps = cfg["rms_norm_eps"]
    hooks = {}
    x = W["model.embed_tokens.weight"][ids]
    hooks["hook_embed"] = x
    inv_freq, att_scale = rope_inv_freq(cfg, hd)
    pos = torch.arange(T, dtype=torch.float32)  # right padding: position_ids = 0..T-1
    freqs = pos[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos = (emb.cos() * att_scale).to(dt)[None, None]  # [1,1,T,hd]
    sin = (emb.sin() * att_scale).to(dt)[None, None]
    allowed = causal_allowed(mask, T)
    width, sliding = llama_sliding_window(cfg) if window else (0, set())
    local = window_allowed(mask, T, width) if width else allowed
    for L in range(cfg["num_hidden_layers"]):
        p, hk = f"model.layers.{L}.", f"blocks.{L}."
        h = rms_norm(x, W[p + "input_layernorm.weight"], eps)
        q = linear(h, W[p + "self_attn.q_proj.weight"], W.get(p + "self_attn.q_proj.bias")).view(B, T, H, hd)
        k = linear(h, W[p + "self_attn.k_proj.weight"], W.get(p + "self_attn.k_proj.bias")).view(B, T, KV, hd)
        v = linear(h, W[p + "self_attn.v_proj.weight"], W.get(p + "self_attn.v_proj.bias")).view(B, T, KV, hd)
        if p + "self_attn.q_norm.weight" in W:  # qwen3: per-head RMSNorm over head_dim, before RoPE
            q = rms_norm(q, W[p + "self_attn.q_norm.weight"], eps)
            k = rms_norm(k, W[p + "self_attn.k_norm.weight"], eps)
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k, v = repeat_kv(k, H // KV), repeat_kv(v, H // KV)
        ctx, probs = attend(q, k, v, local if L in sliding else allowed, math.sqrt(hd))
        hooks[hk + "attn.hook_pattern"] = probs
        ctx = ctx.transpose(1, 2).reshape(B, T, H * hd)
        attn_out = linear(ctx, W[p + "self_attn.o_proj.weight"])
        hooks[hk + "hook_attn_out"] = attn_out
        x = x + attn_out
        hooks[hk + "hook_resid_mid"] = x
        h = rms_norm(x, W[p + "post_attention_layernorm.weight"], eps)
        gate = linear(h, W[p + "mlp.gate_proj.weight"])
        up = linear(h, W[p + "mlp.up_proj.weight"])
        hooks[hk + "mlp.hook_pre"] = gate
        hooks[hk + "mlp.hook_pre_linear"] = up
        post = F.silu(gate) * up
        if intervention and L in intervention:
            post = post.clone()
            post[..., intervention[L]] = 0.0
        hooks[hk + "mlp.hook_post"] = post
        mlp_out = linear(post, W[p + "mlp.down_proj.weight"])
        hooks[hk + "hook_mlp_out"] = mlp_out
        x = x + mlp_out
        hooks[hk + "hook_resid_post"] = x
    hooks["ln_final.hook_normalized"] = rms_normalized(x, eps)
    xn = rms_norm(x, W["model.norm.weight"], eps)
    hooks["last_hidden_state"] = xn
    lm_head = W.get("lm_head.weight", W["model.embed_tokens.weight"])  # tie_word_embeddings
    hooks["logits"] = linear(xn, lm_head)
    return hooks


def decoder_gpt2(cfg, W, ids, mask, dt=torch.float32, intervention=None):
    W = strip_prefix({k: v.to(dt) for k, v in W.items()}, ["transformer."])
    B, T = ids.shape
    D, H, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    assert cfg.get("activation_function", "gelu_new") == "gelu_new"
    hd = D // H
    hooks = {}
    tok = W["wte.weight"][ids]
    pos = W["wpe.weight"][torch.arange(T)][None].expand(B, T, D)
    x = tok + pos
    hooks["hook_pos_embed"] = pos
    hooks["hook_embed"] = x
    allowed = causal_allowed(mask, T)
    for L in range(cfg["n_layer"]):
        p, hk = f"h.{L}.", f"blocks.{L}."
        h = F.layer_norm(x, (D,), W[p + "ln_1.weight"], W[p + "ln_1.bias"], eps)
        qkv = h @ W[p + "attn.c_attn.weight"] + W[p + "attn.c_attn.bias"]  # Conv1D: x @ W[in,out] + b
        q, k, v = qkv.split(D, dim=-1)
        q, k, v = (t.view(B, T, H, hd).transpose(1, 2) for t in (q, k, v))
        ctx, probs = attend(q, k, v, allowed, float(hd) ** 0.5)
        hooks[hk + "attn.hook_pattern"] = probs
        ctx = ctx.transpose(1, 2).reshape(B, T, D)
        attn_out = ctx @ W[p + "attn.c_proj.weight"] + W[p + "attn.c_proj.bias"]
        hooks[hk + "hook_attn_out"] = attn_out
        x = x + attn_out
        hooks[hk + "hook_resid_mid"] = x
        h = F.layer_norm(x, (D,), W[p + "ln_2.weight"], W[p + "ln_2.bias"], eps)
        pre = h @ W[p + "mlp.c_fc.weight"] + W[p + "mlp.c_fc.bias"]
        hooks[hk + "mlp.hook_pre"] = pre
        post = gelu_new(pre)
        if intervention and L in intervention:
            post = post.clone()
            post[..., intervention[L]] = 0.0
        hooks[hk + "mlp.hook_post"] = post
        mlp_out = post @ W[p + "mlp.c_proj.weight"] + W[p + "mlp.c_proj.bias"]
        hooks[hk + "hook_mlp_out"] = mlp_out
        x = x + mlp_out
        hooks[hk + "hook_resid_post"] = x
    hooks["ln_final.hook_normalized"] = ln_normalized(x, eps)
    xn = F.layer_norm(x, (D,), W["ln_f.weight"], W["ln_f.bias"], eps)
    hooks["last_hidden_state"] = xn
    hooks["logits"] = linear(xn, W.get("lm_head.weight", W["wte.weight"]))
    return hooks


# Gemma (arXiv 2403.08295) and Gemma 2 (arXiv 2408.00118), with the Hugging Face config semantics.
def gemma_rms_norm(x, w, eps):
    # Gemma's RMSNorm: normalise in (at least) fp32 and multiply by (1 + w) there, then return to the compute
    # dtype (Llama instead casts before the gain). The stored weight is the offset from a unit gain.
    up = torch.float64 if x.dtype == torch.float64 else torch.float32
    xf = x.to(up)
    return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + eps) * (1.0 + w.to(up))).to(x.dtype)


def gelu_tanh(x):  # "gelu_pytorch_tanh": torch's tanh approximation of GELU
    return F.gelu(x, approximate="tanh")


def soft_cap(x, cap):  # Gemma 2: cap * tanh(x / cap); None/0 = no cap
    return x if not cap else torch.tanh(x / cap) * cap


def gemma_activation(cfg):
    # Gemma's published activation is tanh-GELU. Old Gemma 1 configs say hidden_act "gelu" (exact), which
    # HF ignores in favour of hidden_activation (default gelu_pytorch_tanh); we follow that.
    act = cfg.get("hidden_activation") or "gelu_pytorch_tanh"
    assert act == "gelu_pytorch_tanh", act
    return gelu_tanh


def gemma_sliding_layers(cfg):
    """Layer indices that attend through a sliding window: none for Gemma 1; Gemma 2 alternates
    local/global starting with a local layer (HF: layer_idx % 2 == 0 is sliding); Gemma 3 makes every
    sliding_window_pattern-th layer global ((layer_idx + 1) % pattern != 0 is sliding); layer_types, when the
    config lists them, override both."""
    n = cfg["num_hidden_layers"]
    if cfg["model_type"] == "gemma" or not cfg.get("sliding_window"):
        return set()
    if cfg.get("layer_types"):
        return {i for i, t in enumerate(cfg["layer_types"]) if t == "sliding_attention"}
    if cfg["model_type"] == "gemma3_text":
        pattern = cfg.get("sliding_window_pattern", 6)
        return {i for i in range(n) if (i + 1) % pattern != 0}
    return {i for i in range(n) if i % 2 == 0}


def gemma_rope(cfg, hd, T, dt, local):
    """cos, sin [1,1,T,hd]. Gemma 3's local layers use rope_local_base_freq without scaling, its global
    layers rope_theta with rope_scaling; Gemma 1/2 have one table."""
    if local:
        cfg = dict(cfg, rope_theta=cfg.get("rope_local_base_freq", 10000.0), rope_scaling=None)
    inv_freq, _ = rope_inv_freq(cfg, hd)
    freqs = torch.arange(T, dtype=torch.float32)[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos().to(dt)[None, None], emb.sin().to(dt)[None, None]


def decoder_gemma(cfg, W, ids, mask, dt=torch.float32, intervention=None, caps=True):
    """caps=False drops both soft-caps (check.py uses it to show they matter)."""
    W = {k: v.to(dt) for k, v in W.items()}
    B, T = ids.shape
    D, H, KV = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg["head_dim"]
    eps = cfg["rms_norm_eps"]
    g3 = cfg["model_type"] == "gemma3_text"
    g2 = cfg["model_type"] == "gemma2" or g3  # Gemma 3 keeps Gemma 2's sandwich norms, scalar and (optional) caps
    act = gemma_activation(cfg)
    # attention scores are divided by sqrt(query_pre_attn_scalar) in Gemma 2/3, sqrt(head_dim) in Gemma 1
    score_div = math.sqrt(cfg["query_pre_attn_scalar"] if g2 else hd)
    attn_cap = cfg.get("attn_logit_softcapping") if g2 and caps else None
    final_cap = cfg.get("final_logit_softcapping") if g2 and caps else None
    sliding = gemma_sliding_layers(cfg)
    hooks = {}
    # HF casts the normaliser sqrt(hidden) to the compute dtype before multiplying
    x = W["model.embed_tokens.weight"][ids] * torch.tensor(D ** 0.5, dtype=dt)
    hooks["hook_embed"] = x
    rope_global = gemma_rope(cfg, hd, T, dt, local=False)
    rope_local = gemma_rope(cfg, hd, T, dt, local=g3)
    full = causal_allowed(mask, T)
    local = window_allowed(mask, T, cfg.get("sliding_window") or T)
    for L in range(cfg["num_hidden_layers"]):
        p, hk = f"model.layers.{L}.", f"blocks.{L}."
        cos, sin = rope_local if L in sliding else rope_global
        h = gemma_rms_norm(x, W[p + "input_layernorm.weight"], eps)
        q = linear(h, W[p + "self_attn.q_proj.weight"]).view(B, T, H, hd).transpose(1, 2)
        k = linear(h, W[p + "self_attn.k_proj.weight"]).view(B, T, KV, hd).transpose(1, 2)
        v = linear(h, W[p + "self_attn.v_proj.weight"]).view(B, T, KV, hd).transpose(1, 2)
        if g3:  # Gemma 3: per-head RMSNorm with (1 + w) gain on queries and keys, before RoPE
            q = gemma_rms_norm(q, W[p + "self_attn.q_norm.weight"], eps)
            k = gemma_rms_norm(k, W[p + "self_attn.k_norm.weight"], eps)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k, v = repeat_kv(k, H // KV), repeat_kv(v, H // KV)
        scores = soft_cap((q @ k.transpose(-1, -2)) / score_div, attn_cap)  # cap before the mask, as HF
        allowed = local if L in sliding else full
        probs = softmax(scores.masked_fill(~allowed, torch.finfo(scores.dtype).min))
        hooks[hk + "attn.hook_pattern"] = probs
        ctx = (probs @ v).transpose(1, 2).reshape(B, T, H * hd)
        attn_out = linear(ctx, W[p + "self_attn.o_proj.weight"])
        if g2:  # Gemma 2 normalises what each sub-block adds to the residual stream
            attn_out = gemma_rms_norm(attn_out, W[p + "post_attention_layernorm.weight"], eps)
        hooks[hk + "hook_attn_out"] = attn_out
        x = x + attn_out
        hooks[hk + "hook_resid_mid"] = x
        pre_mlp = p + ("pre_feedforward_layernorm.weight" if g2 else "post_attention_layernorm.weight")
        h = gemma_rms_norm(x, W[pre_mlp], eps)
        gate = linear(h, W[p + "mlp.gate_proj.weight"])
        up = linear(h, W[p + "mlp.up_proj.weight"])
        hooks[hk + "mlp.hook_pre"] = gate
        hooks[hk + "mlp.hook_pre_linear"] = up
        post = act(gate) * up
        if intervention and L in intervention:
            post = post.clone()
            post[..., intervention[L]] = 0.0
        hooks[hk + "mlp.hook_post"] = post
        mlp_out = linear(post, W[p + "mlp.down_proj.weight"])
        if g2:
            mlp_out = gemma_rms_norm(mlp_out, W[p + "post_feedforward_layernorm.weight"], eps)
        hooks[hk + "hook_mlp_out"] = mlp_out
        x = x + mlp_out
        hooks[hk + "hook_resid_post"] = x
    hooks["ln_final.hook_normalized"] = rms_normalized(x, eps)
    xn = gemma_rms_norm(x, W["model.norm.weight"], eps)
    hooks["last_hidden_state"] = xn
    lm_head = W.get("lm_head.weight", W["model.embed_tokens.weight"])
    hooks["logits"] = soft_cap(linear(xn, lm_head), final_cap)
    return hooks


# Phi-3 (arXiv 2404.14219): the Llama block with fused projections, stored as one qkv_proj [(H + 2 KV) hd, D]
# (queries, then keys, then values) and one gate_up_proj [2F, D] (gate rows first). Every layer attends
# through sliding_window when the config sets one (HF builds a sliding-window causal mask for all layers).
def phi3_split(cfg, W):
    """The fused Phi-3 weights as Llama-named ones (q/k/v_proj, gate/up_proj)."""
    D, H, KV = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or D // H
    F_ = cfg["intermediate_size"]
    out = {}
    for k, v in W.items():
        if k.endswith("self_attn.qkv_proj.weight"):
            p = k[: -len("qkv_proj.weight")]
            q, kk, vv = v.split([H * hd, KV * hd, KV * hd], dim=0)
            out[p + "q_proj.weight"], out[p + "k_proj.weight"], out[p + "v_proj.weight"] = q, kk, vv
        elif k.endswith("mlp.gate_up_proj.weight"):
            p = k[: -len("gate_up_proj.weight")]
            out[p + "gate_proj.weight"], out[p + "up_proj.weight"] = v.split([F_, F_], dim=0)
        else:
            out[k] = v
    return out


def phi3_longrope(cfg, hd, lengths, T):
    """LongRoPE (arXiv 2402.13753) as Phi-3 configures it: inv_freq = 1 / (ext * theta^(2i/d)) with ext the
    long_factor when the sequence is longer than original_max_position_embeddings, else the short_factor; cos
    and sin times attention_factor (default sqrt(1 + ln(s) / ln(original_max)), s = max_position_embeddings /
    original_max). HF picks the factors from the longest position in the batch; here each sequence by its own
    length, which is what HF gives for that sequence alone (the batched and single runs then agree).
    Returns cos, sin [B,1,T,hd] in float32."""
    rs = cfg["rope_scaling"]
    orig = cfg.get("original_max_position_embeddings") or rs.get("original_max_position_embeddings")
    scale = cfg["max_position_embeddings"] / orig
    att = rs.get("attention_factor") or (1.0 if scale <= 1 else math.sqrt(1 + math.log(scale) / math.log(orig)))
    shape = torch.arange(0, hd, 2, dtype=torch.int64).float() / hd
    pos = torch.arange(T, dtype=torch.float32)
    cos, sin = [], []
    for n in lengths:
        ext = torch.tensor(rs["long_factor"] if n > orig else rs["short_factor"], dtype=torch.float32)
        inv_freq = 1.0 / (ext * cfg.get("rope_theta", 10000.0) ** shape)
        freqs = pos[:, None] * inv_freq[None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        cos.append(emb.cos() * att)
        sin.append(emb.sin() * att)
    return torch.stack(cos)[:, None], torch.stack(sin)[:, None]


def decoder_phi3(cfg, W, ids, mask, dt=torch.float32, intervention=None):
    assert cfg.get("partial_rotary_factor", 1.0) == 1.0
    rs = cfg.get("rope_scaling")
    longrope = bool(rs) and rs.get("rope_type", rs.get("type")) in ("longrope", "su")
    assert not rs or longrope, rs
    W = {k: v.to(dt) for k, v in W.items()}
    B, T = ids.shape
    D, H, KV = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or D // H
    F_ = cfg["intermediate_size"]
    eps = cfg["rms_norm_eps"]
    hooks = {}
    x = W["model.embed_tokens.weight"][ids]
    hooks["hook_embed"] = x
    if longrope:
        cos, sin = phi3_longrope(cfg, hd, mask.sum(1).tolist(), T)
        cos, sin = cos.to(dt), sin.to(dt)
    else:
        inv_freq, _ = rope_inv_freq(cfg, hd)
        freqs = torch.arange(T, dtype=torch.float32)[:, None] * inv_freq[None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos().to(dt)[None, None], emb.sin().to(dt)[None, None]
    window = cfg.get("sliding_window")
    allowed = window_allowed(mask, T, window) if window else causal_allowed(mask, T)
    for L in range(cfg["num_hidden_layers"]):
        p, hk = f"model.layers.{L}.", f"blocks.{L}."
        h = rms_norm(x, W[p + "input_layernorm.weight"], eps)
        qkv = linear(h, W[p + "self_attn.qkv_proj.weight"])
        q = qkv[..., : H * hd].view(B, T, H, hd).transpose(1, 2)
        k = qkv[..., H * hd: (H + KV) * hd].view(B, T, KV, hd).transpose(1, 2)
        v = qkv[..., (H + KV) * hd:].view(B, T, KV, hd).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k, v = repeat_kv(k, H // KV), repeat_kv(v, H // KV)
        ctx, probs = attend(q, k, v, allowed, math.sqrt(hd))
        hooks[hk + "attn.hook_pattern"] = probs
        attn_out = linear(ctx.transpose(1, 2).reshape(B, T, H * hd), W[p + "self_attn.o_proj.weight"])
        hooks[hk + "hook_attn_out"] = attn_out
        x = x + attn_out
        hooks[hk + "hook_resid_mid"] = x
        h = rms_norm(x, W[p + "post_attention_layernorm.weight"], eps)
        gate_up = linear(h, W[p + "mlp.gate_up_proj.weight"])
        gate, up = gate_up[..., :F_], gate_up[..., F_:]
        hooks[hk + "mlp.hook_pre"] = gate
        hooks[hk + "mlp.hook_pre_linear"] = up
        post = F.silu(gate) * up
        if intervention and L in intervention:
            post = post.clone()
            post[..., intervention[L]] = 0.0
        hooks[hk + "mlp.hook_post"] = post
        mlp_out = linear(post, W[p + "mlp.down_proj.weight"])
        hooks[hk + "hook_mlp_out"] = mlp_out
        x = x + mlp_out
        hooks[hk + "hook_resid_post"] = x
    hooks["ln_final.hook_normalized"] = rms_normalized(x, eps)
    hooks["last_hidden_state"] = rms_norm(x, W["model.norm.weight"], eps)
    hooks["logits"] = final_head(cfg, W, x)
    return hooks


# OLMo 2 (arXiv 2501.00656): no norm before attention or MLP; RMSNorm on what each sub-block adds, before the
# residual add (x = x + norm(attn(x)); x = x + norm(mlp(x))), and RMSNorm of the whole q and k projections
# (gain over heads x head_dim, not per head) before RoPE.
def decoder_olmo2(cfg, W, ids, mask, dt=torch.float32, intervention=None):
    W = {k: v.to(dt) for k, v in W.items()}
    B, T = ids.shape
    D, H, KV = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or D // H
    eps = cfg["rms_norm_eps"]
    hooks = {}
    x = W["model.embed_tokens.weight"][ids]
    hooks["hook_embed"] = x
    inv_freq, _ = rope_inv_freq(cfg, hd)
    freqs = torch.arange(T, dtype=torch.float32)[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos().to(dt)[None, None], emb.sin().to(dt)[None, None]
    allowed = causal_allowed(mask, T)
    for L in range(cfg["num_hidden_layers"]):
        p, hk = f"model.layers.{L}.", f"blocks.{L}."
        q = rms_norm(linear(x, W[p + "self_attn.q_proj.weight"]), W[p + "self_attn.q_norm.weight"], eps)
        k = rms_norm(linear(x, W[p + "self_attn.k_proj.weight"]), W[p + "self_attn.k_norm.weight"], eps)
        v = linear(x, W[p + "self_attn.v_proj.weight"])
        q, k, v = (t.view(B, T, -1, hd).transpose(1, 2) for t in (q, k, v))
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k, v = repeat_kv(k, H // KV), repeat_kv(v, H // KV)
        ctx, probs = attend(q, k, v, allowed, math.sqrt(hd))
        hooks[hk + "attn.hook_pattern"] = probs
        attn_out = linear(ctx.transpose(1, 2).reshape(B, T, H * hd), W[p + "self_attn.o_proj.weight"])
        attn_out = rms_norm(attn_out, W[p + "post_attention_layernorm.weight"], eps)
        hooks[hk + "hook_attn_out"] = attn_out
        x = x + attn_out
        hooks[hk + "hook_resid_mid"] = x
        gate = linear(x, W[p + "mlp.gate_proj.weight"])
        up = linear(x, W[p + "mlp.up_proj.weight"])
        hooks[hk + "mlp.hook_pre"] = gate
        hooks[hk + "mlp.hook_pre_linear"] = up
        post = F.silu(gate) * up
        if intervention and L in intervention:
            post = post.clone()
            post[..., intervention[L]] = 0.0
        hooks[hk + "mlp.hook_post"] = post
        mlp_out = rms_norm(linear(post, W[p + "mlp.down_proj.weight"]), W[p + "post_feedforward_layernorm.weight"], eps)
        hooks[hk + "hook_mlp_out"] = mlp_out
        x = x + mlp_out
        hooks[hk + "hook_resid_post"] = x
    hooks["ln_final.hook_normalized"] = rms_normalized(x, eps)
    hooks["last_hidden_state"] = rms_norm(x, W["model.norm.weight"], eps)
    hooks["logits"] = final_head(cfg, W, x)
    return hooks


# Cohere Command-R / Aya 23 / Aya Expanse (Cohere's model cards; GPT-J-style parallel block): LayerNorm with a
# gain and no bias, attention and MLP both read ONE normed input and are added to the residual together,
# rotary embedding on interleaved pairs (2i, 2i+1), logits multiplied by logit_scale, tied embeddings.
def cohere_layer_norm(x, w, eps):  # bias-free LayerNorm, in (at least) fp32
    up = torch.float64 if x.dtype == torch.float64 else torch.float32
    xf = x.to(up)
    xc = xf - xf.mean(-1, keepdim=True)
    return (w.to(up) * (xc * torch.rsqrt(xc.pow(2).mean(-1, keepdim=True) + eps))).to(x.dtype)


def rope_interleaved(x, cos, sin):
    """Rotate each pair (x[2i], x[2i+1]) by angle pos * inv_freq[i]; cos/sin are [T, hd/2]."""
    x1, x2 = x[..., 0::2], x[..., 1::2]
    return torch.stack((x1 * cos - x2 * sin, x2 * cos + x1 * sin), dim=-1).flatten(-2)


def decoder_cohere(cfg, W, ids, mask, dt=torch.float32, intervention=None):
    assert not cfg.get("use_qk_norm"), "Command R+ q/k LayerNorm is not in this reference"
    W = {k: v.to(dt) for k, v in W.items()}
    B, T = ids.shape
    D, H, KV = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or D // H
    eps = cfg["layer_norm_eps"]
    hooks = {}
    x = W["model.embed_tokens.weight"][ids]
    hooks["hook_embed"] = x
    inv_freq, _ = rope_inv_freq(cfg, hd)
    freqs = torch.arange(T, dtype=torch.float32)[:, None] * inv_freq[None, :]  # [T, hd/2]
    cos, sin = freqs.cos().to(dt), freqs.sin().to(dt)
    allowed = causal_allowed(mask, T)
    for L in range(cfg["num_hidden_layers"]):
        p, hk = f"model.layers.{L}.", f"blocks.{L}."
        h = cohere_layer_norm(x, W[p + "input_layernorm.weight"], eps)
        q, k, v = (linear(h, W[p + f"self_attn.{n}_proj.weight"], W.get(p + f"self_attn.{n}_proj.bias"))
                   .view(B, T, -1, hd).transpose(1, 2) for n in "qkv")
        q, k = rope_interleaved(q, cos, sin), rope_interleaved(k, cos, sin)
        k, v = repeat_kv(k, H // KV), repeat_kv(v, H // KV)
        ctx, probs = attend(q, k, v, allowed, math.sqrt(hd))
        hooks[hk + "attn.hook_pattern"] = probs
        attn_out = linear(ctx.transpose(1, 2).reshape(B, T, H * hd), W[p + "self_attn.o_proj.weight"],
                          W.get(p + "self_attn.o_proj.bias"))
        hooks[hk + "hook_attn_out"] = attn_out
        # parallel block: resid_mid is bookkeeping (resid_pre + attn_out); the MLP reads h, not resid_mid
        hooks[hk + "hook_resid_mid"] = x + attn_out
        gate = linear(h, W[p + "mlp.gate_proj.weight"])
        up = linear(h, W[p + "mlp.up_proj.weight"])
        hooks[hk + "mlp.hook_pre"] = gate
        hooks[hk + "mlp.hook_pre_linear"] = up
        post = F.silu(gate) * up
        if intervention and L in intervention:
            post = post.clone()
            post[..., intervention[L]] = 0.0
        hooks[hk + "mlp.hook_post"] = post
        mlp_out = linear(post, W[p + "mlp.down_proj.weight"])
        hooks[hk + "hook_mlp_out"] = mlp_out
        x = x + attn_out + mlp_out
        hooks[hk + "hook_resid_post"] = x
    hooks["ln_final.hook_normalized"] = ln_normalized(x, eps)
    hooks["last_hidden_state"] = cohere_layer_norm(x, W["model.norm.weight"], eps)
    hooks["logits"] = final_head(cfg, W, x)
    return hooks


def final_head(cfg, W, x):
    """Final norm and unembedding of the OWN_KINDS families, on any residual [..., D] (the logit lens uses it)."""
    mt = cfg["model_type"]
    lm_head = W.get("lm_head.weight", W["model.embed_tokens.weight"])
    if mt == "cohere":
        xn = cohere_layer_norm(x, W["model.norm.weight"], cfg["layer_norm_eps"])
        return linear(xn, lm_head) * cfg.get("logit_scale", 0.0625)
    return linear(rms_norm(x, W["model.norm.weight"], cfg["rms_norm_eps"]), lm_head)


# BLOOM (arXiv 2211.05100, and ALiBi: Press et al., arXiv 2108.12409): no position embeddings; a LayerNorm right
# after the word embeddings; pre-LN blocks with biases everywhere; one fused query_key_value projection whose 3 * D
# output rows are laid out per head ([heads, 3, head_dim]: q, k, v of head 0, then of head 1, ...); attention
# scores q.k / sqrt(head_dim) minus slope_h * (query - key) for head h; GELU in Megatron's tanh form; final
# LayerNorm ln_f; lm_head tied to the word embeddings.
def alibi_slopes(n):
    """The ALiBi paper's slopes: for n a power of 2 the geometric sequence starting at 2^(-8/n) with that ratio;
    otherwise the slopes of the closest lower power of 2, m, then every other slope of 2m (its 1st, 3rd, ...) for
    the remaining n - m heads."""
    def power_of_2(k):
        start = 2 ** (-(2 ** -(math.log2(k) - 3)))  # = 2^(-8/k)
        return [start * start ** i for i in range(k)]
    if math.log2(n).is_integer():
        return power_of_2(n)
    m = 2 ** math.floor(math.log2(n))
    return power_of_2(m) + power_of_2(2 * m)[0::2][: n - m]


def bloom_gelu(x):  # Megatron/BLOOM's tanh approximation, with its literal constant sqrt(2/pi) ~ 0.79788456
    return x * 0.5 * (1.0 + torch.tanh(0.79788456 * x * (1 + 0.044715 * x * x)))


def bloom_weights(W):
    return strip_prefix(W, ["transformer."])


def bloom_final_head(cfg, W, x):
    """ln_f then the tied unembedding, on any residual [..., D] (the logit lens uses it)."""
    W = bloom_weights(W)
    xn = F.layer_norm(x, x.shape[-1:], W["ln_f.weight"], W["ln_f.bias"], cfg["layer_norm_epsilon"])
    return linear(xn, W.get("lm_head.weight", W["word_embeddings.weight"]))


def bloom_dims(cfg):
    D = cfg.get("hidden_size") or cfg["n_embed"]
    H = cfg.get("n_head") or cfg["num_attention_heads"]
    L = cfg.get("n_layer") or cfg["num_hidden_layers"]
    return D, H, L


def decoder_bloom(cfg, W, ids, mask, dt=torch.float32, intervention=None, alibi=True):
    """alibi=False drops the position bias (check.py uses it to show ALiBi matters)."""
    assert not cfg.get("apply_residual_connection_post_layernorm", False)
    W = bloom_weights({k: v.to(dt) for k, v in W.items()})
    B, T = ids.shape
    D, H, nL = bloom_dims(cfg)
    hd, eps = D // H, cfg["layer_norm_epsilon"]
    hooks = {}
    x = F.layer_norm(W["word_embeddings.weight"][ids], (D,), W["word_embeddings_layernorm.weight"],
                     W["word_embeddings_layernorm.bias"], eps)
    hooks["hook_embed"] = x  # the residual stream entering block 0 (after the embedding LayerNorm)
    pos = torch.arange(T)
    distance = (pos[:, None] - pos[None, :]).to(dt)  # query - key; right padding: positions 0..len-1
    slopes = torch.tensor(alibi_slopes(H), dtype=dt)
    bias = -slopes[:, None, None] * distance[None] if alibi else torch.zeros(H, T, T, dtype=dt)
    allowed = causal_allowed(mask, T)
    for L in range(nL):
        p, hk = f"h.{L}.", f"blocks.{L}."
        h = F.layer_norm(x, (D,), W[p + "input_layernorm.weight"], W[p + "input_layernorm.bias"], eps)
        qkv = linear(h, W[p + "self_attention.query_key_value.weight"], W[p + "self_attention.query_key_value.bias"])
        q, k, v = qkv.view(B, T, H, 3, hd).unbind(3)  # rows per head: its q, then its k, then its v
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(hd) + bias[None]
        probs = softmax(scores.masked_fill(~allowed, torch.finfo(scores.dtype).min))
        hooks[hk + "attn.hook_pattern"] = probs
        ctx = (probs @ v).transpose(1, 2).reshape(B, T, D)
        attn_out = linear(ctx, W[p + "self_attention.dense.weight"], W[p + "self_attention.dense.bias"])
        hooks[hk + "hook_attn_out"] = attn_out
        x = x + attn_out
        hooks[hk + "hook_resid_mid"] = x
        h = F.layer_norm(x, (D,), W[p + "post_attention_layernorm.weight"], W[p + "post_attention_layernorm.bias"],
                         eps)
        pre = linear(h, W[p + "mlp.dense_h_to_4h.weight"], W[p + "mlp.dense_h_to_4h.bias"])
        hooks[hk + "mlp.hook_pre"] = pre
        post = bloom_gelu(pre)
        if intervention and L in intervention:
            post = post.clone()
            post[..., intervention[L]] = 0.0
        hooks[hk + "mlp.hook_post"] = post
        mlp_out = linear(post, W[p + "mlp.dense_4h_to_h.weight"], W[p + "mlp.dense_4h_to_h.bias"])
        hooks[hk + "hook_mlp_out"] = mlp_out
        x = x + mlp_out
        hooks[hk + "hook_resid_post"] = x
    hooks["ln_final.hook_normalized"] = ln_normalized(x, eps)
    hooks["last_hidden_state"] = F.layer_norm(x, (D,), W["ln_f.weight"], W["ln_f.bias"], eps)
    hooks["logits"] = bloom_final_head(cfg, W, x)
    return hooks


# XGLM (arXiv 2112.10668; fairseq's transformer_lm): a pre-LN decoder with biases everywhere, erf GELU, token
# embeddings scaled by sqrt(d_model) and fairseq's fixed sinusoidal positions: a non-pad token's position is
# padding_idx + (number of non-pad tokens up to and including it), so the first real token reads row
# padding_idx + 1 = 2, whatever padding comes before it; pads read row padding_idx, which is all zeros.
# Each row is [sin(p w_0) .. sin(p w_{h-1}) | cos(p w_0) .. cos(p w_{h-1})] (two halves, not interleaved) with
# w_i = exp(-i ln(10000) / (h - 1)), h = d_model / 2, and it is added unscaled.
def xglm_sinusoids(rows, dim, padding_idx, dt):
    half = dim // 2
    step = math.log(10000) / (half - 1)
    freqs = torch.exp(torch.arange(half, dtype=torch.float32) * -step)
    angles = torch.arange(rows, dtype=torch.float32)[:, None] * freqs[None, :]
    table = torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)
    if dim % 2:
        table = torch.cat([table, torch.zeros(rows, 1)], dim=1)
    table[padding_idx] = 0
    return table.to(dt)


def xglm_positions(mask, padding_idx):
    """fairseq make_positions on the attention mask: padding_idx + cumsum for real tokens, padding_idx for pads."""
    m = mask.long()
    return torch.cumsum(m, dim=1) * m + padding_idx


def xglm_embed(cfg, W, ids, mask, dt):
    """(scaled token embeddings, position rows) [B, T, D] each."""
    D, pad = cfg["d_model"], cfg["pad_token_id"]
    scale = math.sqrt(D) if cfg.get("scale_embedding", True) else 1.0
    tok = W["model.embed_tokens.weight"][ids] * scale
    table = xglm_sinusoids(cfg["max_position_embeddings"] + 2, D, pad, dt)
    return tok, table[xglm_positions(mask, pad)]


def xglm_head(cfg, W, x):
    """Final LayerNorm (model.layer_norm, eps 1e-5) and the tied unembedding, on any residual [..., D]."""
    xn = F.layer_norm(x, x.shape[-1:], W["model.layer_norm.weight"], W["model.layer_norm.bias"], 1e-5)
    return linear(xn, W.get("lm_head.weight", W["model.embed_tokens.weight"]))


def decoder_xglm(cfg, W, ids, mask, dt=torch.float32, intervention=None):
    assert cfg.get("activation_function", "gelu") == "gelu", cfg.get("activation_function")
    W = {k: v.to(dt) for k, v in W.items()}
    B, T = ids.shape
    D, H = cfg["d_model"], cfg["attention_heads"]
    hd, eps = D // H, 1e-5  # XGLM's nn.LayerNorm keeps torch's default eps
    hooks = {}
    tok, pos = xglm_embed(cfg, W, ids, mask, dt)
    hooks["hook_pos_embed"] = pos
    x = tok + pos
    hooks["hook_embed"] = x
    allowed = causal_allowed(mask, T)
    for L in range(cfg["num_layers"]):
        p, hk = f"model.layers.{L}.", f"blocks.{L}."
        h = F.layer_norm(x, (D,), W[p + "self_attn_layer_norm.weight"], W[p + "self_attn_layer_norm.bias"], eps)
        q, k, v = (linear(h, W[p + f"self_attn.{n}_proj.weight"], W[p + f"self_attn.{n}_proj.bias"])
                   .view(B, T, H, hd).transpose(1, 2) for n in "qkv")
        ctx, probs = attend(q, k, v, allowed, math.sqrt(hd))
        hooks[hk + "attn.hook_pattern"] = probs
        attn_out = linear(ctx.transpose(1, 2).reshape(B, T, D), W[p + "self_attn.out_proj.weight"],
                          W[p + "self_attn.out_proj.bias"])
        hooks[hk + "hook_attn_out"] = attn_out
        x = x + attn_out
        hooks[hk + "hook_resid_mid"] = x
        h = F.layer_norm(x, (D,), W[p + "final_layer_norm.weight"], W[p + "final_layer_norm.bias"], eps)
        pre = linear(h, W[p + "fc1.weight"], W[p + "fc1.bias"])
        hooks[hk + "mlp.hook_pre"] = pre
        post = F.gelu(pre)  # erf form
        if intervention and L in intervention:
            post = post.clone()
            post[..., intervention[L]] = 0.0
        hooks[hk + "mlp.hook_post"] = post
        mlp_out = linear(post, W[p + "fc2.weight"], W[p + "fc2.bias"])
        hooks[hk + "hook_mlp_out"] = mlp_out
        x = x + mlp_out
        hooks[hk + "hook_resid_post"] = x
    hooks["ln_final.hook_normalized"] = ln_normalized(x, eps)
    hooks["last_hidden_state"] = F.layer_norm(x, (D,), W["model.layer_norm.weight"], W["model.layer_norm.bias"], eps)
    hooks["logits"] = xglm_head(cfg, W, x)
    return hooks


def roberta_position_ids(ids, padding_idx):
    # HF create_position_ids_from_input_ids: padding_idx + cumsum(non-pad) for real tokens, padding_idx for pads
    m = ids.ne(padding_idx).int()
    return (torch.cumsum(m, dim=1).type_as(m) * m).long() + padding_idx


def encoder_bert(cfg, W, ids, mask, dt=torch.float32, intervention=None, token_type_ids=None):
    W = strip_prefix({k: v.to(dt) for k, v in W.items()}, ["bert.", "roberta."])
    B, T = ids.shape
    D, H, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    assert cfg.get("hidden_act") == "gelu" and cfg.get("position_embedding_type", "absolute") == "absolute"
    hd = D // H
    if token_type_ids is None:
        token_type_ids = torch.zeros_like(ids)
    if cfg["model_type"] in ("xlm-roberta", "roberta"):
        pos_ids = roberta_position_ids(ids, cfg["pad_token_id"])
    else:
        pos_ids = torch.arange(T)[None].expand(B, T)
    hooks = {}
    tok = W["embeddings.word_embeddings.weight"][ids]
    tt = W["embeddings.token_type_embeddings.weight"][token_type_ids]
    pos = W["embeddings.position_embeddings.weight"][pos_ids]
    hooks["hook_token_type_embed"] = tt
    hooks["hook_pos_embed"] = pos
    x = F.layer_norm((tok + tt) + pos, (D,), W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"], eps)
    hooks["hook_embed"] = x
    allowed = pad_allowed(mask, T)
    for L in range(cfg["num_hidden_layers"]):
        p, hk = f"encoder.layer.{L}.", f"blocks.{L}."
        q, k, v = (linear(x, W[p + f"attention.self.{n}.weight"], W[p + f"attention.self.{n}.bias"])
                   .view(B, T, H, hd).transpose(1, 2) for n in ("query", "key", "value"))
        ctx, probs = attend(q, k, v, allowed, math.sqrt(hd))
        hooks[hk + "attn.hook_pattern"] = probs
        ctx = ctx.transpose(1, 2).reshape(B, T, D)
        attn_out = linear(ctx, W[p + "attention.output.dense.weight"], W[p + "attention.output.dense.bias"])
        hooks[hk + "hook_attn_out"] = attn_out
        resid_mid = attn_out + x
        hooks[hk + "hook_resid_mid"] = resid_mid
        h = F.layer_norm(resid_mid, (D,), W[p + "attention.output.LayerNorm.weight"],
                         W[p + "attention.output.LayerNorm.bias"], eps)
        pre = linear(h, W[p + "intermediate.dense.weight"], W[p + "intermediate.dense.bias"])
        hooks[hk + "mlp.hook_pre"] = pre
        post = F.gelu(pre)  # erf gelu
        if intervention and L in intervention:
            post = post.clone()
            post[..., intervention[L]] = 0.0
        hooks[hk + "mlp.hook_post"] = post
        mlp_out = linear(post, W[p + "output.dense.weight"], W[p + "output.dense.bias"])
        hooks[hk + "hook_mlp_out"] = mlp_out
        resid_post = mlp_out + h
        hooks[hk + "hook_resid_post"] = resid_post
        x = F.layer_norm(resid_post, (D,), W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"], eps)
        hooks[hk + "hook_normalized_resid_post"] = x
    hooks["last_hidden_state"] = x
    return hooks


def kind_of(cfg):
    mt = cfg["model_type"]
    if mt in LLAMA_TYPES:
        return "llama"
    if mt == "gpt2":
        return "gpt2"
    if mt in ENCODER_TYPES:
        return "encoder"
    if mt in GEMMA_TYPES:
        return "gemma"
    if mt in OWN_KINDS:
        return OWN_KINDS[mt]
    if mt in BLOOM_TYPES:
        return "bloom"
    if mt in XGLM_TYPES:
        return "xglm"
    raise NotImplementedError(mt)


def forward(cfg, W, ids, mask, dt=torch.float32, intervention=None):
    """All hooks for one run, plus pooled outputs (and log-probs for decoders)."""
    kind = kind_of(cfg)
    fn = {"llama": decoder_llama, "gpt2": decoder_gpt2, "encoder": encoder_bert, "gemma": decoder_gemma,
          "phi3": decoder_phi3, "olmo2": decoder_olmo2, "cohere": decoder_cohere,
          "bloom": decoder_bloom, "xglm": decoder_xglm}[kind]
    with torch.no_grad():
        hooks = fn(cfg, W, ids, mask, dt, intervention)
        hs = hooks["last_hidden_state"]
        lengths = mask.sum(1)
        m = mask.to(hs.dtype)[..., None]
        hooks["pooled.mean"] = (hs * m).sum(1) / m.sum(1)
        hooks["pooled.last"] = hs[torch.arange(ids.shape[0]), lengths - 1]
        if kind == "encoder":
            hooks["pooled.cls"] = hs[:, 0]
        else:
            lp = F.log_softmax(hooks["logits"].to(torch.float64 if dt == torch.float64 else torch.float32), -1)
            tgt = lp[:, :-1].gather(-1, ids[:, 1:, None])[..., 0]
            valid = torch.arange(ids.shape[1] - 1)[None] < (lengths - 1)[:, None]
            hooks["logprobs"] = torch.where(valid, tgt, torch.zeros_like(tgt)).to(dt)
    return hooks


# ---------------------------------------------------------------------------
# Descriptions (written into reference.json)
# ---------------------------------------------------------------------------
OWN_DESCRIPTIONS = {
    "phi3": {
        "attn.hook_pattern": "softmax(q k^T / sqrt(head_dim) + mask), q/k/v split from the fused qkv_proj, mask = "
                             "causal and sliding_window (query - key < sliding_window) on every layer",
        "mlp.hook_pre": "gate half of gate_up_proj(x) (its first intermediate_size rows), before SiLU",
        "mlp.hook_pre_linear": "up half of gate_up_proj(x) (its last intermediate_size rows)",
    },
    "olmo2": {
        "hook_attn_out": "post_attention_layernorm(o_proj output) (OLMo 2 normalises what it adds; the attention "
                         "reads the un-normed residual, q/k RMSNorm over the whole projection before RoPE)",
        "mlp.hook_pre": "gate_proj(resid_mid) (no norm before the MLP), before SiLU",
        "hook_mlp_out": "post_feedforward_layernorm(down_proj output), what is added to the residual stream",
    },
    "cohere": {
        "hook_resid_mid": "resid_pre + attn_out: bookkeeping only in Cohere's parallel block (the MLP reads "
                          "input_layernorm(resid_pre), not this), so resid_post = resid_mid + mlp_out still holds",
        "mlp.hook_pre": "gate_proj(input_layernorm(resid_pre)) (the same normed input as the attention), before SiLU",
        "attn.hook_pattern": "softmax(q k^T / sqrt(head_dim) + causal mask), rotary on interleaved pairs (2i, 2i+1)",
        "ln_final.hook_normalized": "(x-mean)*rsqrt(var+eps) before the gain (bias-free LayerNorm)",
        "last_hidden_state": "model.norm(x) (bias-free LayerNorm with gain) = lm_head input",
        "logits": "logit_scale * lm_head(last_hidden_state) (lm_head tied to embed_tokens)",
    },
    "bloom": {
        "hook_embed": "word_embeddings_layernorm(word_embeddings[input_ids]) (after the embedding LayerNorm = "
                      "residual stream entering block 0; BLOOM has no position embeddings)",
        "attn.hook_pattern": "softmax(q k^T / sqrt(head_dim) - slope_h * (query - key) + causal mask) (ALiBi; q/k/v "
                             "from the fused query_key_value, rows laid out [heads, 3, head_dim])",
        "hook_attn_out": "self_attention.dense output (with bias), before the residual add",
        "mlp.hook_pre": "mlp.dense_h_to_4h(post_attention_layernorm(resid_mid)), before GELU",
        "mlp.hook_post": "bloom_gelu(hook_pre) (tanh approximation) = input of mlp.dense_4h_to_h",
        "hook_mlp_out": "mlp.dense_4h_to_h output (with bias), before the residual add",
        "ln_final.hook_normalized": "(x-mean)*rsqrt(var+eps), before ln_f's gain and bias",
        "last_hidden_state": "ln_f(x) = lm_head input",
        "logits": "lm_head(last_hidden_state), lm_head tied to word_embeddings",
    },
    "xglm": {
        "hook_embed": "embed_tokens[input_ids] * sqrt(d_model) + hook_pos_embed (= residual stream entering block 0)",
        "hook_pos_embed": "fairseq sinusoid rows [sin | cos halves] at padding_idx + cumsum(attention_mask) (first "
                          "real token: row 2), not scaled",
        "hook_attn_out": "self_attn.out_proj output, before the residual add",
        "mlp.hook_pre": "fc1(final_layer_norm(resid_mid)), before the erf GELU",
        "mlp.hook_post": "gelu(fc1(...)) (erf form) = input of fc2",
        "hook_mlp_out": "fc2 output, before the residual add",
        "ln_final.hook_normalized": "(x-mean)*rsqrt(var+eps) before model.layer_norm's gain and bias",
        "last_hidden_state": "model.layer_norm(x) = lm_head input",
        "logits": "lm_head(last_hidden_state) (lm_head tied to embed_tokens)",
    },
}


def describe(name, kind):
    base = name.split(".", 2)[-1] if name.startswith("blocks.") else name
    if kind in OWN_DESCRIPTIONS:
        return OWN_DESCRIPTIONS[kind].get(base) or describe(name, "gpt2" if kind == "bloom" else "llama")
    d = {
        "hook_embed": {
            "llama": "token embeddings embed_tokens[input_ids] (= residual stream entering block 0)",
            "gpt2": "wte[input_ids] + wpe[position] (= residual stream entering block 0; TransformerLens' own "
                    "hook_embed would be wte[input_ids] only = hook_embed - hook_pos_embed)",
            "encoder": "LayerNorm(word_emb[input_ids] + token_type_emb[token_type_ids] + pos_emb[position_ids]) "
                       "(embedding-LayerNorm output = residual stream entering block 0; TransformerLens' own "
                       "hook_embed would be the pre-LN word embeddings only)",
            "gemma": "embed_tokens[input_ids] * sqrt(hidden_size) (normaliser cast to the compute dtype; = residual "
                     "stream entering block 0, as TransformerLens, which folds the scale into W_E)"}[kind],
        "hook_pos_embed": "position-embedding rows added to the token embeddings (wpe / position_embeddings)",
        "hook_token_type_embed": "token_type_embeddings[token_type_ids]",
        "attn.hook_pattern": {
            "gemma": "softmax(softcap(q k^T / sqrt(query_pre_attn_scalar or head_dim)) + mask), mask = causal, or a "
                     "sliding window (query - key < sliding_window) on Gemma 2's even layers [B, heads, query, key]",
        }.get(kind, "attention probabilities softmax(q k^T / sqrt(head_dim) + mask) [B, heads, query, key]"),
        "hook_attn_out": {
            "gemma": "o_proj output (Gemma 2: after post_attention_layernorm), what is added to the residual stream",
        }.get(kind, "attention output projection (o_proj / c_proj / attention.output.dense), before the residual add"),
        "hook_resid_mid": {
            "encoder": "attn_out + block input, BEFORE attention.output.LayerNorm (TransformerLens BertBlock)",
        }.get(kind, "resid_pre + attn_out"),
        "mlp.hook_pre": {"llama": "gate_proj(x), before SiLU", "gemma": "gate_proj(x), before tanh-GELU",
                         "gpt2": "c_fc(x), before gelu_new",
                         "encoder": "intermediate.dense(x), before erf-gelu"}[kind],
        "mlp.hook_pre_linear": "up_proj(x) (gated MLP only)",
        "mlp.hook_post": {"llama": "silu(gate_proj(x)) * up_proj(x) = input of down_proj",
                          "gemma": "gelu_tanh(gate_proj(x)) * up_proj(x) = input of down_proj",
                          "gpt2": "gelu_new(c_fc(x)) = input of mlp.c_proj",
                          "encoder": "gelu(intermediate.dense(x)) = input of output.dense"}[kind],
        "hook_mlp_out": {
            "gemma": "down_proj output (Gemma 2: after post_feedforward_layernorm), what is added to the residual stream",
        }.get(kind, "MLP output (down_proj / mlp.c_proj / output.dense), before the residual add"),
        "hook_resid_post": {
            "encoder": "mlp_out + LayerNorm'd resid_mid, BEFORE output.LayerNorm (TransformerLens BertBlock)",
        }.get(kind, "resid_mid + mlp_out (block output)"),
        "hook_normalized_resid_post": "output.LayerNorm(hook_resid_post) = block output (HF hidden_states[L+1])",
        "ln_final.hook_normalized": "final-norm normalized residual BEFORE the gain (and bias) as in TransformerLens: "
                                    "RMSNorm: x*rsqrt(mean(x^2)+eps); LayerNorm: (x-mean)*rsqrt(var+eps)",
        "last_hidden_state": {
            "encoder": "HF BertModel/XLMRobertaModel last_hidden_state = last block's hook_normalized_resid_post",
            }.get(kind, "HF base-model last_hidden_state = final norm output incl. gain/bias = lm_head input"),
        "logits": {
            "gemma": "lm_head(last_hidden_state) (tied to embed_tokens), Gemma 2: then final_logit_softcapping",
        }.get(kind, "lm_head(last_hidden_state) (lm_head tied to the token embeddings when the checkpoint has no "
                    "lm_head.weight)"),
        "logprobs": "log_softmax(logits[b, t])[input_ids[b, t+1]] for t < len_b - 1; 0 for t >= len_b - 1",
        "pooled.mean": "mean of last_hidden_state over positions with attention_mask 1",
        "pooled.last": "last_hidden_state at the last non-pad position (len_b - 1)",
        "pooled.cls": "last_hidden_state at position 0 (CLS / <s>)",
    }
    return d.get(base)


def seq_axes(base):
    if base.endswith("attn.hook_pattern"):
        return [2, 3]
    if base.startswith("pooled."):
        return []
    return [1]


# ---------------------------------------------------------------------------
# Writer
# ---------------------------------------------------------------------------
def write_reference(folder, family=None, description=None):
    torch.set_num_threads(1)
    old_ref = os.path.join(folder, "reference.json")
    if description is None and os.path.exists(old_ref):  # standalone re-run: keep tiny_models' description
        with open(old_ref) as f:
            description = json.load(f).get("description")
    cfg, W, tags, tok, tok_cfg = load_model(folder)
    kind = kind_of(cfg)
    texts, seqs, ids, mask, pad_id = reference_inputs(tok, tok_cfg)
    out = {"input_ids": ids, "attention_mask": mask}
    if kind == "encoder":
        out["token_type_ids"] = torch.zeros_like(ids)
        if cfg["model_type"] in ("xlm-roberta", "roberta"):
            out["position_ids"] = roberta_position_ids(ids, cfg["pad_token_id"])
    runs = {"batch": forward(cfg, W, ids, mask)}
    for i, s in enumerate(seqs):
        sid = torch.tensor([s])
        out[f"single.{i}.input_ids"] = sid
        runs[f"single.{i}"] = forward(cfg, W, sid, torch.ones_like(sid))
    if kind != "encoder":
        iv = forward(cfg, W, ids, mask, intervention=INTERVENTION)
        runs["batch.intervention"] = {k: iv[k] for k in ("logits", "logprobs")}
    meta = {}
    for run, hooks in runs.items():
        for k, v in hooks.items():
            name = f"{run}.{k}"
            out[name] = v.to(torch.float32).contiguous()
            meta[name] = {"shape": list(v.shape), "dtype": "F32", "hook": k, "seq_axes": seq_axes(k)}
            if k == "logprobs":
                meta[name]["seq_len_offset"] = -1
    for k in ("input_ids", "attention_mask", "token_type_ids", "position_ids") + tuple(
            f"single.{i}.input_ids" for i in range(len(seqs))):
        if k in out:
            meta[k] = {"shape": list(out[k].shape), "dtype": "I64", "seq_axes": [1]}
    save_file(out, os.path.join(folder, "reference.safetensors"), {"format": "pt"})
    hook_names = sorted({m["hook"] for m in meta.values() if "hook" in m})
    weight_dtypes = sorted(set(tags.values()))
    ref = {
        "family": family or os.path.basename(os.path.normpath(folder)),
        "description": description,
        "model_type": cfg["model_type"],
        "kind": "encoder" if kind == "encoder" else "decoder",
        "generator": "scripts/dev/reference/reference_forward.py (plain PyTorch, no transformers)",
        "torch_version": torch.__version__,
        "weights_dtype_on_disk": weight_dtypes,
        "compute_dtype": "float32 (weights up-cast to float32 before the forward)",
        "inputs": {
            "texts": texts,
            "token_ids": seqs,
            "lengths": [len(s) for s in seqs],
            "padding_side": "right",
            "pad_token_id": pad_id,
            "note": "batch = the 3 sequences right-padded to T=%d with attention_mask; single.{i} = sequence i "
                    "alone, unpadded, attention_mask all ones. position_ids are 0..T-1 (decoders, BERT); "
                    "XLM-R/RoBERTa use padding_idx+1+i for real tokens (see position_ids)." % max(LENGTHS),
        },
        "intervention": None if kind == "encoder" else {
            "hook": "blocks.{L}.mlp.hook_post",
            "zero_neurons": {str(k): v for k, v in INTERVENTION.items()},
            "applied_to": "batch (all positions)",
            "tensors": ["batch.intervention.logits", "batch.intervention.logprobs"],
        },
        "hooks": {h: describe(h, kind) for h in hook_names},
        "tensors": meta,
        "comparison": {
            "valid_positions_only": "values at padded positions (attention_mask 0) are not specified: compare only "
                                    "indices < len_b along every seq axis (seq_axes; logprobs use len_b-1)",
            "batched_vs_single_max_abs_diff": 1e-5,
            "suggested_java_atol": 1e-4,
        },
    }
    with open(os.path.join(folder, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    if kind != "encoder":
        import reference_lens  # imports this module: only here, once it is fully loaded
        reference_lens.write_lens(folder)
    return ref


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    for d in sys.argv[1:]:
        if os.path.exists(os.path.join(d, "expected.json")):  # hand-built model: planted_lens.py owns it
            print("skip", d, "(planted model, see planted_lens.py)")
            continue
        write_reference(d)
        print("wrote", os.path.join(d, "reference.safetensors"))
