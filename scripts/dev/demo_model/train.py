#!/usr/bin/env python3
"""Train the demo model: a tiny Llama (LlamaForCausalLM layout) + its own byte-level BPE tokenizer on
UDHR text of 10 languages with a known, skewed mixture. Writes a Hugging Face model folder
(config.json, model.safetensors, tokenizer.json, tokenizer_config.json) plus training.json and
TRAINING.md that record the mixture and the results. See README.md next to this file.

    LD_LIBRARY_PATH=/tmp/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=1 \\
      nice -n 10 /usr/bin/python3 scripts/dev/demo_model/train.py --out sample-data/models/demo-llama

(the LD_LIBRARY_PATH part is optional: it only makes the matrix products ~15x faster than Debian's
reference BLAS; see README.md).
"""
import argparse
import hashlib
import json
import math
import os
import platform
import random
import sys
import time
from collections import Counter

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "scripts", "dev", "reference"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import bpe  # noqa: E402
import udhr_corpus  # noqa: E402
from model import LlamaForCausalLM  # noqa: E402
from safetensors_io import save_file  # noqa: E402

# The mixture: share of the model's training TOKENS per language (sums to 1). Skewed on purpose:
# English dominates, then three Latin-script European languages, then one language per other script.
MIXTURE = [  # (udhr code, share by tokens, ISO 639-3, BCP 47, name, script)
    ("eng", 0.40, "eng", "en", "English", "Latn"),
    ("fra", 0.15, "fra", "fr", "French", "Latn"),
    ("deu_1996", 0.10, "deu", "de-1996", "German (1996 orthography)", "Latn"),
    ("spa", 0.10, "spa", "es", "Spanish", "Latn"),
    ("rus", 0.08, "rus", "ru", "Russian", "Cyrl"),
    ("cmn_hans", 0.06, "cmn", "zh", "Chinese (Simplified)", "Hans"),
    ("arb", 0.04, "arb", "ar", "Arabic (Standard)", "Arab"),
    ("hin", 0.03, "hin", "hi", "Hindi", "Deva"),
    ("swh", 0.02, "swh", "sw", "Swahili", "Latn"),
    ("yor", 0.02, "yor", "yo", "Yoruba", "Latn"),
]
HELD_OUT = ("28", "29", "30")  # UDHR articles never used for the tokenizer or the model

ARCH = dict(
    architectures=["LlamaForCausalLM"], attention_bias=False, attention_dropout=0.0, hidden_act="silu",
    hidden_size=128, head_dim=32, initializer_range=0.02, intermediate_size=344, max_position_embeddings=256,
    mlp_bias=False, model_type="llama", num_attention_heads=4, num_hidden_layers=4, num_key_value_heads=2,
    pretraining_tp=1, rms_norm_eps=1e-5, rope_scaling=None, rope_theta=10000.0, tie_word_embeddings=False,
    torch_dtype="float32", use_cache=True, vocab_size=2000)


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------
def load_corpus(udhr_dir):
    """code -> {"train": [(key, text)], "held_out": [(key, text)], "file": ..., "sha256": ...}"""
    out = {}
    for code, *_ in MIXTURE:
        path = os.path.join(udhr_dir, code + ".html")
        shipped = os.path.join(REPO, "sample-data", "udhr", code + ".html")
        assert os.path.exists(shipped), f"{code} is not in sample-data/udhr"
        digest = sha256(path)
        assert digest == sha256(shipped), f"{path} differs from {shipped}"
        _, docs = udhr_corpus.read_declaration(path)
        keys = [k for k, _ in docs]
        assert keys == ["preamble"] + [str(i) for i in range(1, 31)], (code, keys)
        out[code] = {"train": [(k, t) for k, t in docs if k not in HELD_OUT],
                     "held_out": [(k, t) for k, t in docs if k in HELD_OUT],
                     "file": os.path.relpath(shipped, REPO), "sha256": digest}
    return out


def nbytes(docs):
    return sum(len(t.encode("utf-8")) for _, t in docs)


