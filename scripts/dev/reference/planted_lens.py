#!/usr/bin/env python3
"""A hand-built Llama whose logit lens has a closed-form answer (issue 14's planted model).

Writes common/src/test/resources/fixtures/models/planted-lens/: config.json, model.safetensors,
tokenizer.json, tokenizer_config.json, expected.json and README.md (derivation with the numbers).

Construction (hidden D = 16, 4 MLP neurons, vocabulary V = 32, every norm gain 1, attention weights 0,
so a position's residual depends on its own token only):
  * a language tag token ("Français:", "日本語:", "English:") embeds as  a*e0 + b*e_tag
    (e_tag = e1 / e2 / e7); every other token embeds as e3.
  * block 0, neuron 0: gate = up = e0 (scaled g0, u0), writes to e4, the unembedding direction of the
    English answer "flower":  m1 = silu(g0*a/r0) * u0*a/r0 along e4.
  * block 1, neuron 0 reads e1 and writes e5 ("fleur"); neuron 1 reads e2 and writes e6 ("花"):
    m2 = silu(g1*b/r1) * u1*b/r1. The English tag has no block-1 neuron.
  * unembedding rows: flower = alpha*e4, flow = beta*e4 (a prefix of "flower"), fleur = alpha*e5,
    花 = alpha*e6; every other row 0.
So the lens puts a known probability on English at layer 1 and on the target at layer 2.

    /usr/bin/python3 scripts/dev/reference/planted_lens.py [--out common/src/test/resources/fixtures/models]
"""
import argparse
import json
import math
import os
import sys

import torch

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference_forward as rf  # noqa: E402
import reference_lens as rl  # noqa: E402
import tiny_models as tm  # noqa: E402
from safetensors_io import save_file  # noqa: E402

NAME = "planted-lens"
D, I, V, LAYERS = 16, 4, 32, 2
EPS = 1e-6
# Exactly representable in float32, so the only float32 error is in the forward's arithmetic.
P = {"a": 4.0, "b": 4.0, "g0": 1.0, "u0": 1.0, "g1": 2.0, "u1": 3.0, "alpha": 2.0, "beta": 1.0}
E_MARK, E_FR, E_JA, E_WORD, E_FLOWER, E_FLEUR, E_HANA, E_EN = 0, 1, 2, 3, 4, 5, 6, 7
TAGS = {"Français:": ("fr", E_FR), "日本語:": ("ja", E_JA), "English:": ("en", E_EN)}
ANSWER_DIM = {"fr": E_FLEUR, "ja": E_HANA}  # block 1 writes the answer of these tags; "en" stays English
SPECIALS = ["<unk>", "<s>", "</s>", "<pad>"]
WORDS = ["Français:", "日本語:", "English:", "flower", "flow", "fleur", "花", "-",
         "water", "eau", "水", "dog", "chien", "犬", "sun", "soleil", "太陽", "moon", "lune", "月",
         "tree", "arbre", "木", "book", "livre", "本", "one", "un"]
assert len(SPECIALS) + len(WORDS) == V and len(set(WORDS)) == len(WORDS)
# Texts (the tokenizer adds <s>): last token = the tag the model answers for; the last text ends on a
# word, so its lens is uniform at every layer (a lens that reads the wrong position fails on it).
TEXTS = ["Français: fleur - 日本語:",
         "English: flower - 日本語: 花 - Français:",
         "花 - English:",
         "fleur"]
LANG_PREFIX_TOKENS = {"en": ["flower", "flow"], "fr": ["fleur"], "ja": ["花"]}


def vocab():
    return {t: i for i, t in enumerate(SPECIALS + WORDS)}


def config():
    c = tm.llama_config(hidden_size=D, intermediate_size=I, num_attention_heads=2, num_key_value_heads=2,
                        max_position_embeddings=16, rms_norm_eps=EPS, vocab_size=V, pad_token_id=3)
    assert c["num_hidden_layers"] == LAYERS and not c["tie_word_embeddings"]
    return c


