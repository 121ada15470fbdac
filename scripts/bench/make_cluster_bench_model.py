"""A random-weight Llama (4 layers, d=256, FFN 1024, context 256) for the cluster benchmark: big enough
that the neuron counting is compute-bound (~0.5 GFLOP per 64-token window), small enough for CI-sized
machines. Tokenizer: the 96-symbol fixture's. numpy only; writes safetensors by hand.

    python3 scripts/bench/make_cluster_bench_model.py <out-folder>
"""
import json
import shutil
import struct
import sys
from pathlib import Path

import numpy as np

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
fixture = Path(__file__).resolve().parents[2] / "common/src/test/resources/fixtures/models/llama"
d, ffn, layers, heads, vocab = 256, 1024, 4, 4, 96
cfg = json.loads((fixture / "config.json").read_text())
cfg.update(hidden_size=d, intermediate_size=ffn, num_hidden_layers=layers, num_attention_heads=heads,
           num_key_value_heads=heads, max_position_embeddings=256, vocab_size=vocab)
(out / "config.json").write_text(json.dumps(cfg, indent=2))
for f in ("tokenizer.json", "tokenizer_config.json"):
    shutil.copy(fixture / f, out / f)

rng = np.random.default_rng(7)
tensors = {"model.embed_tokens.weight": (vocab, d), "lm_head.weight": (vocab, d), "model.norm.weight": (d,)}
for i in range(layers):
    p = f"model.layers.{i}."
    tensors.update({p + "input_layernorm.weight": (d,), p + "post_attention_layernorm.weight": (d,),
                    p + "self_attn.q_proj.weight": (d, d), p + "self_attn.k_proj.weight": (d, d),
                    p + "self_attn.v_proj.weight": (d, d), p + "self_attn.o_proj.weight": (d, d),
                    p + "mlp.gate_proj.weight": (ffn, d), p + "mlp.up_proj.weight": (ffn, d),
                    p + "mlp.down_proj.weight": (d, ffn)})
header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
for name, shape in sorted(tensors.items()):
    a = np.ones(shape, np.float32) if name.endswith("norm.weight") else rng.normal(0, 0.05, shape).astype(np.float32)
    b = a.astype("<f4").tobytes()
    header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + len(b)]}
    blobs.append(b)
    offset += len(b)
h = json.dumps(header).encode()
h += b" " * (-len(h) % 8)
with open(out / "model.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(h)) + h)
    for b in blobs:
        f.write(b)
print(out)
