#!/usr/bin/env python3
"""Convert the all-MiniLM-L6-v2 ONNX export (a BERT encoder traced from PyTorch) into a Hugging Face
BERT folder: config.json, model.safetensors (HF BertModel tensor names, float32, [out, in] Linear
weights), tokenizer.json, sentence_bert_config.json and conversion.json.

Needs only Debian's python3-onnx and python3-numpy (no torch, transformers or safetensors package):
    apt-get install -y python3-onnx python3-numpy
    /usr/bin/python3 scripts/dev/minilm/onnx_to_hf.py --onnx model.onnx --tokenizer tokenizer.json --out DIR

How the weights are named: the exporter keeps the PyTorch names of biases, LayerNorm parameters and
embeddings as initializer names, but stores every Linear weight as a transposed [in, out] MatMul
initializer with a generated name (onnx::MatMul_787). Those are mapped by tracing the graph, never by
their names: for each MatMul node that takes an initializer, the Add node consuming the MatMul's output
takes the Linear's bias, whose name (encoder.layer.N.<module>.bias) names the weight
(encoder.layer.N.<module>.weight); the weight is transposed to HF's [out, in]. The node's own scope name
(/encoder/layer.N/<module>/MatMul), where present, must agree, or the conversion fails.

Hyper-parameters come from the weights' shapes and from the graph's constants (attention head count
from the self-attention Reshape, LayerNorm epsilon from the LayerNorm's Add, activation from Erf/Tanh),
and are cross-checked against each other.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import struct
import sys

import numpy as np
import onnx
from onnx import numpy_helper

sys.dont_write_bytecode = True

ONNX_TYPES = {1: "float32", 6: "int32", 7: "int64", 10: "float16", 11: "float64", 16: "bfloat16"}

LINEAR_MODULES = [
    "attention.self.query", "attention.self.key", "attention.self.value",
    "attention.output.dense", "intermediate.dense", "output.dense",
]


def fail(msg):
    raise SystemExit("onnx_to_hf: error: " + msg)


# ---------------------------------------------------------------------------
# safetensors writer (8-byte LE header length, JSON header padded to 8 bytes, raw LE data)
# ---------------------------------------------------------------------------
def save_safetensors(tensors, path, metadata=None):
    header = {"__metadata__": dict(metadata or {"format": "pt"})}
    blobs, offset = [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name], dtype="<f4")
        b = a.tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", name
        b, e = info["data_offsets"]
        out[name] = np.frombuffer(data[8 + n + b: 8 + n + e], dtype="<f4").reshape(info["shape"])
    return out


# ---------------------------------------------------------------------------
# Graph helpers
# ---------------------------------------------------------------------------
def shape_of(value_info):
    return [d.dim_param if d.dim_param else d.dim_value for d in value_info.type.tensor_type.shape.dim]


def float32_repr(x):
    """Shortest decimal that reads back as the same float32 (9.99999996e-13 -> 1e-12)."""
    return float(repr(np.float32(x)))


class Graph:
    def __init__(self, model):
        g = model.graph
        self.g = g
        self.inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
        self.consumers = {}
        self.producer = {}
        for n in g.node:
            for i in n.input:
                self.consumers.setdefault(i, []).append(n)
            for o in n.output:
                self.producer[o] = n

    def const(self, name):
        """Value of an initializer or a Constant node's output, else None."""
        if name in self.inits:
            return self.inits[name]
        n = self.producer.get(name)
        if n is not None and n.op_type == "Constant":
            for a in n.attribute:
                if a.name == "value":
                    return numpy_helper.to_array(a.t)
        return None


def map_linear_weights(G):
    """{hf weight name: (onnx initializer name, [out, in] array)} traced through MatMul -> Add(bias)."""
    out = {}
    for n in G.g.node:
        if n.op_type not in ("MatMul", "Gemm"):
            continue
        w_in = [i for i in n.input if i in G.inits]
        if not w_in:
            continue
        if n.op_type != "MatMul" or len(w_in) != 1 or n.input[1] != w_in[0]:
            fail(f"unexpected weight node {n.name} ({n.op_type}, inputs {list(n.input)})")
        wname = w_in[0]
        adds = [c for c in G.consumers.get(n.output[0], []) if c.op_type == "Add"]
        biases = [i for a in adds for i in a.input if i in G.inits and i.endswith(".bias")]
        if len(biases) != 1:
            fail(f"MatMul {n.name} ({wname}): expected exactly one bias Add after it, found {biases}")
        bias = biases[0]
        hf = bias[: -len(".bias")] + ".weight"
        m = re.fullmatch(r"/(encoder/layer\.\d+/.+)/MatMul", n.name or "")
        if m and m.group(1).replace("/", ".") != hf[: -len(".weight")]:
            fail(f"node scope {n.name} disagrees with bias {bias}")
        W = G.inits[wname]
        if W.ndim != 2 or W.shape[1] != G.inits[bias].shape[0]:
            fail(f"{wname} {W.shape} does not fit bias {bias} {G.inits[bias].shape}")
        if hf in out:
            fail(f"{hf} mapped twice ({out[hf][0]}, {wname})")
        out[hf] = (wname, np.ascontiguousarray(W.T))  # MatMul x @ W with W [in, out] -> HF [out, in]
    return out


