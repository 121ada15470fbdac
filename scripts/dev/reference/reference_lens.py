#!/usr/bin/env python3
"""Logit-lens reference (Wendler et al. 2024) for the decoder fixtures: writes lens.safetensors.

For each reference input sequence b, at its last real position t_b = len_b - 1, and for each lens
layer j = 0..L (j = 0: the residual stream entering block 0 = hook_embed; j = l+1:
blocks.l.hook_resid_post), the residual goes through the model's OWN final norm (gain, and bias
for gpt2's ln_f) and unembedding (lm_head, or the tied token embedding), then log_softmax in fp32:

    lens.logprobs  [B, L+1, V] F32  log P_j(v)
    lens.entropy   [B, L+1]    F32  -sum_v P_j(v) log P_j(v), nats
    lens.top_ids   [B, L+1, K] I64  the K = 5 most probable ids, most probable first
    lens.positions [B]         I64  t_b

The residuals come from reference_forward's own batched (right-padded) forward; nothing is read
from reference.safetensors. check.py verifies the file against the stored logits and single runs.

Usage: /usr/bin/python3 scripts/dev/reference/reference_lens.py common/src/test/resources/fixtures/models/llama/
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_forward as rf  # noqa: E402
from safetensors_io import save_file  # noqa: E402

TOP_K = 5


def num_layers(cfg):
    return cfg.get("num_hidden_layers", cfg.get("n_layer", cfg.get("num_layers")))  # bloom: n_layer; xglm: num_layers


def lens_residuals(cfg, hooks, positions):
    """[B, L+1, D]: hook_embed then every block's output, at positions[b] of row b."""
    names = ["hook_embed"] + [f"blocks.{l}.hook_resid_post" for l in range(num_layers(cfg))]
    rows = torch.arange(len(positions))
    return torch.stack([hooks[n][rows, positions] for n in names], dim=1)


def final_norm_and_unembed(cfg, W, x):
    """The model's own head applied to any residual x [..., D] -> logits [..., V]."""
    kind = rf.kind_of(cfg)
    W = {k: v.to(x.dtype) for k, v in W.items()}
    if kind == "llama":
        xn = rf.rms_norm(x, W["model.norm.weight"], cfg["rms_norm_eps"])
        return rf.linear(xn, W.get("lm_head.weight", W["model.embed_tokens.weight"]))
    if kind == "gemma":  # Gemma 2's final logit soft-cap belongs to the unembedding
        xn = rf.gemma_rms_norm(x, W["model.norm.weight"], cfg["rms_norm_eps"])
        cap = cfg.get("final_logit_softcapping") if cfg["model_type"] != "gemma" else None
        return rf.soft_cap(rf.linear(xn, W.get("lm_head.weight", W["model.embed_tokens.weight"])), cap)
    if kind in rf.OWN_KINDS.values():  # phi3, olmo2, cohere (incl. Cohere's logit_scale)
        return rf.final_head(cfg, W, x)
    if kind == "bloom":  # ln_f (gain and bias), lm_head tied to word_embeddings
        return rf.bloom_final_head(cfg, W, x)
    if kind == "xglm":
        return rf.xglm_head(cfg, W, x)
    if kind == "gpt2":
        W = rf.strip_prefix(W, ["transformer."])
        xn = F.layer_norm(x, x.shape[-1:], W["ln_f.weight"], W["ln_f.bias"], cfg["layer_norm_epsilon"])
        return rf.linear(xn, W.get("lm_head.weight", W["wte.weight"]))
    raise ValueError(f"logit lens needs a decoder with an unembedding; model_type {cfg['model_type']} has none")


def lens(cfg, W, ids, mask, dt=torch.float32):
    """Logit lens at each row's last real position: dict of lens.* tensors (see module doc)."""
    with torch.no_grad():
        hooks = rf.forward(cfg, W, ids, mask, dt)
        positions = mask.sum(1) - 1
        logits = final_norm_and_unembed(cfg, W, lens_residuals(cfg, hooks, positions))
        logprobs = F.log_softmax(logits.to(torch.float64 if dt == torch.float64 else torch.float32), -1)
        entropy = -(logprobs.exp() * logprobs).sum(-1)
        top_ids = logprobs.topk(TOP_K, dim=-1).indices
    return {"lens.logprobs": logprobs, "lens.entropy": entropy, "lens.top_ids": top_ids,
            "lens.positions": positions}


def write_lens(folder):
    torch.set_num_threads(1)
    cfg, W, _, tok, tok_cfg = rf.load_model(folder)
    if rf.kind_of(cfg) == "encoder":
        raise ValueError(f"{folder}: encoder ({cfg['model_type']}), no logit lens")
    _, _, ids, mask, _ = rf.reference_inputs(tok, tok_cfg)
    out = lens(cfg, W, ids, mask)
    out = {k: (v if v.dtype == torch.int64 else v.to(torch.float32)).contiguous() for k, v in out.items()}
    path = os.path.join(folder, "lens.safetensors")
    save_file(out, path, {"format": "pt"})
    return path


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    for d in sys.argv[1:]:
        print("wrote", write_lens(d))
