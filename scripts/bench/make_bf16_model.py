#!/usr/bin/env python3
"""Random-weight Llama model stored in bf16, Llama-2-7B's shapes by default (scripts/bench/big-model.sh).

A LlamaForCausalLM folder in Hugging Face layout (config.json with HF keys, model.safetensors with HF
tensor names, every tensor BF16), so the runtime sees what a real 7B bf16 checkpoint looks like:
hidden 4096, 32 layers, 32 heads (no GQA), FFN 11008, vocab 32000, untied lm_head: 6.74 B parameters,
13.5 GB. --layers N keeps the layer shapes with fewer layers.

Written tensor by tensor, each in chunks of rows (fp32 Gaussians rounded to bf16, nearest-even), so
the writer needs ~100 MB whatever the model's size. Weights are scaled like make_bench_model.py
(linear ~ N(0, 1/fan_in), RMSNorm gains 1 + 0.1 N(0, 1)) so activations stay O(1) through the layers.
No tokenizer: the benchmark feeds ids.

Idempotent: a folder whose bench.json stamp matches the settings is left as it is.

--family bloom writes a BloomForCausalLM instead (bloom-7b1's shapes with --hidden 4096 --heads 32
--vocab 250880 --layers 30: 7.07 B parameters, 14.1 GB; the FFN is 4 x hidden, --ffn is ignored): fused
per-head query_key_value, biases, LayerNorms, word_embeddings tied to the head.

Usage: make_bf16_model.py --out DIR [--family llama|bloom --layers 32 --hidden 4096 --heads 32 --ffn 11008
                                     --vocab 32000 --seed 4242]
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np

CHUNK_VALUES = 1 << 22  # 16 MB of fp32 per generated chunk


def config(a):
    return {
        "architectures": ["LlamaForCausalLM"],
        "attention_bias": False,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "hidden_act": "silu",
        "hidden_size": a.hidden,
        "intermediate_size": a.ffn,
        "max_position_embeddings": 4096,
        "model_type": "llama",
        "num_attention_heads": a.heads,
        "num_hidden_layers": a.layers,
        "num_key_value_heads": a.heads,
        "rms_norm_eps": 1e-5,
        "rope_scaling": None,
        "rope_theta": 10000.0,
        "tie_word_embeddings": False,
        "torch_dtype": "bfloat16",
        "vocab_size": a.vocab,
    }


def tensors(a):
    """(name, shape, kind) in the order HF writes them; kind is 'linear', 'embed' or 'norm'."""
    d, f = a.hidden, a.ffn
    out = [("model.embed_tokens.weight", (a.vocab, d), "embed")]
    for l in range(a.layers):
        p = f"model.layers.{l}."
        out += [
            (p + "input_layernorm.weight", (d,), "norm"),
            (p + "self_attn.q_proj.weight", (d, d), "linear"),
            (p + "self_attn.k_proj.weight", (d, d), "linear"),
            (p + "self_attn.v_proj.weight", (d, d), "linear"),
            (p + "self_attn.o_proj.weight", (d, d), "linear"),
            (p + "post_attention_layernorm.weight", (d,), "norm"),
            (p + "mlp.gate_proj.weight", (f, d), "linear"),
            (p + "mlp.up_proj.weight", (f, d), "linear"),
            (p + "mlp.down_proj.weight", (d, f), "linear"),
        ]
    out += [("model.norm.weight", (d,), "norm"), ("lm_head.weight", (a.vocab, d), "linear")]
    return out


def config_bloom(a):
    return {
        "apply_residual_connection_post_layernorm": False,
        "architectures": ["BloomForCausalLM"],
        "bos_token_id": 1,
        "eos_token_id": 2,
        "hidden_size": a.hidden,
        "layer_norm_epsilon": 1e-5,
        "model_type": "bloom",
        "n_head": a.heads,
        "n_layer": a.layers,
        "pad_token_id": 3,
        "torch_dtype": "bfloat16",
        "vocab_size": a.vocab,
    }


def tensors_bloom(a):
    """BloomForCausalLM's tensors (BloomModel names, no prefix), lm_head tied to word_embeddings."""
    d, f = a.hidden, 4 * a.hidden
    out = [("word_embeddings.weight", (a.vocab, d), "embed"),
           ("word_embeddings_layernorm.weight", (d,), "norm"), ("word_embeddings_layernorm.bias", (d,), "bias")]
    for l in range(a.layers):
        p = f"h.{l}."
        out += [
            (p + "input_layernorm.weight", (d,), "norm"),
            (p + "input_layernorm.bias", (d,), "bias"),
            (p + "self_attention.query_key_value.weight", (3 * d, d), "linear"),
            (p + "self_attention.query_key_value.bias", (3 * d,), "bias"),
            (p + "self_attention.dense.weight", (d, d), "linear"),
            (p + "self_attention.dense.bias", (d,), "bias"),
            (p + "post_attention_layernorm.weight", (d,), "norm"),
            (p + "post_attention_layernorm.bias", (d,), "bias"),
            (p + "mlp.dense_h_to_4h.weight", (f, d), "linear"),
            (p + "mlp.dense_h_to_4h.bias", (f,), "bias"),
            (p + "mlp.dense_4h_to_h.weight", (d, f), "linear"),
            (p + "mlp.dense_4h_to_h.bias", (d,), "bias"),
        ]
    out += [("ln_f.weight", (d,), "norm"), ("ln_f.bias", (d,), "bias")]
    return out