def attention_heads(G, hidden):
    """Heads and head size from the Reshape that splits each layer-0 query/key/value into heads."""
    found = set()
    for n in G.g.node:
        if n.op_type != "Reshape" or not re.match(r"/encoder/layer\.0/attention/self/", n.name or ""):
            continue
        src = G.producer.get(n.input[0])
        if src is None or not re.search(r"/(query|key|value)/Add$", src.name or ""):
            continue
        shp = G.const(n.input[1])
        if shp is None:
            cat = G.producer.get(n.input[1])
            if cat is None or cat.op_type != "Concat":
                continue
            parts = [G.const(i) for i in cat.input]
            if len(parts) != 4 or parts[2] is None or parts[3] is None:
                continue
            shp = [None, None, int(np.ravel(parts[2])[0]), int(np.ravel(parts[3])[0])]
        found.add((int(shp[2]), int(shp[3])))
    if len(found) != 1:
        fail(f"cannot determine the attention head count (found {found})")
    heads, head_dim = found.pop()
    if heads * head_dim != hidden:
        fail(f"{heads} heads x {head_dim} != hidden {hidden}")
    # the scores are divided by sqrt(head_dim): check it
    for n in G.g.node:
        if n.op_type == "Div" and re.fullmatch(r"/encoder/layer\.0/attention/self/Div", n.name or ""):
            s = G.const(n.input[1])
            if s is not None and abs(float(s) - head_dim ** 0.5) > 1e-4:
                fail(f"attention scale {float(s)} != sqrt({head_dim})")
    return heads


def layer_norm_eps(G):
    """Epsilon of the decomposed LayerNorms (Add(ReduceMean(var), eps) -> Sqrt); all must agree."""
    eps = set()
    for n in G.g.node:
        if n.op_type != "Sqrt":
            continue
        add = G.producer.get(n.input[0])
        if add is None or add.op_type != "Add":
            continue
        for i in add.input:
            c = G.const(i)
            if c is not None and c.size == 1:
                eps.add(float32_repr(np.ravel(c)[0]))
    if len(eps) != 1:
        fail(f"LayerNorm epsilons disagree or are missing: {eps}")
    return eps.pop()


def hidden_act(G):
    ops = {n.op_type for n in G.g.node if "/intermediate/" in (n.name or "")}
    if "Erf" in ops:
        return "gelu"  # exact erf GELU
    if "Tanh" in ops:
        return "gelu_new"
    if "Relu" in ops:
        return "relu"
    fail(f"unknown intermediate activation (ops {sorted(ops)})")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------------------
