#!/usr/bin/env python3
"""Build tiny, seeded, random transformer models in the Hugging Face folder layout
(config.json, model.safetensors, tokenizer.json, tokenizer_config.json) and, unless
--no-reference is given, the PyTorch reference outputs next to them
(reference.safetensors + reference.json, written by reference_forward.py).

Usage (from the repository root, Debian's python3 with python3-torch):
    /usr/bin/python3 scripts/dev/reference/tiny_models.py --out common/src/test/resources/fixtures/models

Weights are random, but chosen with O(1) activations (std ~ 1/sqrt(fan_in),
norm gains ~ 1 +- 0.1, biases ~ 0.1) so attention patterns are not uniform and
every nonlinearity matters. Everything is deterministic for a given torch version.
"""
import argparse
import json
import math
import os
import shutil
import sys

import torch

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import save_file  # noqa: E402

# ---------------------------------------------------------------------------
# Tokenizers (WordLevel + WhitespaceSplit; optional TemplateProcessing)
# ---------------------------------------------------------------------------
WORDS = (
    "the quick brown fox jumps over a lazy dog sat on mat today hello world again "
    "cat bird fish tree house car road river city sun moon star sky rain snow wind "
    "red green blue black white small big old new good bad fast slow hot cold "
    "run walk talk eat drink read write sing play see look find make take give "
    "is was are be has have do did not and or but if then so very "
    "one two three four five six seven eight nine ten "
    "apple bread water stone light dark tea up down left right"
).split()
assert len(WORDS) == len(set(WORDS)), "duplicate word"
# Note: "zebra" is deliberately NOT in the vocabulary (the reference texts use it to hit <unk>).


def _added(tok_id, content):
    return {"id": tok_id, "content": content, "single_word": False, "lstrip": False,
            "rstrip": False, "normalized": False, "special": True}


def make_tokenizer(specials, n_words, unk, template=None):
    """specials: list of special-token strings (ids 0..k-1, in order).
    template: None, or (prefix_token, suffix_token) either of which may be None."""
    vocab = {s: i for i, s in enumerate(specials)}
    for w in WORDS[:n_words]:
        vocab[w] = len(vocab)
    post = None
    if template is not None:
        pre, suf = template
        single, pair, sp = [], [], {}
        for t in ([pre] if pre else []):
            single.append({"SpecialToken": {"id": t, "type_id": 0}})
            pair.append({"SpecialToken": {"id": t, "type_id": 0}})
        single.append({"Sequence": {"id": "A", "type_id": 0}})
        pair.append({"Sequence": {"id": "A", "type_id": 0}})
        if suf:
            single.append({"SpecialToken": {"id": suf, "type_id": 0}})
            pair.append({"SpecialToken": {"id": suf, "type_id": 0}})
        pair.append({"Sequence": {"id": "B", "type_id": 1}})
        if suf:
            pair.append({"SpecialToken": {"id": suf, "type_id": 1}})
        for t in (pre, suf):
            if t:
                sp[t] = {"id": t, "ids": [vocab[t]], "tokens": [t]}
        post = {"type": "TemplateProcessing", "single": single, "pair": pair, "special_tokens": sp}
    tok = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [_added(vocab[s], s) for s in specials],
        "normalizer": None,
        "pre_tokenizer": {"type": "WhitespaceSplit"},
        "post_processor": post,
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": unk},
    }
    return tok, vocab


# ---------------------------------------------------------------------------
# Random weights
# ---------------------------------------------------------------------------
class Init:
    def __init__(self, seed):
        self.g = torch.Generator().manual_seed(seed)

    def randn(self, *shape):
        return torch.randn(*shape, generator=self.g, dtype=torch.float32)

    def linear(self, out_f, in_f, gain=1.0):  # nn.Linear layout [out, in]
        return self.randn(out_f, in_f) * (gain / math.sqrt(in_f))

    def conv1d(self, in_f, out_f, gain=1.0):  # GPT-2 Conv1D layout [in, out]
        return self.randn(in_f, out_f) * (gain / math.sqrt(in_f))

    def gain(self, n):
        return 1.0 + 0.1 * self.randn(n)

    def bias(self, n):
        return 0.1 * self.randn(n)