def weights():
    vb = vocab()

    def e(i, s=1.0):
        v = torch.zeros(D)
        v[i] = s
        return v

    embed = torch.stack([e(E_WORD)] * V)
    for tag, (_, dim) in TAGS.items():
        embed[vb[tag]] = e(E_MARK, P["a"]) + e(dim, P["b"])
    w = {"model.embed_tokens.weight": embed, "model.norm.weight": torch.ones(D)}
    for L in range(LAYERS):
        p = f"model.layers.{L}."
        for n in ("q_proj", "k_proj", "v_proj", "o_proj"):
            w[p + f"self_attn.{n}.weight"] = torch.zeros(D, D)
        w[p + "input_layernorm.weight"] = torch.ones(D)
        w[p + "post_attention_layernorm.weight"] = torch.ones(D)
        gate, up, down = torch.zeros(I, D), torch.zeros(I, D), torch.zeros(D, I)
        if L == 0:
            gate[0, E_MARK], up[0, E_MARK], down[E_FLOWER, 0] = P["g0"], P["u0"], 1.0
        else:
            for n, (src, dst) in enumerate(((E_FR, E_FLEUR), (E_JA, E_HANA))):
                gate[n, src], up[n, src], down[dst, n] = P["g1"], P["u1"], 1.0
        w[p + "mlp.gate_proj.weight"], w[p + "mlp.up_proj.weight"], w[p + "mlp.down_proj.weight"] = gate, up, down
    head = torch.zeros(V, D)
    head[vb["flower"], E_FLOWER] = P["alpha"]
    head[vb["flow"], E_FLOWER] = P["beta"]
    head[vb["fleur"], E_FLEUR] = P["alpha"]
    head[vb["花"], E_HANA] = P["alpha"]
    w["lm_head.weight"] = head
    return w


# ---------------------------------------------------------------------------
# Closed form (plain Python floats; no tensors, no forward)
# ---------------------------------------------------------------------------
def silu(z):
    return z / (1.0 + math.exp(-z))


def closed_form_residuals(last_token):
    """Residual at the last position, per lens layer, as a sparse {dim: value} (attention is zero)."""
    if last_token not in TAGS:
        x = {E_WORD: 1.0}
        return [x, x, x]  # no neuron reads e3: every block writes 0
    lang, dim = TAGS[last_token]
    a, b = P["a"], P["b"]
    x0 = {E_MARK: a, dim: b}
    r0 = math.sqrt((a * a + b * b) / D + EPS)
    m1 = silu(P["g0"] * a / r0) * P["u0"] * a / r0
    x1 = {**x0, E_FLOWER: m1}
    r1 = math.sqrt((a * a + b * b + m1 * m1) / D + EPS)
    x2 = dict(x1)
    if lang in ANSWER_DIM:
        x2[ANSWER_DIM[lang]] = silu(P["g1"] * b / r1) * P["u1"] * b / r1
    return [x0, x1, x2]


def closed_form_lens(last_token):
    """Per lens layer: (probs [V] as floats, entropy)."""
    vb = vocab()
    head = {vb["flower"]: (E_FLOWER, P["alpha"]), vb["flow"]: (E_FLOWER, P["beta"]),
            vb["fleur"]: (E_FLEUR, P["alpha"]), vb["花"]: (E_HANA, P["alpha"])}
    out = []
    for x in closed_form_residuals(last_token):
        r = math.sqrt(sum(v * v for v in x.values()) / D + EPS)
        z = [head[i][1] * x.get(head[i][0], 0.0) / r if i in head else 0.0 for i in range(V)]
        zmax = max(z)
        ex = [math.exp(v - zmax) for v in z]
        s = sum(ex)
        probs = [v / s for v in ex]
        out.append((probs, -sum(p * math.log(p) for p in probs)))
    return out