def to_bf16(x):
    """fp32 -> bf16 bits, round to nearest even (finite inputs)."""
    u = x.astype(np.float32).view(np.uint32)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)


def chunks(rng, shape, kind):
    rows = shape[0]
    cols = shape[1] if len(shape) > 1 else 1
    step = max(1, CHUNK_VALUES // cols)
    for r in range(0, rows, step):
        n = min(step, rows - r) * cols
        z = rng.standard_normal(n, dtype=np.float32)
        if kind == "linear":
            z *= 1.0 / math.sqrt(shape[1])
        elif kind == "norm":
            z = 1.0 + 0.1 * z
        elif kind == "bias":
            z *= 0.02
        yield to_bf16(z)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--layers", type=int, default=32)
    ap.add_argument("--hidden", type=int, default=4096)
    ap.add_argument("--heads", type=int, default=32)
    ap.add_argument("--ffn", type=int, default=11008)
    ap.add_argument("--vocab", type=int, default=32000)
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--family", choices=("llama", "bloom"), default="llama")
    a = ap.parse_args()
    stamp = {k: getattr(a, k) for k in ("layers", "hidden", "heads", "ffn", "vocab", "seed")}
    if a.family != "llama":  # llama folders made before --family keep their stamp
        stamp["family"] = a.family
    stamp["dtype"] = "BF16"
    os.makedirs(a.out, exist_ok=True)
    stamp_path = os.path.join(a.out, "bench.json")
    weights_path = os.path.join(a.out, "model.safetensors")
    if os.path.exists(stamp_path) and os.path.exists(weights_path):
        with open(stamp_path) as f:
            if json.load(f) == stamp:
                print(f"[make_bf16_model] {a.out} is up to date", file=sys.stderr)
                return
    specs = tensors_bloom(a) if a.family == "bloom" else tensors(a)
    header, offset = {}, 0
    for name, shape, _ in specs:
        nbytes = 2 * int(np.prod(shape))
        header[name] = {"dtype": "BF16", "shape": list(shape), "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    header["__metadata__"] = {"format": "pt"}
    blob = json.dumps(header, separators=(",", ":")).encode()
    blob += b" " * (-len(blob) % 8)
    rng = np.random.Generator(np.random.PCG64(a.seed))
    tmp = weights_path + ".part"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(blob)))
        f.write(blob)
        for i, (name, shape, kind) in enumerate(specs):
            for part in chunks(rng, shape, kind):
                f.write(part.tobytes())
            if i % 9 == 0:
                print(f"[make_bf16_model] {i + 1}/{len(specs)} {name}", file=sys.stderr)
    os.replace(tmp, weights_path)
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(config_bloom(a) if a.family == "bloom" else config(a), f, indent=2)
    with open(stamp_path, "w") as f:
        json.dump(stamp, f)
    params = offset // 2
    print(f"[make_bf16_model] wrote {weights_path}: {params:,} parameters, {offset:,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