def llama_like_weights(c, seed):
    """HF LlamaForCausalLM / MistralForCausalLM / Qwen2ForCausalLM / Qwen3ForCausalLM names."""
    r = Init(seed)
    D, F, V = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    H, KV = c["num_attention_heads"], c["num_key_value_heads"]
    hd = c.get("head_dim") or D // H
    qkv_bias = c["model_type"] == "qwen2" or c.get("attention_bias", False)
    qk_norm = c["model_type"] == "qwen3"
    w = {"model.embed_tokens.weight": r.randn(V, D)}
    for L in range(c["num_hidden_layers"]):
        p = f"model.layers.{L}."
        w[p + "input_layernorm.weight"] = r.gain(D)
        w[p + "self_attn.q_proj.weight"] = r.linear(H * hd, D, 1.5)
        w[p + "self_attn.k_proj.weight"] = r.linear(KV * hd, D, 1.5)
        w[p + "self_attn.v_proj.weight"] = r.linear(KV * hd, D)
        if qkv_bias:
            w[p + "self_attn.q_proj.bias"] = r.bias(H * hd)
            w[p + "self_attn.k_proj.bias"] = r.bias(KV * hd)
            w[p + "self_attn.v_proj.bias"] = r.bias(KV * hd)
        if qk_norm:
            w[p + "self_attn.q_norm.weight"] = r.gain(hd)
            w[p + "self_attn.k_norm.weight"] = r.gain(hd)
        w[p + "self_attn.o_proj.weight"] = r.linear(D, H * hd)
        w[p + "post_attention_layernorm.weight"] = r.gain(D)
        w[p + "mlp.gate_proj.weight"] = r.linear(F, D)
        w[p + "mlp.up_proj.weight"] = r.linear(F, D)
        w[p + "mlp.down_proj.weight"] = r.linear(D, F)
    w["model.norm.weight"] = r.gain(D)
    lm_head = r.linear(V, D, 2.0)
    if not c.get("tie_word_embeddings", False):
        w["lm_head.weight"] = lm_head  # tied checkpoints omit lm_head.weight (as save_pretrained does)
    return w


def gemma_weights(c, seed):
    """HF GemmaForCausalLM / Gemma2ForCausalLM names; tied embeddings (no lm_head.weight). RMSNorm weights are
    stored as offsets from a unit gain (the model multiplies by 1 + w), so they are drawn around 0."""
    r = Init(seed)
    D, F, V = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    H, KV, hd = c["num_attention_heads"], c["num_key_value_heads"], c["head_dim"]
    g3 = c["model_type"] == "gemma3_text"
    g2 = c["model_type"] == "gemma2" or g3
    # Gemma 2: large q/k so attention scores reach tens and the attention soft-cap (50) bends them
    qk_gain = 4.0 if g2 else 1.5

    def offset(n):
        return 0.1 * r.randn(n)

    w = {"model.embed_tokens.weight": r.randn(V, D)}
    for L in range(c["num_hidden_layers"]):
        p = f"model.layers.{L}."
        w[p + "input_layernorm.weight"] = offset(D)
        w[p + "self_attn.q_proj.weight"] = r.linear(H * hd, D, qk_gain)
        w[p + "self_attn.k_proj.weight"] = r.linear(KV * hd, D, qk_gain)
        w[p + "self_attn.v_proj.weight"] = r.linear(KV * hd, D)
        if g3:
            w[p + "self_attn.q_norm.weight"] = offset(hd)
            w[p + "self_attn.k_norm.weight"] = offset(hd)
        w[p + "self_attn.o_proj.weight"] = r.linear(D, H * hd)
        w[p + "post_attention_layernorm.weight"] = offset(D)
        if g2:
            w[p + "pre_feedforward_layernorm.weight"] = offset(D)
            w[p + "post_feedforward_layernorm.weight"] = offset(D)
        w[p + "mlp.gate_proj.weight"] = r.linear(F, D)
        w[p + "mlp.up_proj.weight"] = r.linear(F, D)
        w[p + "mlp.down_proj.weight"] = r.linear(D, F)
    w["model.norm.weight"] = offset(D)
    return w


def own_block_weights(c, seed):
    """HF Phi3ForCausalLM (fused qkv_proj / gate_up_proj), Olmo2ForCausalLM (q/k norm over the whole projection,
    post-attention / post-feedforward norms, no input norm) and CohereForCausalLM (input_layernorm only, a
    bias-free LayerNorm gain; tied embeddings) names."""
    r = Init(seed)
    mt = c["model_type"]
    D, F, V = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    H, KV = c["num_attention_heads"], c["num_key_value_heads"]
    hd = c.get("head_dim") or D // H
    w = {"model.embed_tokens.weight": r.randn(V, D)}
    for L in range(c["num_hidden_layers"]):
        p = f"model.layers.{L}."
        if mt != "olmo2":
            w[p + "input_layernorm.weight"] = r.gain(D)
        q, k, v = r.linear(H * hd, D, 1.5), r.linear(KV * hd, D, 1.5), r.linear(KV * hd, D)
        if mt == "phi3":
            w[p + "self_attn.qkv_proj.weight"] = torch.cat([q, k, v], dim=0)
        else:
            w[p + "self_attn.q_proj.weight"], w[p + "self_attn.k_proj.weight"] = q, k
            w[p + "self_attn.v_proj.weight"] = v
        if mt == "olmo2":
            w[p + "self_attn.q_norm.weight"] = r.gain(H * hd)
            w[p + "self_attn.k_norm.weight"] = r.gain(KV * hd)
        w[p + "self_attn.o_proj.weight"] = r.linear(D, H * hd)
        if mt != "cohere":
            w[p + "post_attention_layernorm.weight"] = r.gain(D)
        if mt == "olmo2":
            w[p + "post_feedforward_layernorm.weight"] = r.gain(D)
        gate, up = r.linear(F, D), r.linear(F, D)
        if mt == "phi3":
            w[p + "mlp.gate_up_proj.weight"] = torch.cat([gate, up], dim=0)
        else:
            w[p + "mlp.gate_proj.weight"], w[p + "mlp.up_proj.weight"] = gate, up
        w[p + "mlp.down_proj.weight"] = r.linear(D, F)
    w["model.norm.weight"] = r.gain(D)
    if not c.get("tie_word_embeddings", False):
        w["lm_head.weight"] = r.linear(V, D, 2.0)
    return w


