#!/usr/bin/env python3
"""How far a bf16 forward drifts from the fp32 one, hook by hook, on a fixture (docs/model-runtime.md).

Runs reference_forward.py's plain-PyTorch forward twice on the same weights and inputs: in float32
(the golden reference) and in bfloat16 (weights cast to bf16, every op in bf16 except what the
reference keeps in fp32: RMSNorm, softmax, log-softmax), and prints max |bf16 - fp32| per hook kind
(worst layer) over real tokens. Debian's torch (1.13) CPU kernels, not DJL's libtorch 2.7.1: DJL
0.35.1 and 0.36.0 cannot create a bf16 array at all (scripts/dev/bf16-probe), so this is what bf16
compute would cost, not something the runtime does. Measured on llama-bf16 and gemma2
(docs/model-runtime.md#precision-and-memory).

Usage: /usr/bin/python3 scripts/dev/reference/bf16_drift.py [fixture folder, default llama-bf16]
"""
import os
import re
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import reference_forward as rf  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "llama-bf16"
    folder = os.path.join(ROOT, "common/src/test/resources/fixtures/models", name)
    cfg, W, _, tok, tok_cfg = rf.load_model(folder)
    _, _, ids, mask, _ = rf.reference_inputs(tok, tok_cfg)
    ref = rf.forward(cfg, W, ids, mask, torch.float32)
    low = rf.forward(cfg, {k: v.to(torch.bfloat16) for k, v in W.items()}, ids, mask, torch.bfloat16)
    real = mask.bool()
    worst, scale = {}, {}
    for k, v in ref.items():
        if k.startswith("pooled") or k not in low or v.dim() < 2:
            continue
        a, b = v.float(), low[k].float()
        if a.shape[:2] == real.shape:
            a, b = a[real], b[real]
        kind = re.sub(r"blocks\.\d+\.", "blocks.L.", k)
        d = (a - b).abs().max().item()
        worst[kind] = max(worst.get(kind, 0.0), d)
        scale[kind] = max(scale.get(kind, 0.0), a.abs().max().item())
    print(f"{name}: max |bf16 - fp32| per hook (worst layer), and max |fp32| for scale")
    for kind in sorted(worst):
        print(f"  {kind:36s} {worst[kind]:.3e}   (|x| <= {scale[kind]:.3g})")


if __name__ == "__main__":
    main()
