#!/usr/bin/env python3
"""Random-weight Llama-style model for the forward benchmark (scripts/bench/forward.sh), and its input ids.

The model is a LlamaForCausalLM folder in Hugging Face layout (config.json with real HF keys,
model.safetensors with real HF tensor names, fp32) written with the reference's own safetensors
writer (scripts/dev/reference/safetensors_io.py). Weights are seeded Gaussians scaled like
tiny_models.py (linear layers ~ N(0, 1/fan_in), RMSNorm gains 1 + 0.1 N(0, 1)), so activations stay
O(1) through all layers and about half of every gate is > 0. No tokenizer is written: the benchmark
feeds ids, never text.

Default shape (~252 M parameters, 1.0 GB on disk): hidden 1024, 16 layers, 16 heads / 8 kv heads
(head_dim 64), FFN 2816, vocab 32000, untied lm_head.

Idempotent: if the folder already holds a model.safetensors written for the same settings
(bench.json stamp), nothing is done. Generation takes ~1 min and ~3 GB of memory.

Usage:
  make_bench_model.py --out DIR [--hidden 1024 --layers 16 --heads 16 --kv-heads 8 --ffn 2816 --vocab 32000
                                 --seed 4242]
  make_bench_model.py --ids-out FILE --vocab 32000 --batch 4 --seq 128 --seed 7
      writes {"ids": [[...], ...], "batch": B, "seq": T, "seed": S} (uniform ids in [0, vocab), seeded,
      generated with numpy's PCG64 so the file is the same on every machine)
"""
import argparse
import json
import math
import os
import sys
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "dev", "reference"))


def config(a):
    return {
        "architectures": ["LlamaForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "hidden_act": "silu",
        "hidden_size": a.hidden,
        "initializer_range": 0.02,
        "intermediate_size": a.ffn,
        "max_position_embeddings": 2048,
        "mlp_bias": False,
        "model_type": "llama",
        "num_attention_heads": a.heads,
        "num_hidden_layers": a.layers,
        "num_key_value_heads": a.kv_heads,
        "pretraining_tp": 1,
        "rms_norm_eps": 1e-5,
        "rope_scaling": None,
        "rope_theta": 10000.0,
        "tie_word_embeddings": False,
        "torch_dtype": "float32",
        "use_cache": True,
        "vocab_size": a.vocab,
    }


def make_model(a):
    import torch
    from safetensors_io import save_file

    os.makedirs(a.out, exist_ok=True)
    stamp_path = os.path.join(a.out, "bench.json")
    cfg = config(a)
    stamp = {"config": cfg, "seed": a.seed, "generator": "scripts/bench/make_bench_model.py v1"}
    weights_path = os.path.join(a.out, "model.safetensors")
    if os.path.exists(stamp_path) and os.path.exists(weights_path):
        with open(stamp_path) as f:
            if json.load(f) == stamp:
                print(f"[make_bench_model] up to date: {a.out}", file=sys.stderr)
                return
    t0 = time.time()
    g = torch.Generator().manual_seed(a.seed)

    def randn(*shape):
        return torch.randn(*shape, generator=g, dtype=torch.float32)

    def linear(out_f, in_f, gain=1.0):  # nn.Linear layout [out, in]
        w = randn(out_f, in_f)
        w.mul_(gain / math.sqrt(in_f))
        return w

    def norm_gain(n):
        return 1.0 + 0.1 * randn(n)

    D, F, V, H, KV = a.hidden, a.ffn, a.vocab, a.heads, a.kv_heads
    hd = D // H
    w = {"model.embed_tokens.weight": randn(V, D)}
    for L in range(a.layers):
        p = f"model.layers.{L}."
        w[p + "input_layernorm.weight"] = norm_gain(D)
        w[p + "self_attn.q_proj.weight"] = linear(H * hd, D, 1.5)
        w[p + "self_attn.k_proj.weight"] = linear(KV * hd, D, 1.5)
        w[p + "self_attn.v_proj.weight"] = linear(KV * hd, D)
        w[p + "self_attn.o_proj.weight"] = linear(D, H * hd)
        w[p + "post_attention_layernorm.weight"] = norm_gain(D)
        w[p + "mlp.gate_proj.weight"] = linear(F, D)
        w[p + "mlp.up_proj.weight"] = linear(F, D)
        w[p + "mlp.down_proj.weight"] = linear(D, F)
    w["model.norm.weight"] = norm_gain(D)
    w["lm_head.weight"] = linear(V, D, 2.0)
    n_params = sum(t.numel() for t in w.values())
    # write to a temporary name first, so an interrupted run never leaves a half file that looks done
    tmp = weights_path + ".tmp"
    save_file(w, tmp, {"format": "pt"})
    os.replace(tmp, weights_path)
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
    with open(stamp_path, "w") as f:
        json.dump(stamp, f, indent=2, sort_keys=True)
    print(f"[make_bench_model] wrote {a.out}: {n_params / 1e6:.1f} M parameters, "
          f"{os.path.getsize(weights_path) / 2**30:.2f} GiB, {time.time() - t0:.0f} s", file=sys.stderr)


def make_ids(a):
    import numpy as np

    rng = np.random.Generator(np.random.PCG64(a.seed))
    ids = rng.integers(0, a.vocab, size=(a.batch, a.seq), dtype=np.int64)
    doc = {"batch": a.batch, "seq": a.seq, "seed": a.seed, "vocab": a.vocab, "ids": ids.tolist()}
    os.makedirs(os.path.dirname(os.path.abspath(a.ids_out)), exist_ok=True)
    with open(a.ids_out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="model folder to write (idempotent)")
    ap.add_argument("--ids-out", help="write seeded random input ids (JSON) to this file instead")
    ap.add_argument("--hidden", type=int, default=1024)
    ap.add_argument("--layers", type=int, default=16)
    ap.add_argument("--heads", type=int, default=16)
    ap.add_argument("--kv-heads", type=int, default=8)
    ap.add_argument("--ffn", type=int, default=2816)
    ap.add_argument("--vocab", type=int, default=32000)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--seed", type=int, default=None, help="default 4242 for the model, 7 for the ids")
    a = ap.parse_args()
    if bool(a.out) == bool(a.ids_out):
        ap.error("give exactly one of --out and --ids-out")
    if a.ids_out:
        a.seed = 7 if a.seed is None else a.seed
        make_ids(a)
    else:
        a.seed = 4242 if a.seed is None else a.seed
        if a.hidden % a.heads or a.heads % a.kv_heads:
            ap.error("hidden must be a multiple of heads, heads a multiple of kv-heads")
        make_model(a)


if __name__ == "__main__":
    main()