def gpt2_weights(c, seed):
    """HF GPT2Model names without the 'transformer.' prefix (as in the hub gpt2 model.safetensors)."""
    r = Init(seed)
    D, V, P = c["n_embd"], c["vocab_size"], c["n_positions"]
    F = c.get("n_inner") or 4 * D
    w = {"wte.weight": r.randn(V, D), "wpe.weight": 0.5 * r.randn(P, D)}
    for L in range(c["n_layer"]):
        p = f"h.{L}."
        w[p + "ln_1.weight"], w[p + "ln_1.bias"] = r.gain(D), r.bias(D)
        qk = r.conv1d(D, 2 * D, 1.5)
        w[p + "attn.c_attn.weight"] = torch.cat([qk, r.conv1d(D, D)], dim=1)  # [D, 3D] = q|k|v
        w[p + "attn.c_attn.bias"] = r.bias(3 * D)
        w[p + "attn.c_proj.weight"], w[p + "attn.c_proj.bias"] = r.conv1d(D, D), r.bias(D)
        w[p + "ln_2.weight"], w[p + "ln_2.bias"] = r.gain(D), r.bias(D)
        w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"] = r.conv1d(D, F), r.bias(F)
        w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"] = r.conv1d(F, D), r.bias(D)
    w["ln_f.weight"], w["ln_f.bias"] = r.gain(D), r.bias(D)
    return w


def bloom_weights(c, seed):
    """HF BloomForCausalLM names (with the 'transformer.' prefix save_pretrained gives them; lm_head tied, omitted).
    query_key_value holds q, k and v per head: its 3 * D rows are [heads, 3, head_dim]."""
    r = Init(seed)
    D, H, V = c["hidden_size"], c["n_head"], c["vocab_size"]
    hd, F = D // H, 4 * D
    w = {"word_embeddings.weight": r.randn(V, D),
         "word_embeddings_layernorm.weight": r.gain(D), "word_embeddings_layernorm.bias": r.bias(D)}
    for L in range(c["n_layer"]):
        p = f"h.{L}."
        w[p + "input_layernorm.weight"], w[p + "input_layernorm.bias"] = r.gain(D), r.bias(D)
        q, k, v = r.linear(D, D, 1.5), r.linear(D, D, 1.5), r.linear(D, D)
        # [3, H, hd, D] -> [H, 3, hd, D]: each head's q rows, then its k rows, then its v rows
        w[p + "self_attention.query_key_value.weight"] = \
            torch.stack([q, k, v]).view(3, H, hd, D).transpose(0, 1).reshape(3 * D, D)
        w[p + "self_attention.query_key_value.bias"] = r.bias(3 * D)
        w[p + "self_attention.dense.weight"], w[p + "self_attention.dense.bias"] = r.linear(D, D), r.bias(D)
        w[p + "post_attention_layernorm.weight"], w[p + "post_attention_layernorm.bias"] = r.gain(D), r.bias(D)
        w[p + "mlp.dense_h_to_4h.weight"], w[p + "mlp.dense_h_to_4h.bias"] = r.linear(F, D), r.bias(F)
        w[p + "mlp.dense_4h_to_h.weight"], w[p + "mlp.dense_4h_to_h.bias"] = r.linear(D, F), r.bias(D)
    w["ln_f.weight"], w["ln_f.bias"] = r.gain(D), r.bias(D)
    return {"transformer." + k: t for k, t in w.items()}


