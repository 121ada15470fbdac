#!/usr/bin/env python3
"""Independent check of a converted BERT folder (onnx_to_hf.py output) against ONNX Runtime.

Runs a plain-numpy BERT forward (float64, post-LN, exact erf GELU, HF's additive attention mask
(1 - mask) * float32.min) over config.json + model.safetensors only, on the token ids and
ONNX Runtime `last_hidden_state` recorded by OrtDump.java (which tokenized the texts with DJL's
HuggingFaceTokenizer and ran model.onnx with ONNX Runtime for Java), and compares:
  * last_hidden_state at attended positions (max abs diff; pass <= --tol, default 1e-4) and at all
    positions, padding included (pass <= --tol-padded, default 1e-3: rows at padded positions are
    never used, and they are more sensitive to float32 rounding; seen: 8.8e-5 there vs 2.3e-6 attended)
  * mean-pooled + L2-normalised sentence embeddings (max abs diff, min cosine)

Usage:
    /usr/bin/python3 scripts/dev/minilm/verify_forward.py MODEL_DIR ORT_DUMP.json [--tol 1e-4] [--tol-padded 1e-3]
Exit status 0 = pass.
"""
import argparse
import json
import math
import os
import sys

import numpy as np

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_to_hf import load_safetensors  # noqa: E402

_erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def bert_forward(cfg, W, ids, mask, types):
    """ids/mask/types [B, T] int -> last_hidden_state [B, T, D] float64."""
    W = {k: v.astype(np.float64) for k, v in W.items()}
    eps = cfg["layer_norm_eps"]
    H = cfg["num_attention_heads"]
    B, T = ids.shape
    D = cfg["hidden_size"]
    hd = D // H
    assert cfg["hidden_act"] == "gelu" and cfg.get("position_embedding_type", "absolute") == "absolute"
    x = (W["embeddings.word_embeddings.weight"][ids]
         + W["embeddings.position_embeddings.weight"][np.arange(T)][None]
         + W["embeddings.token_type_embeddings.weight"][types])
    x = layer_norm(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"], eps)
    add_mask = (1.0 - mask[:, None, None, :].astype(np.float64)) * float(np.finfo(np.float32).min)

    def lin(h, name):
        return h @ W[name + ".weight"].T + W[name + ".bias"]

    for L in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{L}."
        q = lin(x, p + "attention.self.query").reshape(B, T, H, hd).transpose(0, 2, 1, 3)
        k = lin(x, p + "attention.self.key").reshape(B, T, H, hd).transpose(0, 2, 1, 3)
        v = lin(x, p + "attention.self.value").reshape(B, T, H, hd).transpose(0, 2, 1, 3)
        s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + add_mask
        s = s - s.max(-1, keepdims=True)
        a = np.exp(s)
        a /= a.sum(-1, keepdims=True)
        ctx = (a @ v).transpose(0, 2, 1, 3).reshape(B, T, D)
        x = layer_norm(lin(ctx, p + "attention.output.dense") + x,
                       W[p + "attention.output.LayerNorm.weight"], W[p + "attention.output.LayerNorm.bias"], eps)
        h = gelu(lin(x, p + "intermediate.dense"))
        x = layer_norm(lin(h, p + "output.dense") + x,
                       W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"], eps)
    return x


def sentence_embeddings(h, mask):
    m = mask[..., None].astype(np.float64)
    e = (h * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    return e / np.maximum(np.linalg.norm(e, axis=-1, keepdims=True), 1e-12)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("ort_dump")
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--tol-padded", type=float, default=1e-3)
    a = ap.parse_args()
    with open(os.path.join(a.model_dir, "config.json")) as f:
        cfg = json.load(f)
    W = load_safetensors(os.path.join(a.model_dir, "model.safetensors"))
    with open(a.ort_dump) as f:
        d = json.load(f)
    ids = np.array(d["input_ids"], dtype=np.int64)
    mask = np.array(d["attention_mask"], dtype=np.int64)
    types = np.array(d["token_type_ids"], dtype=np.int64)
    ort = np.array(d["last_hidden_state"], dtype=np.float32).astype(np.float64)

    ref = bert_forward(cfg, W, ids, mask, types)
    diff = np.abs(ref - ort)
    valid = mask.astype(bool)
    max_all = float(diff.max())
    max_valid = float(diff[valid].max())
    mean_valid = float(diff[valid].mean())
    emb_ref = sentence_embeddings(ref, mask)
    emb_ort = sentence_embeddings(ort, mask)
    emb_java = np.array(d["sentence_embeddings"], dtype=np.float64) if "sentence_embeddings" in d else emb_ort
    emb_diff = float(np.abs(emb_ref - emb_java).max())
    cos = float((emb_ref * emb_java).sum(-1).min())
    print(f"texts: {len(d['texts'])}, lengths {d['lengths']}, padded T={ids.shape[1]}, "
          f"valid tokens {int(valid.sum())}")
    print(f"last_hidden_state max |numpy - ORT|: all positions {max_all:.3g}, attended {max_valid:.3g} "
          f"(mean {mean_valid:.3g}); |ORT| max {float(np.abs(ort).max()):.3g}")
    for b, n in enumerate(d["lengths"]):
        print(f"  text {b} ({n} tokens): max diff {float(diff[b, :n].max()):.3g}")
    print(f"sentence embeddings (mean pool + L2): max |numpy - Java| {emb_diff:.3g}, min cosine {cos:.9f}")
    ok = max_valid <= a.tol and max_all <= a.tol_padded and emb_diff <= a.tol
    print("PASS" if ok else "FAIL", f"(tol {a.tol:g} attended + embeddings, {a.tol_padded:g} all positions)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
