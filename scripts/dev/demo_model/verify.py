#!/usr/bin/env python3
"""Verify a demo model folder against the independent reference forward
(`scripts/dev/reference/reference_forward.py`, which the Java runtime is tested against):

* the folder holds exactly the HF LlamaForCausalLM tensor names, all F32, shapes as config.json says;
* on a held-out batch (UDHR articles 28-30 of all 10 languages, `<|bos|>` + text, cut to the context,
  right-padded with `<|pad|>`), the logits of the training model class (model.py) loaded from the folder,
  and of the in-memory trained model when called from train.py, equal the reference's logits at every
  valid position (max abs diff <= 1e-4);
* the same for each sequence alone, unpadded (batched == single);
* a second, independent implementation (Meta-llama style forward with interleaved complex RoPE on
  HF->Meta-permuted q/k weights, `check.alt_llama` from scripts/dev/reference/check.py) agrees per sequence;
* a float64 reference forward agrees with the float32 one (how far float32 rounding alone moves the logits);
* the tokenizer: the Python BPE round-trips every UDHR text of the 10 languages.

    /usr/bin/python3 scripts/dev/demo_model/verify.py sample-data/models/demo-llama
"""
import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "scripts", "dev", "reference"))

import torch  # noqa: E402

import bpe  # noqa: E402
import check as reference_check  # noqa: E402
import reference_forward  # noqa: E402
import udhr_corpus  # noqa: E402
from model import LlamaForCausalLM  # noqa: E402
from safetensors_io import load_file  # noqa: E402

TOL = 1e-4


def expected_names(cfg):
    names = {"model.embed_tokens.weight", "model.norm.weight", "lm_head.weight"}
    for L in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{L}."
        names |= {p + f"self_attn.{n}_proj.weight" for n in "qkvo"}
        names |= {p + f"mlp.{n}_proj.weight" for n in ("gate", "up", "down")}
        names |= {p + "input_layernorm.weight", p + "post_attention_layernorm.weight"}
    return names


def held_out_languages(folder):
    """(udhr codes, held-out article numbers) from training.json, else from train.py's constants."""
    p = os.path.join(folder, "training.json")
    if os.path.exists(p):
        with open(p, encoding="utf-8") as f:
            info = json.load(f)
        return [x["udhr_code"] for x in info["languages"]], [str(a) for a in info["held_out"]["udhr_articles"]]
    import train
    return [m[0] for m in train.MIXTURE], list(train.HELD_OUT)


def held_out_batch(folder, cfg):
    tok = bpe.Tokenizer.load(folder)
    codes, arts = held_out_languages(folder)
    texts, seqs, labels = [], [], []
    for code in codes:
        _, docs = udhr_corpus.read_declaration(os.path.join(REPO, "sample-data", "udhr", code + ".html"))
        for k, t in docs:
            assert tok.decode(tok.encode(t)) == t
            if k in arts:
                s = tok.encode(t, add_special_tokens=True)[: cfg["max_position_embeddings"]]
                texts.append(t)
                seqs.append(s)
                labels.append(f"{code}/article:{k}")
    T = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), T), cfg["pad_token_id"], dtype=torch.int64)
    mask = torch.zeros((len(seqs), T), dtype=torch.int64)
    for b, s in enumerate(seqs):
        ids[b, : len(s)] = torch.tensor(s)
        mask[b, : len(s)] = 1
    return labels, seqs, ids, mask


def max_diff_valid(a, b, lengths):
    return max((a[i, :n] - b[i, :n]).abs().max().item() for i, n in enumerate(lengths))


def verify(folder, trained_model=None):
    torch.set_num_threads(1)
    cfg, W, tags, _, _ = reference_forward.load_model(folder)
    raw, _, meta = load_file(os.path.join(folder, "model.safetensors"))
    names_ok = set(W) == expected_names(cfg)
    dtypes_ok = set(tags.values()) == {"F32"}
    labels, seqs, ids, mask = held_out_batch(folder, cfg)
    lengths = [len(s) for s in seqs]
    with torch.no_grad():
        ref = reference_forward.forward(cfg, W, ids, mask)["logits"]
        m = LlamaForCausalLM(cfg)
        missing = m.load_state_dict(W, strict=True)
        m.eval()
        loaded = m(ids, mask)
        res = {"held_out_sequences": len(seqs), "lengths": lengths, "labels": labels,
               "tensor_names_are_hf_llama": names_ok, "all_f32": dtypes_ok, "load_state_dict": str(missing),
               "reference_vs_loaded_model_max_abs_diff": max_diff_valid(ref, loaded, lengths),
               "max_abs_logit": ref.abs().max().item()}
        if trained_model is not None:
            was = trained_model.training
            trained_model.eval()
            res["reference_vs_trained_model_max_abs_diff"] = max_diff_valid(ref, trained_model(ids, mask), lengths)
            sd = trained_model.state_dict()
            res["saved_weights_bit_identical"] = all(torch.equal(sd[k], raw[k]) for k in raw) and set(sd) == set(raw)
            trained_model.train(was)
        single = 0.0
        for i, s in enumerate(seqs):
            sid = torch.tensor([s])
            r1 = reference_forward.forward(cfg, W, sid, torch.ones_like(sid))["logits"]
            single = max(single, (r1[0] - ref[i, : len(s)]).abs().max().item())
        res["reference_batched_vs_single_max_abs_diff"] = single
        alt = 0.0
        for i, s in enumerate(seqs):
            alt = max(alt, (reference_check.alt_llama(cfg, W, s) - ref[i, : len(s)]).abs().max().item())
        res["reference_vs_meta_style_forward_max_abs_diff"] = alt
        r64 = reference_forward.forward(cfg, W, ids, mask, dt=torch.float64)["logits"]
        res["float32_vs_float64_reference_max_abs_diff"] = max_diff_valid(ref.double(), r64, lengths)
    diffs = [v for k, v in res.items() if k.endswith("max_abs_diff")]
    ok = names_ok and dtypes_ok and all(d <= TOL for d in diffs) and res.get("saved_weights_bit_identical", True)
    text = (f"`verify.py`: {len(seqs)} held-out sequences (UDHR articles 28–30 × 10 languages, `<|bos|>` + text, "
            f"{min(lengths)}–{max(lengths)} tokens, right-padded). Reference forward "
            f"(`scripts/dev/reference/reference_forward.py`) vs the training model class loaded from this folder: "
            f"max |Δlogit| = {res['reference_vs_loaded_model_max_abs_diff']:.2e}")
    if trained_model is not None:
        text += (f"; vs the in-memory trained model: {res['reference_vs_trained_model_max_abs_diff']:.2e}; "
                 f"saved weights bit-identical to the trained ones: {res['saved_weights_bit_identical']}")
    text += (f"; reference batched vs single: {single:.2e}; vs an independent Meta-style forward "
             f"(`check.alt_llama`): {alt:.2e}; float32 vs float64 reference: "
             f"{res['float32_vs_float64_reference_max_abs_diff']:.2e} (tolerance {TOL:g}; |logit| ≤ "
             f"{res['max_abs_logit']:.1f}). Tensor names = HF LlamaForCausalLM: {names_ok}; all F32: {dtypes_ok}. "
             f"Result: {'PASS' if ok else 'FAIL'}.")
    res["summary"] = {"pass": ok, "tolerance": TOL, "text": text}
    return res


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    r = verify(sys.argv[1])
    print(json.dumps({k: v for k, v in r.items() if k not in ("labels", "lengths")}, indent=1))
    sys.exit(0 if r["summary"]["pass"] else 1)