def xglm_weights(c, seed):
    """HF XGLMForCausalLM names (model.layers.N.self_attn.{q,k,v,out}_proj, self_attn_layer_norm, fc1, fc2,
    final_layer_norm, model.layer_norm); biases everywhere; lm_head tied to embed_tokens, so not stored. Token
    embeddings ~ 1/sqrt(d_model), so that after the sqrt(d_model) scale they are as large as the sinusoids."""
    r = Init(seed)
    D, F, V = c["d_model"], c["ffn_dim"], c["vocab_size"]
    w = {"model.embed_tokens.weight": r.randn(V, D) / math.sqrt(D)}
    for L in range(c["num_layers"]):
        p = f"model.layers.{L}."
        w[p + "self_attn_layer_norm.weight"], w[p + "self_attn_layer_norm.bias"] = r.gain(D), r.bias(D)
        for n, gain in (("q", 1.5), ("k", 1.5), ("v", 1.0), ("out", 1.0)):
            w[p + f"self_attn.{n}_proj.weight"] = r.linear(D, D, gain)
            w[p + f"self_attn.{n}_proj.bias"] = r.bias(D)
        w[p + "final_layer_norm.weight"], w[p + "final_layer_norm.bias"] = r.gain(D), r.bias(D)
        w[p + "fc1.weight"], w[p + "fc1.bias"] = r.linear(F, D), r.bias(F)
        w[p + "fc2.weight"], w[p + "fc2.bias"] = r.linear(D, F), r.bias(D)
    w["model.layer_norm.weight"], w["model.layer_norm.bias"] = r.gain(D), r.bias(D)
    return w


def bert_like_weights(c, seed, prefix, extra_head):
    """HF BertModel / XLMRobertaModel names; prefix '' (BertModel / sentence-transformers style)
    or 'bert.' / 'roberta.' (saved from a *ForMaskedLM / *ForSequenceClassification model)."""
    r = Init(seed)
    D, F, V = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    P, TV = c["max_position_embeddings"], c["type_vocab_size"]
    w = {
        "embeddings.word_embeddings.weight": r.randn(V, D),
        "embeddings.position_embeddings.weight": 0.5 * r.randn(P, D),
        "embeddings.token_type_embeddings.weight": 0.5 * r.randn(TV, D),
        "embeddings.LayerNorm.weight": r.gain(D),
        "embeddings.LayerNorm.bias": r.bias(D),
    }
    for L in range(c["num_hidden_layers"]):
        p = f"encoder.layer.{L}."
        for n, g in (("query", 1.5), ("key", 1.5), ("value", 1.0)):
            w[p + f"attention.self.{n}.weight"] = r.linear(D, D, g)
            w[p + f"attention.self.{n}.bias"] = r.bias(D)
        w[p + "attention.output.dense.weight"] = r.linear(D, D)
        w[p + "attention.output.dense.bias"] = r.bias(D)
        w[p + "attention.output.LayerNorm.weight"] = r.gain(D)
        w[p + "attention.output.LayerNorm.bias"] = r.bias(D)
        w[p + "intermediate.dense.weight"] = r.linear(F, D)
        w[p + "intermediate.dense.bias"] = r.bias(F)
        w[p + "output.dense.weight"] = r.linear(D, F)
        w[p + "output.dense.bias"] = r.bias(D)
        w[p + "output.LayerNorm.weight"] = r.gain(D)
        w[p + "output.LayerNorm.bias"] = r.bias(D)
    if extra_head == "pooler":  # BertModel(add_pooling_layer=True): unused by the reference
        w["pooler.dense.weight"], w["pooler.dense.bias"] = r.linear(D, D), r.bias(D)
    w = {prefix + k: v for k, v in w.items()}
    if extra_head == "lm_head":  # XLMRobertaForMaskedLM head (decoder weight tied, omitted): unused
        w["lm_head.dense.weight"], w["lm_head.dense.bias"] = r.linear(D, D), r.bias(D)
        w["lm_head.layer_norm.weight"], w["lm_head.layer_norm.bias"] = r.gain(D), r.bias(D)
        w["lm_head.bias"] = r.bias(V)
    return w


# ---------------------------------------------------------------------------
# Families
# ---------------------------------------------------------------------------
LLAMA_SPECIALS = ["<unk>", "<s>", "</s>", "<pad>"]


def llama_config(model_type="llama", arch="LlamaForCausalLM", **kw):
    c = {
        "architectures": [arch],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "hidden_act": "silu",
        "hidden_size": 32,
        "initializer_range": 0.02,
        "intermediate_size": 64,
        "max_position_embeddings": 64,
        "mlp_bias": False,
        "model_type": model_type,
        "num_attention_heads": 4,
        "num_hidden_layers": 2,
        "num_key_value_heads": 2,
        "pretraining_tp": 1,
        "rms_norm_eps": 1e-5,
        "rope_scaling": None,
        "rope_theta": 10000.0,
        "tie_word_embeddings": False,
        "torch_dtype": "float32",
        "use_cache": True,
        "vocab_size": 96,
    }
    c.update(kw)
    return c


GEMMA_SPECIALS = ["<pad>", "<eos>", "<bos>", "<unk>"]  # Gemma's ids 0..3


