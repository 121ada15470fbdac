#!/usr/bin/env python3
"""Hugging Face transformers as an oracle for the decoder fixtures: for each fixture folder, load the
folder with transformers' own implementation (fp32, eager attention) and compare its outputs with the
committed reference.safetensors, hook by hook, at real positions only.

Needs torch >= 2 and a transformers that knows every model_type (Gemma 3 text, OLMo 2, Cohere, Phi-3: 4.50
or later); it is meant for a machine that has them (this project's GPU machine, when lent). No JVM needed.

    python3 scripts/dev/reference/hf_oracle.py common/src/test/resources/fixtures/models/{phi3,olmo2,cohere,xglm}

Compared, batched and one sequence at a time:
  hook_embed                 == hidden_states[0]
  blocks.l.hook_resid_post   == hidden_states[l + 1] for l < L - 1 (HF's last entry is after the final norm)
  last_hidden_state          == hidden_states[L]
  blocks.l.attn.hook_pattern == attentions[l]
  blocks.l.mlp.hook_post     == the input of mlp.down_proj (XGLM: fc2) (forward pre-hook)
  logits                     == logits
and batch.intervention.logits with the intervention's neurons zeroed at mlp.down_proj's input. LongRoPE
fixtures are compared one sequence at a time only (HF chooses the factors for a whole batch).
Prints one line per (fixture, hook) with the max |difference| and exits non-zero if any exceeds --tol.
logits, intervention.logits and mlp.hook_post do not depend on how a transformers version records
hidden_states; if only hidden-state lines fail, look at that convention first. fp32 matmuls run without
TF32. GPT-2 and the encoders are skipped (no model.layers); the planted model has no reference. BLOOM's
blocks are transformer.h and its down projection mlp.dense_4h_to_h (hidden_states[0] is after
word_embeddings_layernorm, as hook_embed).
"""
import argparse
import json
import os
import sys

import torch

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import load_file  # noqa: E402


def valid_max(a, b, axes, lengths, offset=0):
    """max |a - b| over indices < length along every sequence axis (per batch row)."""
    worst = 0.0
    for row, n in enumerate(lengths):
        x, y = a[row:row + 1], b[row:row + 1]
        for ax in axes:
            x, y = x.narrow(ax, 0, n + offset), y.narrow(ax, 0, n + offset)
        if x.numel():
            worst = max(worst, (x.double() - y.double()).abs().max().item())
    return worst


def blocks_and_down(model):
    """The decoder blocks and, per block, the module whose input is mlp.hook_post."""
    if hasattr(model, "transformer") and hasattr(model.transformer, "h"):  # BLOOM
        return model.transformer.h, lambda layer: layer.mlp.dense_4h_to_h
    # XGLM's FFN is the layer's own fc1/fc2, the others' an mlp module
    return model.model.layers, lambda layer: layer.mlp.down_proj if hasattr(layer, "mlp") else layer.fc2


def run(model, ids, mask, zero=None):
    """One forward; returns dict of hook tensors (float32, cpu)."""
    layers, down = blocks_and_down(model)
    posts, handles = {}, []
    for i, layer in enumerate(layers):
        def pre_hook(module, args, i=i):
            x = args[0]
            if zero and i in zero:
                x = x.clone()
                x[..., zero[i]] = 0.0
            posts[i] = x.detach()
            return (x,) + tuple(args[1:])
        handles.append(down(layer).register_forward_pre_hook(pre_hook))
    try:
        with torch.no_grad():
            out = model(input_ids=ids, attention_mask=mask, output_hidden_states=True, output_attentions=True)
    finally:
        for h in handles:
            h.remove()
    L = len(layers)
    hooks = {"hook_embed": out.hidden_states[0], "last_hidden_state": out.hidden_states[L], "logits": out.logits}
    for i in range(L):
        if i < L - 1:
            hooks[f"blocks.{i}.hook_resid_post"] = out.hidden_states[i + 1]
        hooks[f"blocks.{i}.attn.hook_pattern"] = out.attentions[i]
        hooks[f"blocks.{i}.mlp.hook_post"] = posts[i]
    return {k: v.float().cpu() for k, v in hooks.items()}


def check(folder, tol, device):
    from transformers import AutoModelForCausalLM

    fam = os.path.basename(os.path.normpath(folder))
    ref, _, _ = load_file(os.path.join(folder, "reference.safetensors"))
    with open(os.path.join(folder, "reference.json")) as f:
        meta = json.load(f)
    try:  # transformers 5 names it dtype, 4.x torch_dtype
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32, attn_implementation="eager")
    except TypeError:
        model = AutoModelForCausalLM.from_pretrained(folder, torch_dtype=torch.float32, attn_implementation="eager")
    model = model.to(device).eval()
    lengths = meta["inputs"]["lengths"]
    rs = json.load(open(os.path.join(folder, "config.json"))).get("rope_scaling") or {}
    # LongRoPE: HF picks the factors by the batch's longest row, the reference per sequence (= HF alone)
    per_sequence = rs.get("rope_type", rs.get("type")) in ("longrope", "su")
    runs = {} if per_sequence else {"batch": (ref["input_ids"], ref["attention_mask"], lengths)}
    for i, n in enumerate(lengths):
        sid = ref[f"single.{i}.input_ids"]
        runs[f"single.{i}"] = (sid, torch.ones_like(sid), [n])
    worst = {}
    for run_name, (ids, mask, lens) in runs.items():
        hooks = run(model, ids.to(device), mask.to(device))
        for hook, value in hooks.items():
            name = f"{run_name}.{hook}"
            if name not in ref:
                continue
            m = meta["tensors"][name]
            d = valid_max(value, ref[name], m["seq_axes"], lens, m.get("seq_len_offset", 0))
            worst[hook] = max(worst.get(hook, 0.0), d)
    if not per_sequence:
        zero = {int(k): v for k, v in meta["intervention"]["zero_neurons"].items()}
        iv = run(model, ref["input_ids"].to(device), ref["attention_mask"].to(device), zero)
        worst["intervention.logits"] = valid_max(iv["logits"], ref["batch.intervention.logits"], [1], lengths)
    failed = False
    for hook, d in sorted(worst.items()):
        bad = d > tol
        failed |= bad
        print(f"{fam:14s} {hook:34s} max|HF - reference| = {d:.3g}{'  FAIL' if bad else ''}")
    return not failed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = ap.parse_args()
    import transformers
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, device {args.device}")
    ok = True
    for folder in args.folders:
        ref_json = os.path.join(folder, "reference.json")
        if not os.path.exists(ref_json):
            continue
        with open(ref_json) as f:
            info = json.load(f)
        if info.get("kind") != "decoder" or info.get("model_type") == "gpt2":
            print(f"skip {folder} ({info.get('model_type')})")
            continue
        try:
            ok &= check(folder, args.tol, args.device)
        except Exception as e:  # one broken family must not hide the others' numbers
            print(f"{os.path.basename(os.path.normpath(folder))}: ERROR {type(e).__name__}: {e}")
            ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