def intermediates(last_token):
    """The quantities the README derivation names, for one tag."""
    lang, _ = TAGS[last_token]
    a, b = P["a"], P["b"]
    r0 = math.sqrt((a * a + b * b) / D + EPS)
    m1 = silu(P["g0"] * a / r0) * P["u0"] * a / r0
    r1 = math.sqrt((a * a + b * b + m1 * m1) / D + EPS)
    m2 = silu(P["g1"] * b / r1) * P["u1"] * b / r1 if lang in ANSWER_DIM else 0.0
    r2 = math.sqrt((a * a + b * b + m1 * m1 + m2 * m2) / D + EPS)
    return {"r0": r0, "m1": m1, "r1": r1, "m2": m2, "r2": r2}


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------
def expected_json():
    vb = vocab()
    seqs = []
    for text in TEXTS:
        ids = [vb["<s>"]] + [vb[t] for t in text.split()]
        last = text.split()[-1]
        layers = []
        for j, (probs, ent) in enumerate(closed_form_lens(last)):
            named = {t: probs[vb[t]] for t in ("flower", "flow", "fleur", "花")}
            layers.append({
                "layer": j,
                "named": named,
                "other_token": probs[vb["<unk>"]],
                "mass": {lang: sum(probs[vb[t]] for t in toks) for lang, toks in LANG_PREFIX_TOKENS.items()},
                "entropy": ent,
                "probs": probs,
            })
        seqs.append({"text": text, "token_ids": ids, "position": len(ids) - 1, "last_token": last,
                     "layers": layers})
    return {
        "description": "Hand-built Llama (scripts/dev/reference/planted_lens.py) whose logit lens is known in "
                       "closed form: see README.md. Values are the closed form in double precision; the "
                       "float32 PyTorch forward agrees to 1e-6 (check.py).",
        "lens_layers": "0 = residual entering block 0 (embedding), l+1 = output of block l; each through "
                       "model.norm (RMSNorm, gain 1, eps 1e-6) and lm_head, then softmax",
        "parameters": dict(P, D=D, V=V, eps=EPS),
        "token_ids": {t: vb[t] for t in ("flower", "flow", "fleur", "花", "Français:", "日本語:", "English:")},
        "language_prefix_tokens": LANG_PREFIX_TOKENS,
        "padding": {"side": "right", "pad_token_id": vb["<pad>"]},
        "sequences": seqs,
    }


def fmt(x):
    return f"{x:.6f}"