def gemma_config(model_type, arch, **kw):
    c = {
        "architectures": [arch],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": 2,
        "eos_token_id": 1,
        "head_dim": 16,
        "hidden_act": "gelu",  # legacy key of real Gemma configs; hidden_activation is what counts
        "hidden_activation": "gelu_pytorch_tanh",
        "hidden_size": 32,
        "initializer_range": 0.02,
        "intermediate_size": 32,
        "max_position_embeddings": 64,
        "model_type": model_type,
        "num_attention_heads": 4,
        "num_hidden_layers": 2,
        "num_key_value_heads": 1,
        "pad_token_id": 0,
        "rms_norm_eps": 1e-6,
        "rope_theta": 10000.0,
        "tie_word_embeddings": True,
        "torch_dtype": "float32",
        "use_cache": True,
        "vocab_size": 96,
    }
    c.update(kw)
    return c


def families():
    """name -> dict(config, weights_fn, seed, tokenizer args, store_dtype, description)."""
    llama_tok = dict(specials=LLAMA_SPECIALS, n_words=92, unk="<unk>", template=("<s>", None),
                     cfg={"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
                          "add_bos_token": True, "add_eos_token": False})
    qwen_tok = dict(llama_tok, n_words=88)  # tokenizer smaller than vocab_size (as in real Qwen checkpoints)
    fam = {}
    fam["llama"] = dict(
        desc="Llama: GQA (4 heads, 2 kv heads, head_dim 8), untied lm_head, rope_theta 1e4, SwiGLU",
        config=llama_config(), seed=1001, tok=llama_tok, weights=llama_like_weights)
    fam["llama-rope-scaled"] = dict(
        desc="Llama 3.1-style rope_scaling (rope_type llama3, factor 8, original_max_position_embeddings 64); "
             "MQA (2 heads, 1 kv head) so head_dim is 16 and all three llama3 frequency bands are hit",
        config=llama_config(num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=512,
                            rope_scaling={"factor": 8.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                                          "original_max_position_embeddings": 64, "rope_type": "llama3"}),
        seed=1002, tok=llama_tok, weights=llama_like_weights)
    fam["llama-bf16"] = dict(
        desc="Same weights as 'llama' (same seed) stored as BF16; reference = fp32 forward of the up-cast BF16 weights",
        config=llama_config(torch_dtype="bfloat16"), seed=1001, tok=llama_tok, weights=llama_like_weights,
        store_dtype=torch.bfloat16)
    fam["llama-f16"] = dict(
        desc="Same weights as 'llama' (same seed) stored as F16; reference = fp32 forward of the up-cast F16 weights",
        config=llama_config(torch_dtype="float16"), seed=1001, tok=llama_tok, weights=llama_like_weights,
        store_dtype=torch.float16)
    fam["mistral"] = dict(
        desc="Mistral: GQA, tie_word_embeddings=true (no lm_head.weight in the checkpoint), rope_theta 1e6",
        config=llama_config("mistral", "MistralForCausalLM", rope_theta=1000000.0, sliding_window=None,
                            tie_word_embeddings=True),
        seed=1003, tok=llama_tok, weights=llama_like_weights)
    for k in ("attention_bias", "mlp_bias", "pretraining_tp"):
        fam["mistral"]["config"].pop(k)
    fam["mistral-window"] = dict(
        desc="Mistral v0.1-style sliding_window 4 (v0.1: 4096) on every layer < the 7-token sequence; otherwise "
             "'mistral' (same seed, same weights), so positions < 4 equal mistral's and later ones differ",
        config=dict(fam["mistral"]["config"], sliding_window=4),
        seed=1003, tok=llama_tok, weights=llama_like_weights)
    qwen2 = llama_config("qwen2", "Qwen2ForCausalLM", rope_theta=1000000.0, rms_norm_eps=1e-6,
                         use_sliding_window=False, sliding_window=None, max_window_layers=2,
                         bos_token_id=1, eos_token_id=2)
    for k in ("attention_bias", "mlp_bias", "pretraining_tp"):
        qwen2.pop(k)
    fam["qwen2"] = dict(desc="Qwen2: q/k/v projections with bias (o_proj without), untied, rope_theta 1e6, "
                             "tokenizer (92 tokens) smaller than vocab_size (96)",
                        config=qwen2, seed=1004, tok=qwen_tok, weights=llama_like_weights)
    qwen3 = llama_config("qwen3", "Qwen3ForCausalLM", rope_theta=1000000.0, rms_norm_eps=1e-6, head_dim=16,
                         use_sliding_window=False, sliding_window=None, max_window_layers=2,
                         tie_word_embeddings=True)
    for k in ("mlp_bias", "pretraining_tp"):
        qwen3.pop(k)
    fam["qwen3"] = dict(desc="Qwen3: per-head RMSNorm q_norm/k_norm (before RoPE), explicit head_dim 16 != "
                             "hidden_size/num_attention_heads (8), tied embeddings, rope_theta 1e6",
                        config=qwen3, seed=1005, tok=qwen_tok, weights=llama_like_weights)
    gemma_tok = dict(specials=GEMMA_SPECIALS, n_words=92, unk="<unk>", template=("<bos>", None),
                     cfg={"bos_token": "<bos>", "eos_token": "<eos>", "unk_token": "<unk>", "pad_token": "<pad>",
                          "add_bos_token": True, "add_eos_token": False})
    fam["gemma"] = dict(
        desc="Gemma 1: MQA (4 heads, 1 kv head), head_dim 16 != hidden/heads (8), GeGLU with tanh-GELU "
             "(hidden_activation gelu_pytorch_tanh; legacy hidden_act 'gelu' ignored), RMSNorm gain (1 + w) in fp32, "
             "embeddings scaled by sqrt(32), tied lm_head",
        config=gemma_config("gemma", "GemmaForCausalLM"), seed=1009, tok=gemma_tok, weights=gemma_weights)
    fam["gemma2"] = dict(
        desc="Gemma 2: GQA (4 heads, 2 kv heads, head_dim 16), post-attention and pre/post-feedforward RMSNorms, "
             "query_pre_attn_scalar 24 (!= head_dim), attention soft-cap 50 and final logit soft-cap 30 (q/k weights "
             "scaled so both bend the result), sliding_window 4 on layer 0 (even layers) < the 7-token sequence",
        config=gemma_config("gemma2", "Gemma2ForCausalLM", num_key_value_heads=2, query_pre_attn_scalar=24,
                            attn_logit_softcapping=50.0, final_logit_softcapping=30.0, sliding_window=4,
                            cache_implementation="hybrid"),
        seed=1010, tok=gemma_tok, weights=gemma_weights)
    phi3 = llama_config("phi3", "Phi3ForCausalLM", sliding_window=4, original_max_position_embeddings=64,
                        resid_pdrop=0.0, embd_pdrop=0.0, pad_token_id=3)
    for k in ("mlp_bias", "pretraining_tp"):
        phi3.pop(k)
    fam["phi3"] = dict(
        desc="Phi-3: fused qkv_proj [(4 + 2 + 2) x 8, 32] (GQA 4/2) and gate_up_proj [2 x 64, 32] split on load, "
             "default RoPE, sliding_window 4 on every layer (Phi-3 mini: 2047) < the 7-token sequence, untied lm_head",
        config=phi3, seed=1011, tok=llama_tok, weights=own_block_weights)
    phi3_long = dict(phi3, original_max_position_embeddings=4, sliding_window=None,
                     rope_scaling={"type": "longrope",
                                   "long_factor": [1.0, 1.5, 3.0, 8.0], "short_factor": [1.0, 1.1, 1.3, 2.0]})
    fam["phi3-longrope"] = dict(
        desc="Phi-3 with LongRoPE (rope_scaling type longrope, as Phi-3-mini-128k): original_max_position_embeddings "
             "4 < max_position_embeddings 64, so cos/sin are scaled by sqrt(1 + ln 16 / ln 4) and the 7- and 5-token "
             "sequences use long_factor, the 3-token one short_factor (chosen per sequence by its length)",
        config=phi3_long, seed=1015, tok=llama_tok, weights=own_block_weights)
    olmo2 = llama_config("olmo2", "Olmo2ForCausalLM", rms_norm_eps=1e-6, rope_theta=500000.0, pad_token_id=3)
    for k in ("mlp_bias", "pretraining_tp"):
        olmo2.pop(k)
    fam["olmo2"] = dict(
        desc="OLMo 2: no pre-norms; RMSNorm after attention and after the MLP, before each residual add; q_norm "
             "[32] / k_norm [16] RMSNorm over the whole q/k projection (not per head) before RoPE; GQA 4/2, "
             "rope_theta 5e5, untied lm_head",
        config=olmo2, seed=1012, tok=llama_tok, weights=own_block_weights)
    cohere = llama_config("cohere", "CohereForCausalLM", layer_norm_eps=1e-5, logit_scale=0.125, use_qk_norm=False,
                          tie_word_embeddings=True, pad_token_id=3)
    for k in ("mlp_bias", "pretraining_tp", "rms_norm_eps"):
        cohere.pop(k)
    fam["cohere"] = dict(
        desc="Cohere (Command-R / Aya 23 / Aya Expanse): bias-free LayerNorm, attention and MLP in parallel from "
             "one normed input, rotary on interleaved pairs (2i, 2i+1), logits x logit_scale 0.125, tied "
             "embeddings, GQA 4/2",
        config=cohere, seed=1013, tok=llama_tok, weights=own_block_weights)
    fam["gemma3_text"] = dict(
        desc="Gemma 3 text: Gemma 2's block with per-head q_norm/k_norm ((1 + w) gain, before RoPE), no soft-caps, "
             "sliding_window 4 on layer 0 (sliding_window_pattern 2: every 2nd layer global) with RoPE base "
             "rope_local_base_freq 1e4 unscaled, layer 1 global with rope_theta 1e6 and linear rope_scaling "
             "factor 8, query_pre_attn_scalar 24, GQA 4/2, head_dim 16",
        config=gemma_config("gemma3_text", "Gemma3ForCausalLM", num_key_value_heads=2, query_pre_attn_scalar=24,
                            attn_logit_softcapping=None, final_logit_softcapping=None, sliding_window=4,
                            sliding_window_pattern=2, rope_theta=1000000.0, rope_local_base_freq=10000.0,
                            rope_scaling={"rope_type": "linear", "factor": 8.0}),
        seed=1014, tok=gemma_tok, weights=gemma_weights)
    fam["gemma3_text"]["config"].pop("hidden_act")
    fam["gpt2"] = dict(
        desc="GPT-2: learned absolute positions, pre-LN, Conv1D weights [in, out], fused c_attn (q|k|v), "
             "gelu_new, lm_head tied to wte",
        config={
            "activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1,
            "bos_token_id": 0, "embd_pdrop": 0.1, "eos_token_id": 0, "initializer_range": 0.02,
            "layer_norm_epsilon": 1e-5, "model_type": "gpt2", "n_ctx": 64, "n_embd": 32, "n_head": 4,
            "n_inner": None, "n_layer": 2, "n_positions": 64, "reorder_and_upcast_attn": False,
            "resid_pdrop": 0.1, "scale_attn_by_inverse_layer_idx": False, "scale_attn_weights": True,
            "summary_activation": None, "summary_first_dropout": 0.1, "summary_proj_to_labels": True,
            "summary_type": "cls_index", "summary_use_proj": True, "torch_dtype": "float32",
            "use_cache": True, "vocab_size": 96},
        seed=1006, weights=gpt2_weights,
        tok=dict(specials=["<|endoftext|>", "<pad>"], n_words=94, unk="<|endoftext|>", template=None,
                 cfg={"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>",
                      "pad_token": "<pad>"}))
    fam["bert"] = dict(
        desc="BERT encoder (BertModel names, no 'bert.' prefix, plus unused pooler.*): post-LN, absolute "
             "positions 0..T-1, token_type embeddings (all type 0), erf gelu, layer_norm_eps 1e-12",
        config={
            "architectures": ["BertModel"], "attention_probs_dropout_prob": 0.1, "classifier_dropout": None,
            "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "hidden_size": 32, "initializer_range": 0.02,
            "intermediate_size": 64, "layer_norm_eps": 1e-12, "max_position_embeddings": 64,
            "model_type": "bert", "num_attention_heads": 4, "num_hidden_layers": 2, "pad_token_id": 0,
            "position_embedding_type": "absolute", "torch_dtype": "float32", "type_vocab_size": 2,
            "use_cache": True, "vocab_size": 96},
        seed=1007, weights=lambda c, s: bert_like_weights(c, s, "", "pooler"),
        tok=dict(specials=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], n_words=91, unk="[UNK]",
                 template=("[CLS]", "[SEP]"),
                 cfg={"cls_token": "[CLS]", "sep_token": "[SEP]", "unk_token": "[UNK]", "pad_token": "[PAD]",
                      "mask_token": "[MASK]"}))
    fam["xlm-roberta"] = dict(
        desc="XLM-RoBERTa encoder saved from XLMRobertaForMaskedLM: tensor names carry the 'roberta.' prefix "
             "and an unused lm_head.*; positions = padding_idx + 1 + index for real tokens (padding_idx for "
             "pads), max_position_embeddings = 32 + 2, type_vocab_size 1, layer_norm_eps 1e-5",
        config={
            "architectures": ["XLMRobertaForMaskedLM"], "attention_probs_dropout_prob": 0.1, "bos_token_id": 0,
            "classifier_dropout": None, "eos_token_id": 2, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
            "hidden_size": 32, "initializer_range": 0.02, "intermediate_size": 64, "layer_norm_eps": 1e-5,
            "max_position_embeddings": 34, "model_type": "xlm-roberta", "num_attention_heads": 4,
            "num_hidden_layers": 2, "pad_token_id": 1, "position_embedding_type": "absolute",
            "torch_dtype": "float32", "type_vocab_size": 1, "use_cache": True, "vocab_size": 96},
        seed=1008, weights=lambda c, s: bert_like_weights(c, s, "roberta.", "lm_head"),
        tok=dict(specials=["<s>", "<pad>", "</s>", "<unk>", "<mask>"], n_words=91, unk="<unk>",
                 template=("<s>", "</s>"),
                 cfg={"bos_token": "<s>", "eos_token": "</s>", "cls_token": "<s>", "sep_token": "</s>",
                      "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>"}))
    add_bloom(fam)
    fam["xglm"] = xglm_family()
    return fam