def convert(onnx_path, tokenizer_path, out_dir, source=None):
    model = onnx.load(onnx_path)
    G = Graph(model)
    I = G.inits

    tensors, mapping = {}, []
    # named initializers (embeddings, biases, LayerNorms) keep their names
    for name, a in I.items():
        if name == "embeddings.position_ids" or name.startswith("onnx::"):
            continue
        if a.dtype != np.float32:
            fail(f"initializer {name} has dtype {a.dtype}, expected float32")
        tensors[name] = a
        mapping.append({"onnx": name, "hf": name, "transposed": False, "shape": list(a.shape)})
    for hf, (oname, W) in sorted(map_linear_weights(G).items()):
        tensors[hf] = W
        mapping.append({"onnx": oname, "hf": hf, "transposed": True, "shape": list(W.shape)})
    unused = sorted(n for n in I if n.startswith("onnx::") and n not in {m["onnx"] for m in mapping})
    if unused:
        fail(f"unmapped initializers: {unused}")

    vocab, hidden = tensors["embeddings.word_embeddings.weight"].shape
    layers = sorted({int(m.group(1)) for k in tensors for m in [re.match(r"encoder\.layer\.(\d+)\.", k)] if m})
    if layers != list(range(len(layers))):
        fail(f"layer indices not contiguous: {layers}")
    expected = {"embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"}
    for L in layers:
        for mod in LINEAR_MODULES:
            expected |= {f"encoder.layer.{L}.{mod}.weight", f"encoder.layer.{L}.{mod}.bias"}
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            expected |= {f"encoder.layer.{L}.{ln}.weight", f"encoder.layer.{L}.{ln}.bias"}
    if set(tensors) != expected:
        fail(f"tensor set differs from BertModel's: missing {sorted(expected - set(tensors))}, "
             f"extra {sorted(set(tensors) - expected)}")
    inter = tensors["encoder.layer.0.intermediate.dense.weight"].shape[0]

    with open(tokenizer_path, encoding="utf-8") as f:
        tok = json.load(f)
    tok_vocab = tok["model"]["vocab"]
    pad_token = (tok.get("padding") or {}).get("pad_token", "[PAD]")
    pad_id = tok_vocab[pad_token]
    if len(tok_vocab) != vocab:
        fail(f"tokenizer vocab {len(tok_vocab)} != embedding rows {vocab}")

    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": int(hidden),
        "num_hidden_layers": len(layers),
        "num_attention_heads": attention_heads(G, hidden),
        "intermediate_size": int(inter),
        "hidden_act": hidden_act(G),
        "layer_norm_eps": layer_norm_eps(G),
        "max_position_embeddings": int(tensors["embeddings.position_embeddings.weight"].shape[0]),
        "type_vocab_size": int(tensors["embeddings.token_type_embeddings.weight"].shape[0]),
        "vocab_size": int(vocab),
        "pad_token_id": int(pad_id),
        "position_embedding_type": "absolute",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "torch_dtype": "float32",
    }

    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    save_safetensors(tensors, os.path.join(out_dir, "model.safetensors"), {"format": "pt"})
    shutil.copyfile(tokenizer_path, os.path.join(out_dir, "tokenizer.json"))
    # pooling of sentence-transformers/all-MiniLM-L6-v2: mean over attended tokens, then L2 normalisation
    with open(os.path.join(out_dir, "sentence_bert_config.json"), "w") as f:
        json.dump({"max_seq_length": 256, "do_lower_case": False, "pooling": "mean", "normalize": True,
                   "pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False,
                   "pooling_mode_max_tokens": False, "word_embedding_dimension": int(hidden)}, f, indent=2)
        f.write("\n")

    conv = {
        "source": source or {},
        "onnx": {
            "file": "model.onnx",
            "sha256": sha256(onnx_path),
            "ir_version": model.ir_version,
            "opset": [{"domain": o.domain, "version": o.version} for o in model.opset_import],
            "producer": f"{model.producer_name} {model.producer_version}".strip(),
            "inputs": [{"name": i.name, "dtype": ONNX_TYPES.get(i.type.tensor_type.elem_type, str(i.type.tensor_type.elem_type)),
                        "shape": shape_of(i)} for i in model.graph.input],
            "outputs": [{"name": o.name, "dtype": ONNX_TYPES.get(o.type.tensor_type.elem_type, str(o.type.tensor_type.elem_type)),
                         "shape": shape_of(o)} for o in model.graph.output],
        },
        "tokenizer_json_sha256": sha256(tokenizer_path),
        "dropped_initializers": ["embeddings.position_ids"] if "embeddings.position_ids" in I else [],
        "weights": sorted(mapping, key=lambda m: m["hf"]),
    }
    with open(os.path.join(out_dir, "conversion.json"), "w") as f:
        json.dump(conv, f, indent=2)
        f.write("\n")
    return config, tensors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--onnx", required=True, help="the ONNX model (also copied to OUT/model.onnx unless --no-copy-onnx)")
    ap.add_argument("--tokenizer", required=True, help="tokenizer.json")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--source", default=None, help="JSON object recorded as conversion.json 'source'")
    ap.add_argument("--no-copy-onnx", action="store_true")
    a = ap.parse_args()
    source = json.loads(a.source) if a.source else None
    config, tensors = convert(a.onnx, a.tokenizer, a.out, source)
    dst = os.path.join(a.out, "model.onnx")
    if not a.no_copy_onnx and os.path.abspath(a.onnx) != os.path.abspath(dst):
        shutil.copyfile(a.onnx, dst)
    n = sum(int(np.prod(t.shape)) for t in tensors.values())
    print(f"onnx_to_hf: {len(tensors)} tensors, {n} parameters, config "
          + json.dumps({k: config[k] for k in ("hidden_size", "num_hidden_layers", "num_attention_heads",
                                                "intermediate_size", "hidden_act", "layer_norm_eps")}))


if __name__ == "__main__":
    main()