def readme(exp):
    tag = intermediates("日本語:")
    rows = []
    for s in exp["sequences"]:
        for L in s["layers"]:
            n = L["named"]
            rows.append(f"| `{s['text']}` | {L['layer']} | {fmt(n['flower'])} | {fmt(n['flow'])} | {fmt(n['fleur'])} "
                        f"| {fmt(n['花'])} | {fmt(L['other_token'])} | {fmt(L['entropy'])} |")
    table = "\n".join(rows)
    pa = P
    return f"""# planted-lens: a Llama whose logit lens is known in closed form

Written by `scripts/dev/reference/planted_lens.py` (do not edit by hand; rerun the script).
`expected.json` holds the values below for every vocabulary id (`probs`), and `check.py` confirms
that the float32 PyTorch forward + lens (`reference_lens.py`) gives them to 1e-6.

## Construction

`LlamaForCausalLM`, 2 layers, hidden D = {D}, 2 heads, MLP width {I}, vocabulary V = {V} (tokenizer
= every id), `rms_norm_eps` ε = {EPS:g}, every norm gain 1, all attention weights (q, k, v, o) 0.
Since `o_proj = 0` the attention adds nothing: the residual at a position depends on its token only.
`e_i` is the i-th basis vector of the residual stream.

| token | embedding |
| --- | --- |
| `Français:` / `日本語:` / `English:` (tags) | a·e0 + b·e1 / a·e0 + b·e2 / a·e0 + b·e7 |
| every other token | e3 |

* block 0 neuron 0: `gate = g0·e0`, `up = u0·e0`, `down` column = e4 (others 0).
* block 1 neuron 0: `gate = g1·e1`, `up = u1·e1`, writes e5; neuron 1: `gate = g1·e2`, `up = u1·e2`, writes e6.
* `lm_head`: `flower` = α·e4, `flow` = β·e4, `fleur` = α·e5, `花` = α·e6; every other row 0.

a = {pa['a']:g}, b = {pa['b']:g}, g0 = {pa['g0']:g}, u0 = {pa['u0']:g}, g1 = {pa['g1']:g}, u1 = {pa['u1']:g},
α = {pa['alpha']:g}, β = {pa['beta']:g}.

## Derivation

RMSNorm with gain 1: `norm(x) = x / r(x)`, `r(x) = sqrt(|x|²/D + ε)`; `silu(z) = z / (1 + e^(−z))`;
a SwiGLU neuron outputs `silu(gate·h)·(up·h)` along its `down` column.

Last position holding a tag with tag dimension k (e1, e2 or e7):

1. Lens layer 0: `x0 = a·e0 + b·e_k`. The unembedding reads only e4, e5, e6, so every logit is 0:
   **p = 1/V = {1 / V:.6f}** for every token, entropy **log V = {math.log(V):.6f}**.
2. Block 0 sees `h = x0 / r0`, `r0 = sqrt((a² + b²)/D + ε) = {fmt(tag['r0'])}`; neuron 0 writes
   `m1 = silu(g0·a/r0)·u0·a/r0 = {fmt(tag['m1'])}` along e4: `x1 = a·e0 + b·e_k + m1·e4`.
   Lens layer 1: `r1 = sqrt((a² + b² + m1²)/D + ε) = {fmt(tag['r1'])}`; logits
   `z(flower) = α·m1/r1`, `z(flow) = β·m1/r1`, all others 0, so
   `p(flower) = e^(α·m1/r1) / Z1`, `p(flow) = e^(β·m1/r1) / Z1`, `p(other) = 1/Z1`,
   `Z1 = e^(α·m1/r1) + e^(β·m1/r1) + (V − 2)`.
3. Block 1 sees `h = x1 / r1`. For `Français:` (k = 1) neuron 0 writes
   `m2 = silu(g1·b/r1)·u1·b/r1 = {fmt(tag['m2'])}` along e5 (for `日本語:` neuron 1 writes the same m2
   along e6); for `English:` no neuron reads e7, m2 = 0 and layer 2 = layer 1.
   Lens layer 2: `r2 = sqrt((a² + b² + m1² + m2²)/D + ε) = {fmt(tag['r2'])}`;
   `z(flower) = α·m1/r2`, `z(flow) = β·m1/r2`, `z(target) = α·m2/r2`, so
   `p(target) = e^(α·m2/r2) / Z2`, `Z2 = e^(α·m1/r2) + e^(β·m1/r2) + e^(α·m2/r2) + (V − 3)`.
4. A last position holding any other token has x = e3 at every layer: uniform 1/V everywhere.

Entropy `H = −Σ p log p` over all V ids. Language masses by the prefix rule (methods.md (a)):
English = p(flower) + p(flow) (`flow` is a prefix of `flower`), French = p(fleur), Japanese = p(花).

## Values (lens at the last position; "other" = each of the remaining ids)

Inputs (the tokenizer prepends `<s>`; batched they are right-padded with `<pad>` = 3):

| text | lens layer | p(flower) | p(flow) | p(fleur) | p(花) | p(other) | entropy (nats) |
| --- | --- | --- | --- | --- | --- | --- | --- |
{table}

So at layer 1 the lens puts {fmt(exp['sequences'][0]['layers'][1]['mass']['en'])} on English for every
tag, and at layer 2 {fmt(exp['sequences'][0]['layers'][2]['named']['花'])} on the target (花, fleur), while
`English:` stays English.
"""