def add_bloom(fam):
    """BLOOM (bigscience/bloom-560m's config keys): 6 heads, so ALiBi takes the slopes of 4 heads plus every other
    slope of 8 (the non-power-of-2 construction); no BOS (BLOOM's tokenizer adds none)."""
    fam["bloom"] = dict(
        desc="BLOOM: ALiBi with 6 heads (not a power of 2: slopes of 4 heads + 2 of 8's), word_embeddings_layernorm, "
             "fused per-head query_key_value [heads, 3, head_dim] rows, biases everywhere, tanh GELU, ln_f, "
             "lm_head tied to word_embeddings, names with the 'transformer.' prefix (BloomForCausalLM)",
        config={
            "apply_residual_connection_post_layernorm": False, "architectures": ["BloomForCausalLM"],
            "attention_dropout": 0.0, "attention_softmax_in_fp32": True, "bias_dropout_fusion": True,
            "bos_token_id": 1, "eos_token_id": 2, "hidden_dropout": 0.0, "hidden_size": 24,
            "initializer_range": 0.02, "layer_norm_epsilon": 1e-5, "masked_softmax_fusion": True,
            "model_type": "bloom", "n_head": 6, "n_inner": None, "n_layer": 2, "offset_alibi": 100,
            "pad_token_id": 3, "pretraining_tp": 1, "skip_bias_add": True, "skip_bias_add_qkv": False,
            "slow_but_exact": False, "torch_dtype": "float32", "unk_token_id": 0, "use_cache": True,
            "vocab_size": 96},
        seed=1016, weights=bloom_weights,
        tok=dict(specials=["<unk>", "<s>", "</s>", "<pad>"], n_words=92, unk="<unk>", template=None,
                 cfg={"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}))


def xglm_family():
    """XGLM (facebook/xglm-564M's config keys, shrunk): XGLM's tokenizer starts every sequence with </s>."""
    return dict(
        desc="XGLM: fairseq sinusoidal positions (first real token at row padding_idx + 1 = 2, [sin | cos] halves, "
             "unscaled), token embeddings x sqrt(d_model) (scale_embedding), pre-LayerNorm with biases, erf GELU "
             "FFN 64, 4 heads, lm_head tied to embed_tokens, pad_token_id 1",
        config={
            "activation_dropout": 0.0, "activation_function": "gelu", "architectures": ["XGLMForCausalLM"],
            "attention_dropout": 0.1, "attention_heads": 4, "bos_token_id": 0, "d_model": 32,
            "decoder_start_token_id": 2, "dropout": 0.1, "eos_token_id": 2, "ffn_dim": 64, "init_std": 0.02,
            "layerdrop": 0.0, "max_position_embeddings": 64, "model_type": "xglm", "num_layers": 2,
            "pad_token_id": 1, "scale_embedding": True, "torch_dtype": "float32", "use_cache": True,
            "vocab_size": 96},
        seed=1016, weights=xglm_weights,
        tok=dict(specials=["<s>", "<pad>", "</s>", "<unk>"], n_words=92, unk="<unk>", template=("</s>", None),
                 cfg={"bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "unk_token": "<unk>",
                      "pad_token": "<pad>"}))


def build(name, spec, out_dir):
    d = os.path.join(out_dir, name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    cfg = spec["config"]
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
        f.write("\n")
    w = spec["weights"](cfg, spec["seed"])
    dt = spec.get("store_dtype", torch.float32)
    save_file({k: v.to(dt).contiguous() for k, v in w.items()}, os.path.join(d, "model.safetensors"),
              {"format": "pt"})
    t = spec["tok"]
    tok, vocab = make_tokenizer(t["specials"], t["n_words"], t["unk"], t["template"])
    assert len(vocab) <= cfg.get("vocab_size"), (name, len(vocab))
    assert len(vocab) >= 64
    with open(os.path.join(d, "tokenizer.json"), "w") as f:
        json.dump(tok, f, indent=1, ensure_ascii=False)
        f.write("\n")
    tc = dict(t["cfg"])
    tc.update({"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 64,
               "clean_up_tokenization_spaces": False})
    with open(os.path.join(d, "tokenizer_config.json"), "w") as f:
        json.dump(tc, f, indent=2, sort_keys=True)
        f.write("\n")
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory (one sub-folder per family)")
    ap.add_argument("--only", nargs="*", help="families to build (default: all)")
    ap.add_argument("--no-reference", action="store_true", help="only write the model folders")
    args = ap.parse_args()
    torch.set_num_threads(1)
    fam = families()
    names = args.only or list(fam)
    os.makedirs(args.out, exist_ok=True)
    import reference_forward
    for name in names:
        d = build(name, fam[name], args.out)
        if not args.no_reference:
            reference_forward.write_reference(d, name, fam[name]["desc"])
        size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
        print(f"{name:20s} {size / 1024:7.1f} KiB  {d}")


if __name__ == "__main__":
    main()
