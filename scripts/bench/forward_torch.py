#!/usr/bin/env python3
"""PyTorch side of scripts/bench/forward.sh: tokens/s of a plain eager fp32 Llama forward on CPU.

The forward is a minimal Hugging Face-style eager LlamaForCausalLM (what `transformers` runs with
attn_implementation="eager"): F.linear projections, RMSNorm in fp32, rotate-half RoPE from cached
cos/sin, repeat_kv, additive causal+padding mask with finfo.min, softmax in fp32, SwiGLU MLP, untied
lm_head. It does not record hooks (reference_forward.decoder_llama keeps every hook tensor alive in a
dict, which is not what an eager model does); instead it is checked once against
reference_forward.decoder_llama on the benchmark batch (max |logits difference| is printed), so both
compute the same function. Everything runs under torch.no_grad(), fp32, torch.set_num_threads(N).

Modes (the same work as ForwardBench's modes of the same name):
  logits  full forward including the lm_head matmul; logits are made and dropped
  count   logits + per layer, counts[L] (int64 [F], allocated once) += ((gate > 0) & mask).sum((0, 1)) in
          place, on mlp.hook_pre = gate_proj(x) before SiLU
  hidden  forward up to the final norm (last_hidden_state), no lm_head
  gemm    no forward: only the pass's matmuls (q, k, v, o, gate, up, down per layer, lm_head) on random fp32
          weights of the model's shapes: isolates the BLAS

Prints one JSON line per mode ({"mode", "tokens", "passes", "seconds": [...], "cpu_seconds": [...]}) to
--json-out and a human line per mode to stderr.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "dev", "reference"))
from safetensors_io import load_file  # noqa: E402


class EagerLlama:
    def __init__(self, folder):
        with open(os.path.join(folder, "config.json")) as f:
            self.cfg = cfg = json.load(f)
        raw, _, _ = load_file(os.path.join(folder, "model.safetensors"))
        self.W = {k: v.to(torch.float32).contiguous() for k, v in raw.items()}
        del raw
        self.D, self.H, self.KV = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
        self.hd = cfg.get("head_dim") or self.D // self.H
        self.L = cfg["num_hidden_layers"]
        self.F = cfg["intermediate_size"]
        self.eps = cfg["rms_norm_eps"]
        self.layers = []
        for i in range(self.L):
            p = f"model.layers.{i}."
            self.layers.append({k: self.W[p + n] for k, n in [
                ("ln1", "input_layernorm.weight"), ("q", "self_attn.q_proj.weight"),
                ("k", "self_attn.k_proj.weight"), ("v", "self_attn.v_proj.weight"),
                ("o", "self_attn.o_proj.weight"), ("ln2", "post_attention_layernorm.weight"),
                ("gate", "mlp.gate_proj.weight"), ("up", "mlp.up_proj.weight"),
                ("down", "mlp.down_proj.weight")]})
        self.embed = self.W["model.embed_tokens.weight"]
        self.norm = self.W["model.norm.weight"]
        self.lm_head = self.W.get("lm_head.weight", self.embed)
        # HF LlamaRotaryEmbedding: inv_freq in fp32, emb = cat(freqs, freqs); computed once (as HF caches it)
        theta = float(cfg.get("rope_theta", 10000.0))
        inv = 1.0 / (theta ** (torch.arange(0, self.hd, 2, dtype=torch.int64).to(torch.float32) / self.hd))
        pos = torch.arange(cfg.get("max_position_embeddings", 2048), dtype=torch.float32)
        freqs = pos[:, None] * inv[None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        self.cos, self.sin = emb.cos(), emb.sin()

    def rms_norm(self, x, w):
        return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))

    @staticmethod
    def rotate_half(x):
        h = x.shape[-1] // 2
        return torch.cat((-x[..., h:], x[..., :h]), dim=-1)

    def forward(self, ids, mask, logits=True, counts=None, mark=None, keep=None):
        """mark(name, after_reducer=False), if given, is called where ForwardBench's hooks of that name fire.
        keep, a list, if given, receives every intermediate tensor, so that none is freed before the pass
        ends (what an NDScope around the whole pass does; a diagnostic, --retain)."""
        mark = mark or (lambda name, after_reducer=False: None)
        k_ = keep.extend if keep is not None else (lambda ts: None)
        B, T = ids.shape
        H, KV, hd = self.H, self.KV, self.hd
        rep = H // KV
        x = F.embedding(ids, self.embed)
        mark("hook_embed")
        cos, sin = self.cos[:T][None, None], self.sin[:T][None, None]
        causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
        allowed = causal[None, None] & mask.bool()[:, None, None, :]
        bias = torch.zeros(B, 1, T, T, dtype=torch.float32).masked_fill(~allowed, torch.finfo(torch.float32).min)
        maskb = mask.bool()[..., None] if counts is not None else None
        scale = 1.0 / math.sqrt(hd)
        for i, w in enumerate(self.layers):
            h = self.rms_norm(x, w["ln1"])
            q = F.linear(h, w["q"]).view(B, T, H, hd).transpose(1, 2)
            k = F.linear(h, w["k"]).view(B, T, KV, hd).transpose(1, 2)
            v = F.linear(h, w["v"]).view(B, T, KV, hd).transpose(1, 2)
            k_((h, q, k, v))
            q = q * cos + self.rotate_half(q) * sin
            k = k * cos + self.rotate_half(k) * sin
            k_((q, k))
            if rep > 1:
                k = k[:, :, None].expand(B, KV, rep, T, hd).reshape(B, H, T, hd)
                v = v[:, :, None].expand(B, KV, rep, T, hd).reshape(B, H, T, hd)
            k_((k, v))
            scores = torch.matmul(q, k.transpose(2, 3)) * scale + bias
            probs = F.softmax(scores, dim=-1, dtype=torch.float32)
            ctx = torch.matmul(probs, v).transpose(1, 2).reshape(B, T, H * hd)
            attn_out = F.linear(ctx, w["o"])
            k_((scores, probs, ctx, attn_out))
            mark("blocks.*.hook_attn_out")
            x = x + attn_out
            mark("blocks.*.hook_resid_mid")
            h = self.rms_norm(x, w["ln2"])
            gate = F.linear(h, w["gate"])
            mark("blocks.*.mlp.hook_pre")
            if counts is not None:
                counts[i].add_(((gate > 0) & maskb).sum((0, 1)))
                mark("blocks.*.mlp.hook_pre", True)
            up = F.linear(h, w["up"])
            mark("blocks.*.mlp.hook_pre_linear")
            post = F.silu(gate) * up
            mark("blocks.*.mlp.hook_post")
            mlp_out = F.linear(post, w["down"])
            mark("blocks.*.hook_mlp_out")
            x = x + mlp_out
            mark("blocks.*.hook_resid_post")
            k_((h, gate, up, post, mlp_out, x))
        normed = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        mark("ln_final.hook_normalized")
        last = self.norm * normed
        mark("last_hidden_state")
        if logits:
            out = F.linear(last, self.lm_head)
            mark("logits")
            return out
        return last


def profile(model, ids, mask, mode, counts):
    """One pass with a timestamp at every hook point ForwardBench uses; time between consecutive points,
    summed over layers, keyed like ForwardBench's profile."""
    seg, seg_cpu = {}, {}
    state = {"t": 0.0, "c": 0.0, "name": "start"}

    def mark(name, after_reducer=False):
        now, cpu = time.perf_counter(), time.thread_time()
        key = f"reducer on {name}" if after_reducer else f"{state['name']} -> {name}"
        seg[key] = seg.get(key, 0.0) + (now - state["t"]) * 1e3
        seg_cpu[key] = seg_cpu.get(key, 0.0) + (cpu - state["c"]) * 1e3
        state["t"], state["c"] = now, cpu
        if not after_reducer:
            state["name"] = name

    state["c"] = c0 = time.thread_time()
    state["t"] = t0 = time.perf_counter()
    model.forward(ids, mask, logits=mode != "hidden", counts=counts, mark=mark)
    total = (time.perf_counter() - t0) * 1e3
    total_cpu = (time.thread_time() - c0) * 1e3
    seg["(after the last hook)"] = total - sum(seg.values())
    seg_cpu["(after the last hook)"] = total_cpu - sum(seg_cpu.values())
    print(f"[torch] profile of one {mode} pass: {total:.1f} ms (calling thread's CPU {total_cpu:.1f} ms)", file=sys.stderr)
    for k, v in seg.items():
        print(f"[torch]   {k:58s} {v:8.1f} ms {100 * v / total:5.1f} %  cpu {seg_cpu[k]:8.1f} ms", file=sys.stderr)
    return {"side": "torch", "mode": mode, "profile_total_ms": total, "profile_ms": seg,
            "profile_thread_cpu_total_ms": total_cpu, "profile_thread_cpu_ms": seg_cpu}