def write(out_dir):
    d = os.path.join(out_dir, NAME)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(config(), f, indent=2, sort_keys=True)
        f.write("\n")
    save_file({k: v.contiguous() for k, v in weights().items()}, os.path.join(d, "model.safetensors"),
              {"format": "pt"})
    tok, vb = tm.make_tokenizer(SPECIALS, 0, "<unk>", template=("<s>", None))
    for w in WORDS:
        vb[w] = len(vb)
    tok["model"]["vocab"] = vb
    assert vb == vocab()
    with open(os.path.join(d, "tokenizer.json"), "w") as f:
        json.dump(tok, f, indent=1, ensure_ascii=False)
        f.write("\n")
    tc = {"add_bos_token": True, "add_eos_token": False, "bos_token": "<s>", "clean_up_tokenization_spaces": False,
          "eos_token": "</s>", "model_max_length": 16, "pad_token": "<pad>",
          "tokenizer_class": "PreTrainedTokenizerFast", "unk_token": "<unk>"}
    with open(os.path.join(d, "tokenizer_config.json"), "w") as f:
        json.dump(tc, f, indent=2, sort_keys=True)
        f.write("\n")
    exp = expected_json()
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump(exp, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(d, "README.md"), "w") as f:
        f.write(readme(exp))
    return d


def forward_lens(folder):
    """The PyTorch forward + lens of reference_lens.py on the folder's files: (batched, singles)."""
    cfg, W, _, tok, tok_cfg = rf.load_model(folder)
    seqs = [rf.tokenize(tok, t) for t in TEXTS]
    pad = tok["model"]["vocab"][tok_cfg["pad_token"]]
    T = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), T), pad, dtype=torch.int64)
    mask = torch.zeros_like(ids)
    for b, s in enumerate(seqs):
        ids[b, :len(s)], mask[b, :len(s)] = torch.tensor(s), 1
    batched = rl.lens(cfg, W, ids, mask)
    singles = [rl.lens(cfg, W, torch.tensor([s]), torch.ones(1, len(s), dtype=torch.int64)) for s in seqs]
    return seqs, batched, singles


def verify(folder):
    """Max |difference| between (closed form, expected.json, batched forward, single forwards)."""
    with open(os.path.join(folder, "expected.json")) as f:
        exp = json.load(f)
    seqs, batched, singles = forward_lens(folder)
    worst = {"expected.json vs closed form": 0.0, "forward (batched) vs closed form": 0.0,
             "forward (single) vs closed form": 0.0, "entropy: forward vs closed form": 0.0}
    for b, (s, text) in enumerate(zip(exp["sequences"], TEXTS)):
        assert s["token_ids"] == seqs[b], (s["token_ids"], seqs[b])
        for j, (probs, ent) in enumerate(closed_form_lens(text.split()[-1])):
            cf = torch.tensor(probs, dtype=torch.float64)
            worst["expected.json vs closed form"] = max(
                worst["expected.json vs closed form"],
                (torch.tensor(s["layers"][j]["probs"], dtype=torch.float64) - cf).abs().max().item(),
                abs(s["layers"][j]["entropy"] - ent))
            for key, run, row in (("forward (batched) vs closed form", batched, b),
                                  ("forward (single) vs closed form", singles[b], 0)):
                got = run["lens.logprobs"][row, j].double().exp()
                worst[key] = max(worst[key], (got - cf).abs().max().item())
                worst["entropy: forward vs closed form"] = max(
                    worst["entropy: forward vs closed form"], abs(run["lens.entropy"][row, j].item() - ent))
    return worst


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "..", "common", "src", "test", "resources",
                                                  "fixtures", "models"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    d = write(args.out)
    bad = False
    for k, v in verify(d).items():
        print(f"  {k:<40s} max|diff| = {v:.3g}")
        bad |= v > 1e-6
    print("wrote", os.path.normpath(d))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