def train_tokenizer(corpus, byte_shares, vocab_size, scale=10 ** 8):
    """Tokenizer corpus = each language's training text repeated m_l times (integer m_l chosen so that
    language l makes up byte_shares[l] of the bytes). Returns (vocab, merges, multipliers)."""
    counts = Counter()
    mult = {}
    for code, *_ in MIXTURE:
        docs = corpus[code]["train"]
        mult[code] = max(1, round(scale * byte_shares[code] / nbytes(docs)))
        lang = Counter()
        for _, t in docs:
            lang.update(bpe.pretokenize(t))
        for w, c in lang.items():
            counts[w] += c * mult[code]
    vocab, merges = bpe.train(counts, vocab_size)
    return vocab, merges, mult


def streams(tok, corpus, part):
    """code -> per-document id lists [bos] + ids + [eos]."""
    bos, eos = tok.vocab["<|bos|>"], tok.vocab["<|eos|>"]
    return {code: [[bos] + tok.encode(t) + [eos] for _, t in corpus[code][part]] for code, *_ in MIXTURE}


def stream_bytes_per_token(corpus, docs_ids, code):
    return nbytes(corpus[code]["train"]) / sum(len(d) for d in docs_ids[code])


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------
@torch.no_grad()
def eval_docs(model, docs, ctx):
    """Sum of next-token NLL (nats) and number of predicted tokens over documents; a document longer
    than ctx tokens is cut into consecutive windows (overlapping by one token so every token is predicted)."""
    total, n = 0.0, 0
    for d in docs:
        start = 0
        while start < len(d) - 1:
            w = d[start:start + ctx]
            ids = torch.tensor([w])
            logits = model(ids)
            total += F.cross_entropy(logits[0, :-1], ids[0, 1:], reduction="sum").item()
            n += len(w) - 1
            start += ctx - 1
    return total, n