def gemm_chain(model, B, T):
    """Mode gemm: only the pass's matmuls (q, k, v, o, gate, up, down per layer, then lm_head) as F.linear on
    random fp32 weights of the model's shapes (one layer's set reused for every layer), as ForwardBench's."""
    D, F_, V = model.D, model.F, model.lm_head.shape[0]
    qd, kvd = model.H * model.hd, model.KV * model.hd
    x, ctx, act = torch.randn(B, T, D), torch.randn(B, T, qd), torch.randn(B, T, F_)
    w = [torch.randn(qd, D), torch.randn(kvd, D), torch.randn(kvd, D), torch.randn(D, qd),
         torch.randn(F_, D), torch.randn(F_, D), torch.randn(D, F_)]
    lm = torch.randn(V, D)

    def run():
        for _ in range(model.L):
            for i in range(3):
                F.linear(x, w[i])
            F.linear(ctx, w[3])
            F.linear(x, w[4])
            F.linear(x, w[5])
            F.linear(act, w[6])
        F.linear(x, lm)
    return run


def cpu_seconds():
    t = os.times()
    return t.user + t.system


def minor_faults():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--ids", required=True, help="JSON from make_bench_model.py --ids-out")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--interop-threads", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--modes", default="logits,count,hidden")
    ap.add_argument("--json-out", help="append one JSON line per mode here")
    ap.add_argument("--java-hidden", help="raw little-endian fp32 last_hidden_state [B,T,D] written by ForwardBench: "
                                          "print the max |difference| to ours")
    ap.add_argument("--java-counts", help="JSON {layer: total count} written by ForwardBench: compare")
    ap.add_argument("--no-reference-check", action="store_true")
    ap.add_argument("--profile", action="store_true", help="one extra pass per mode, timed between hook points")
    ap.add_argument("--retain", action="store_true",
                    help="diagnostic: keep every intermediate alive until the pass ends (as ours does)")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    try:
        torch.set_num_interop_threads(a.interop_threads)
    except RuntimeError:
        pass
    torch.manual_seed(0)
    t0 = time.time()
    model = EagerLlama(a.model)
    with open(a.ids) as f:
        doc = json.load(f)
    ids = torch.tensor(doc["ids"], dtype=torch.int64)
    mask = torch.ones_like(ids)
    B, T = ids.shape
    print(f"[torch] torch {torch.__version__}, threads {torch.get_num_threads()} intra / "
          f"{torch.get_num_interop_threads()} inter-op, model loaded in {time.time() - t0:.1f} s, batch {B}x{T}",
          file=sys.stderr)

    out = open(a.json_out, "a") if a.json_out else None
    check = {}
    with torch.no_grad():
        if not a.no_reference_check:
            import reference_forward as ref
            # the reference recomputes and keeps every hook; run it once on 1 row x 32 tokens to stay cheap
            sub_ids, sub_mask = ids[:1, :32], mask[:1, :32]
            ref_logits = ref.decoder_llama(model.cfg, model.W, sub_ids, sub_mask)["logits"]
            ours = model.forward(sub_ids, sub_mask)
            diff = (ref_logits - ours).abs().max().item()
            print(f"[torch] eager forward vs reference_forward.decoder_llama: max |logits diff| = {diff:.3g} "
                  f"(logits max |.| {ours.abs().max().item():.3g})", file=sys.stderr)
            check["reference_max_abs_logits_diff"] = diff
            if diff > 1e-3 * max(1.0, ours.abs().max().item()):
                sys.exit("eager forward disagrees with reference_forward.py")
        hidden = model.forward(ids, mask, logits=False)
        if a.java_hidden:
            import numpy as np
            jh = torch.from_numpy(np.fromfile(a.java_hidden, dtype="<f4").reshape(hidden.shape).copy())
            d = (jh - hidden).abs().max().item()
            print(f"[torch] ForwardBench last_hidden_state vs torch: max |diff| = {d:.3g} "
                  f"(max |.| {hidden.abs().max().item():.3g})", file=sys.stderr)
            check["java_hidden_max_abs_diff"] = d
            check["hidden_max_abs"] = hidden.abs().max().item()
        if a.java_counts:
            counts = [torch.zeros(model.F, dtype=torch.int64) for _ in range(model.L)]
            model.forward(ids, mask, counts=counts)
            with open(a.java_counts) as f:
                jc = json.load(f)
            ours = [int(c.sum()) for c in counts]
            theirs = [int(jc[str(i)]) for i in range(model.L)]
            mism = sum(abs(x - y) for x, y in zip(ours, theirs))
            print(f"[torch] counts of gate > 0, all layers: torch {sum(ours)}, ForwardBench {sum(theirs)} "
                  f"(sum of |per-layer differences| {mism}, of {B * T * model.F * model.L} activations)",
                  file=sys.stderr)
            check.update(counts_torch=sum(ours), counts_java=sum(theirs), counts_layer_abs_diff=mism,
                         counts_activations=B * T * model.F * model.L)
        if out and check:
            out.write(json.dumps({"side": "torch", "check": check}) + "\n")

        for mode in a.modes.split(","):
            counts = [torch.zeros(model.F, dtype=torch.int64) for _ in range(model.L)] if mode == "count" else None
            gemm = gemm_chain(model, B, T) if mode == "gemm" else None

            def one():
                if gemm:
                    gemm()
                    return
                keep = [] if a.retain else None
                r = model.forward(ids, mask, logits=mode != "hidden", counts=counts, keep=keep)
                del r, keep

            for _ in range(a.warmup):
                one()
            secs, cpus, faults = [], [], []
            for _ in range(a.passes):
                f0, c0, w0 = minor_faults(), cpu_seconds(), time.perf_counter()
                one()
                secs.append(time.perf_counter() - w0)
                cpus.append(cpu_seconds() - c0)
                faults.append(minor_faults() - f0)
            med = statistics.median(secs)
            print(f"[torch] {mode:6s}: median {med * 1e3:8.1f} ms/pass, {B * T / med:8.1f} tokens/s "
                  f"(min {min(secs) * 1e3:.1f} ms; cpu/wall {sum(cpus) / sum(secs):.2f}; "
                  f"{int(statistics.median(faults))} minor page faults/pass)", file=sys.stderr)
            rec = {"side": "torch", "mode": mode, "tokens": B * T, "passes": a.passes, "seconds": secs,
                   "cpu_seconds": cpus, "minor_faults": faults, "retain": a.retain}
            if out:
                out.write(json.dumps(rec) + "\n")
                out.flush()
            if a.profile and not gemm:
                prof = profile(model, ids, mask, mode, counts)
                if out:
                    out.write(json.dumps(prof) + "\n")
                    out.flush()
        if out:
            out.close()


if __name__ == "__main__":
    main()