def eval_languages(model, docs_ids, corpus, part, ctx):
    model.eval()
    res = {}
    for code, *_ in MIXTURE:
        nll, n = eval_docs(model, docs_ids[code], ctx)
        b = nbytes(corpus[code][part])
        res[code] = {"loss_nats_per_token": nll / n, "bits_per_byte": nll / math.log(2) / b,
                     "total_bits": nll / math.log(2), "tokens": n, "bytes": b}
    model.train()
    return res


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(REPO, "sample-data", "models", "demo-llama"))
    ap.add_argument("--udhr-dir", default=udhr_corpus.udhr_dir(REPO))
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--seq-len", type=int, default=256, help="tokens per training sequence (+1 for the target)")
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--min-lr-ratio", type=float, default=0.1)
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--dropout", type=float, default=0.2, help="training-time dropout (see model.py)")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--tokenizer-iterations", type=int, default=12, help="max fixed-point iterations")
    ap.add_argument("--tokenizer-tolerance", type=float, default=1e-3)
    ap.add_argument("--eval-every", type=int, default=75, help="held-out eval interval (does not change training)")
    args = ap.parse_args()
    t_start = time.time()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    shares = {code: s for code, s, *_ in MIXTURE}
    assert abs(sum(shares.values()) - 1) < 1e-12
    ctx = ARCH["max_position_embeddings"]
    assert args.seq_len <= ctx

    corpus = load_corpus(args.udhr_dir)
    for code, *_ in MIXTURE:
        log(f"{code:9s} train docs {len(corpus[code]['train'])} bytes {nbytes(corpus[code]['train'])}"
            f"  held-out bytes {nbytes(corpus[code]['held_out'])}")

    # --- tokenizer: byte shares of its corpus = byte shares of the model's training tokens (fixed point)
    byte_shares = dict(shares)  # first guess: equal to the token shares
    history = []
    for it in range(args.tokenizer_iterations):
        vocab, merges, mult = train_tokenizer(corpus, byte_shares, ARCH["vocab_size"])
        tok = bpe.Tokenizer(vocab, merges)
        ids = streams(tok, corpus, "train")
        bpt = {c: stream_bytes_per_token(corpus, ids, c) for c in shares}
        z = sum(shares[c] * bpt[c] for c in shares)
        implied = {c: shares[c] * bpt[c] / z for c in shares}
        tb = {c: mult[c] * nbytes(corpus[c]["train"]) for c in shares}
        realized = {c: tb[c] / sum(tb.values()) for c in shares}
        gap = max(abs(realized[c] - implied[c]) for c in shares)
        history.append({"iteration": it, "tokenizer_byte_shares": realized, "model_byte_shares": implied,
                        "max_abs_gap": gap})
        log(f"tokenizer iteration {it}: max |tokenizer byte share - model byte share| = {gap:.5f}")
        if gap <= args.tokenizer_tolerance:
            break
        byte_shares = implied
    tok_byte_shares, model_byte_shares = realized, implied
    assert len(vocab) == ARCH["vocab_size"]
    held = streams(tok, corpus, "held_out")
    for code in shares:  # byte-level BPE must round-trip every text
        for (_, t), d in zip(corpus[code]["train"] + corpus[code]["held_out"], ids[code] + held[code]):
            assert tok.decode(d) == t

    # --- sequences: stratified language plan (exact token shares), random windows of circular streams
    rng = random.Random(args.seed)
    n_seq = args.steps * args.batch
    quota = {c: shares[c] * n_seq for c in shares}
    counts = {c: int(math.floor(q)) for c, q in quota.items()}
    for c in sorted(shares, key=lambda c: quota[c] - counts[c], reverse=True)[: n_seq - sum(counts.values())]:
        counts[c] += 1
    plan = [c for c in shares for _ in range(counts[c])]
    rng.shuffle(plan)
    flat = {c: [t for d in ids[c] for t in d] for c in shares}
    L = args.seq_len + 1

    def window(c):
        s = flat[c]
        i = rng.randrange(len(s))
        w = (s[i:] + s * (L // len(s) + 1))[:L]
        return w

    # --- model
    cfg = dict(ARCH, bos_token_id=vocab["<|bos|>"], eos_token_id=vocab["<|eos|>"], pad_token_id=vocab["<|pad|>"])
    model = LlamaForCausalLM(cfg, dropout=args.dropout)
    model.init_weights(std=cfg["initializer_range"], seed=args.seed)
    n_params = sum(p.numel() for p in model.parameters())
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95), eps=1e-8)

    def lr_at(step):  # linear warmup, cosine decay to min_lr_ratio * lr
        if step < args.warmup:
            return args.lr * (step + 1) / args.warmup
        p = (step - args.warmup) / max(1, args.steps - args.warmup)
        return args.lr * (args.min_lr_ratio + (1 - args.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * p)))

    log(f"model: {n_params} parameters; {args.steps} steps x {args.batch} x {args.seq_len} tokens; "
        f"sequences per language {counts}")
    curve, evals = [], []
    recent = {c: [0.0, 0] for c in shares}
    t_train = time.time()
    tok_seen = Counter()
    for step in range(args.steps):
        langs = plan[step * args.batch:(step + 1) * args.batch]
        batch = torch.tensor([window(c) for c in langs])
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        logits = model(batch[:, :-1])
        per_tok = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1),
                                  reduction="none").view(len(langs), -1)
        loss = per_tok.mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        gnorm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0).item()
        opt.step()
        for c, l in zip(langs, per_tok.mean(1).tolist()):
            tok_seen[c] += args.seq_len
            if step >= args.steps - 200:
                recent[c][0] += l
                recent[c][1] += 1
        if step % 50 == 0 or step == args.steps - 1:
            curve.append({"step": step, "lr": lr_at(step), "loss": loss.item(), "grad_norm": gnorm,
                          "seconds": round(time.time() - t_train, 1)})
            log(f"step {step:5d} lr {lr_at(step):.2e} loss {loss.item():.4f} gnorm {gnorm:.2f} "
                f"{(time.time() - t_train) / (step + 1):.3f} s/step")
        if args.eval_every and (step + 1) % args.eval_every == 0 and step + 1 < args.steps:
            h = eval_languages(model, held, corpus, "held_out", ctx)
            evals.append({"step": step + 1,
                          "held_out_loss": {c: round(v["loss_nats_per_token"], 4) for c, v in h.items()},
                          "held_out_bits_per_byte": {c: round(v["bits_per_byte"], 4) for c, v in h.items()},
                          "held_out_total_bits": {c: round(v["total_bits"], 1) for c, v in h.items()}})
            log("held-out total bits " + " ".join(f"{c}={v['total_bits']:.0f}" for c, v in h.items()))
    train_seconds = time.time() - t_train
    model.eval()
    final_train = eval_languages(model, ids, corpus, "train", ctx)
    final_held = eval_languages(model, held, corpus, "held_out", ctx)
    log("final held-out loss " + " ".join(f"{c}={v['loss_nats_per_token']:.3f}" for c, v in final_held.items()))
    log("final held-out total bits " + " ".join(f"{c}={v['total_bits']:.0f}" for c, v in final_held.items()))
    log("final held-out bits/byte " + " ".join(f"{c}={v['bits_per_byte']:.3f}" for c, v in final_held.items()))
    log("final train bits/byte " + " ".join(f"{c}={v['bits_per_byte']:.3f}" for c, v in final_train.items()))

    # --- write the folder
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    for stale in ("training.json", "TRAINING.md"):
        if os.path.exists(os.path.join(out, stale)):
            os.remove(os.path.join(out, stale))
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
        f.write("\n")
    state = {k: v.detach().to(torch.float32).contiguous() for k, v in model.state_dict().items()}
    save_file(state, os.path.join(out, "model.safetensors"), {"format": "pt"})
    bpe.write_tokenizer(out, vocab, merges, ctx)

    import verify  # noqa: E402  (after the folder exists)
    ver = verify.verify(out, trained_model=model)

    blas = sorted({os.path.basename(ln.split()[-1]) for ln in open("/proc/self/maps") if "blas" in ln.lower() and ".so" in ln})
    tot = sum(tok_seen.values())
    languages = []
    for code, share, iso, bcp, name, script in MIXTURE:
        languages.append({
            "udhr_code": code, "iso639_3": iso, "bcp47": bcp, "name": name, "script": script,
            "share_by_tokens": share,
            "share_by_bytes": round(model_byte_shares[code], 6),
            "tokenizer_corpus_share_by_bytes": round(tok_byte_shares[code], 6),
            "tokenizer_corpus_multiplier": mult[code],
            "training_sequences": counts[code],
            "training_tokens_seen": tok_seen[code],
            "training_tokens_seen_share": round(tok_seen[code] / tot, 6),
            "unique_training_tokens": sum(len(d) for d in ids[code]),
            "unique_training_bytes": nbytes(corpus[code]["train"]),
            "bytes_per_token": round(stream_bytes_per_token(corpus, ids, code), 4),
            "epochs_over_own_text": round(tok_seen[code] / sum(len(d) for d in ids[code]), 2),
            "source_file": corpus[code]["file"], "source_sha256": corpus[code]["sha256"],
            "final_train_loss": round(final_train[code]["loss_nats_per_token"], 4),
            "final_train_bits_per_byte": round(final_train[code]["bits_per_byte"], 4),
            "train_batch_loss_last_200_steps": round(recent[code][0] / max(1, recent[code][1]), 4),
            "held_out_loss": round(final_held[code]["loss_nats_per_token"], 4),
            "held_out_bits_per_byte": round(final_held[code]["bits_per_byte"], 4),
            "held_out_total_bits": round(final_held[code]["total_bits"], 1),
            "held_out_tokens": final_held[code]["tokens"],
            "held_out_bytes": final_held[code]["bytes"],
        })
    envs = " ".join(f"{k}={os.environ[k]}" for k in ("LD_LIBRARY_PATH", "OPENBLAS_NUM_THREADS") if os.environ.get(k))
    niceness = os.nice(0)
    command = " ".join(["/usr/bin/python3"] + [os.path.relpath(sys.argv[0], REPO)] +
                       [a if not a.startswith("/") else os.path.relpath(a, REPO) for a in sys.argv[1:]])
    info = {
        "what": "tiny Llama-style demo model + byte-level BPE tokenizer trained on UDHR text with a known, "
                "skewed language mixture (ground truth for Language Ranker, LAPE and data-mixture inference)",
        "languages": languages,
        "mixture_definition": {
            "share_by_tokens": "fraction of the model's training tokens (sequences are sampled per language with "
                               "exactly these shares: a stratified, seeded plan of steps*batch sequences)",
            "share_by_bytes": "the same training stream measured in UTF-8 bytes of text (share_by_tokens * "
                              "bytes_per_token, normalised; bos/eos count as tokens with 0 bytes)",
            "tokenizer_corpus": "BPE training corpus = each language's training text (preamble + articles "
                                "1-27) repeated tokenizer_corpus_multiplier times; its byte shares are "
                                "tokenizer_corpus_share_by_bytes (= share_by_bytes up to the gap below, by a "
                                "fixed-point iteration: tokenizer -> bytes/token -> byte shares -> tokenizer)",
            "tokenizer_fixed_point": history,
        },
        "held_out": {"udhr_articles": [int(a) for a in HELD_OUT],
                     "note": "articles 28, 29, 30 of every language: never seen by the tokenizer trainer or "
                             "the model; the preamble and articles 1-27 are training text"},
        "text_extraction": "as the Java UdhrReader: <header> preamble and each <article>, <p>/<li> blocks "
                           "(Jsoup text(): whitespace collapsed, trimmed) joined with \\n; headings dropped; "
                           "each document is encoded as <|bos|> text <|eos|>",
        "tokenizer": {"type": "byte-level BPE (GPT-2 byte alphabet), HF tokenizer.json",
                      "pre_tokenizer": "ByteLevel(add_prefix_space=false, use_regex=true) = GPT-2 regex " + bpe.PATTERN,
                      "vocab_size": len(vocab), "merges": len(merges),
                      "special_tokens": {s: vocab[s] for s in bpe.SPECIALS},
                      "ids": "0-2 special, 3-258 the 256 bytes in byte order, 259-1999 merges in merge order",
                      "post_processor": "TemplateProcessing: <|bos|> $A (add_special_tokens adds <|bos|> only)",
                      "tie_break": "highest count, then smallest (left id, right id)"},
        "architecture": {k: cfg[k] for k in ("hidden_size", "num_hidden_layers", "num_attention_heads",
                                              "num_key_value_heads", "head_dim", "intermediate_size",
                                              "vocab_size", "max_position_embeddings", "rope_theta",
                                              "rms_norm_eps", "tie_word_embeddings")},
        "parameters": n_params,
        "training": {
            "steps": args.steps, "batch_size": args.batch, "sequence_length": args.seq_len,
            "tokens_per_step": args.batch * args.seq_len, "total_training_tokens": tot,
            "sequence_sampling": "language from the stratified plan; a random start in the language's circular "
                                 "stream of <|bos|> doc <|eos|> documents (preamble, articles 1-27 in order); "
                                 "seq_len+1 tokens; no padding",
            "optimizer": {"type": "AdamW", "betas": [0.9, 0.95], "eps": 1e-8, "weight_decay": args.weight_decay,
                          "weight_decay_applies_to": "2-D weights (not the RMSNorm gains)", "grad_clip_norm": 1.0},
            "lr_schedule": {"peak_lr": args.lr, "warmup_steps": args.warmup, "decay": "cosine",
                            "min_lr": args.lr * args.min_lr_ratio},
            "dropout": args.dropout,
            "dropout_applies_to": "training only: embedding output, attention probabilities, attention and MLP "
                                  "outputs before the residual adds (config.json attention_dropout stays 0.0: "
                                  "inference has no dropout)",
            "init": "normal(0, 0.02); o_proj/down_proj normal(0, 0.02/sqrt(2*layers)); norm gains 1",
            "seed": args.seed,
            "loss_curve": curve,
            "held_out_loss_during_training": evals,
            "train_seconds": round(train_seconds, 1),
        },
        "evaluation": {
            "loss": "mean next-token NLL in nats over each document's predicted tokens (text + <|eos|>, "
                    "conditioned on <|bos|>), documents longer than 256 tokens in consecutive windows",
            "bits_per_byte": "summed NLL / ln 2 / UTF-8 bytes of the documents' text (comparable across languages)",
        },
        "verification": ver,
        "environment": {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version(),
                        "blas_libraries_loaded": blas, "threads": torch.get_num_threads(),
                        "machine": platform.machine()},
        "wall_seconds_total": round(time.time() - t_start, 1),
        "command": command,
        "command_with_environment": " ".join(x for x in (envs, f"nice -n {niceness}" if niceness else "", command) if x),
        "udhr_dir": os.path.relpath(os.path.abspath(args.udhr_dir), REPO),
    }
    with open(os.path.join(out, "training.json"), "w", encoding="utf-8") as f:
        json.dump(info, f, indent=1, ensure_ascii=False)
        f.write("\n")
    write_training_md(out, info)
    log(f"wrote {out} in {time.time() - t_start:.0f} s; verification: {json.dumps(ver['summary'])}")


def write_training_md(out, info):
    t = info["training"]
    a = info["architecture"]
    L = info["languages"]
    rows = "\n".join(
        f"| {x['udhr_code']} | {x['name']} | {x['script']} | {x['share_by_tokens'] * 100:.0f} % | "
        f"{x['share_by_bytes'] * 100:.2f} % | {x['tokenizer_corpus_share_by_bytes'] * 100:.2f} % | "
        f"{x['bytes_per_token']:.2f} | {x['epochs_over_own_text']:.0f} |" for x in L)
    loss_rows = "\n".join(
        f"| {x['udhr_code']} | {x['share_by_tokens'] * 100:.0f} % | {x['final_train_loss']:.3f} | "
        f"{x['final_train_bits_per_byte']:.3f} | {x['held_out_loss']:.3f} | {x['held_out_bits_per_byte']:.3f} | "
        f"{x['held_out_total_bits']:,.0f} | {x['held_out_tokens']} |" for x in L)
    v = info["verification"]["summary"]
    env = info["environment"]
    top = max(L, key=lambda x: x["share_by_tokens"])
    low = [x for x in L if x["share_by_tokens"] == min(y["share_by_tokens"] for y in L)]
    caveat = (f"Reading these numbers: each language has only {min(x['unique_training_tokens'] for x in L):,}–"
              f"{max(x['unique_training_tokens'] for x in L):,} tokens of training text, so the skew is also a skew in "
              f"repetition: {top['udhr_code']} was seen {top['epochs_over_own_text']:.0f} times over (train "
              f"{top['final_train_bits_per_byte']:.2f} vs held-out {top['held_out_bits_per_byte']:.2f} bits/byte: "
              f"partly memorised), " + ", ".join(f"{x['udhr_code']} {x['epochs_over_own_text']:.1f} times" for x in low) +
              " (barely learned). Bits/byte compare languages of the same script; across scripts compare "
              "`held_out_total_bits` in `training.json` (the same three articles in every language).")
    md = f"""# demo-llama — training record

Generated by `scripts/dev/demo_model/train.py` (do not edit by hand; `training.json` has every number).
A tiny `LlamaForCausalLM` ({info['parameters']:,} parameters, fp32) and its own byte-level BPE tokenizer, trained on
UDHR text of 10 languages with a **known, skewed mixture**, as ground truth for the Language Ranker, LAPE and
data-mixture inference. It is a toy: it has seen ~28 short documents per language, many times over.

## Mixture

| udhr code | language | script | share by tokens | share by bytes | tokenizer corpus by bytes | bytes/token | epochs over its own text |
| --- | --- | --- | --- | --- | --- | --- | --- |
{rows}

* **share by tokens** is exact: the {t['steps'] * t['batch_size']:,} training sequences ({t['sequence_length']} tokens each)
  follow a seeded, stratified language plan with these shares.
* **share by bytes** = the same training stream in UTF-8 bytes of text.
* **tokenizer corpus**: the BPE trainer saw each language's training text repeated an integer number of times
  (`tokenizer_corpus_multiplier` in `training.json`) so that its byte shares equal the model's byte shares
  (fixed point over {len(info['mixture_definition']['tokenizer_fixed_point'])} tokenizer trainings; remaining gap
  {info['mixture_definition']['tokenizer_fixed_point'][-1]['max_abs_gap']:.4f}). Tokenizer and model therefore saw
  the same mixture of text.
* Held out everywhere (tokenizer and model): UDHR **articles 28, 29, 30** of every language. Training text = the
  preamble + articles 1–27. Source files: `sample-data/udhr/<code>.html` (identical to the cache copies,
  sha256 in `training.json`), text extracted like the Java `UdhrReader`.

## Results (final model)

Loss = mean next-token NLL (nats/token) over each document (`<|bos|>` text `<|eos|>`, predicting the text and
`<|eos|>`). Nats/token is not comparable across languages (tokens have different lengths); bits/byte is, within
one script; held-out total bits = summed NLL over the same three articles, comparable across all languages.

| udhr code | share | train loss | train bits/byte | held-out loss | held-out bits/byte | held-out total bits | held-out tokens |
| --- | --- | --- | --- | --- | --- | --- | --- |
{loss_rows}

{caveat}

## Model and tokenizer

* `config.json`: LlamaForCausalLM, hidden {a['hidden_size']}, {a['num_hidden_layers']} layers,
  {a['num_attention_heads']} heads / {a['num_key_value_heads']} kv heads (head_dim {a['head_dim']}), SwiGLU
  {a['intermediate_size']}, vocab {a['vocab_size']}, context {a['max_position_embeddings']}, rope_theta
  {a['rope_theta']:g}, rms_norm_eps {a['rms_norm_eps']:g}, untied lm_head, float32.
* `tokenizer.json`: BPE, {info['tokenizer']['merges']} merges, `byte_fallback: false`, pre-tokenizer
  `ByteLevel(add_prefix_space=false, use_regex=true)` (GPT-2 regex), ByteLevel decoder,
  post-processor `<|bos|> $A`. Special tokens {info['tokenizer']['special_tokens']}; ids 3–258 are the 256 bytes
  in byte order, 259–1999 the merges in merge order.

## Training

* {t['steps']} steps × batch {t['batch_size']} × {t['sequence_length']} tokens = {t['total_training_tokens']:,} tokens;
  AdamW (β 0.9/0.95, weight decay {t['optimizer']['weight_decay']} on matrices, grad clip 1.0); lr
  {t['lr_schedule']['peak_lr']:g}, {t['lr_schedule']['warmup_steps']} warmup steps, cosine to
  {t['lr_schedule']['min_lr']:g}; seed {t['seed']}.
* Training time {t['train_seconds']:.0f} s, total {info['wall_seconds_total']:.0f} s (1 thread, shared 2-core machine);
  torch {env['torch']}, numpy {env['numpy']}, Python {env['python']}; BLAS {', '.join(env['blas_libraries_loaded'])}.
* Command (from the repository root): `{info['command_with_environment']}`

## Verification

* Model: {v['text']}
* Tokenizer: `bpe.py`'s encoder round-trips every training and held-out text (checked by `train.py`). The ids
  of `tokenizer.json` under the real Rust `tokenizers` (DJL 0.35.1 `HuggingFaceTokenizer`) were compared with
  `bpe.py` on every document of the 32 shipped UDHR declarations plus edge cases when these files were made
  (identical); repeat that after regenerating (`scripts/dev/demo_model/README.md`).
"""
    with open(os.path.join(out, "TRAINING.md"), "w", encoding="utf-8") as f:
        f.write(md)


if __name__ == "__main__":
    main()
