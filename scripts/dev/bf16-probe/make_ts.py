#!/usr/bin/env python3
"""Writes bf16_linear.pt: y = (x.to(bf16) @ w.T).float() with w given as its stored bf16 bytes
labelled float16 (what DJL can create), for Bench.java.

DJL's JNI cannot name BF16, so the reinterpretation has to happen inside TorchScript. Debian's torch
1.13 scripts `w.view(torch.bfloat16)` as `torch.view(w, [15])` (the size overload: it fails when
run), and libtorch 2.7.1's TorchScript has no `view.dtype` either; its `aten::view_copy.dtype`
(a 2-byte copy, no widening) loads and runs. So the module is scripted with the view and the
serialized call rewritten to view_copy.

Usage: /usr/bin/python3 make_ts.py OUT_DIR
"""
import io
import os
import sys
import zipfile

import torch


class Bf16Linear(torch.nn.Module):
    def forward(self, x: torch.Tensor, w_bits: torch.Tensor) -> torch.Tensor:
        return torch.matmul(x.to(torch.bfloat16), w_bits.view(torch.bfloat16).t()).float()


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    buf = io.BytesIO()
    torch.jit.save(torch.jit.script(Bf16Linear()), buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(os.path.join(out, "bf16_linear.pt"), "w", zipfile.ZIP_STORED) as dst:
        for name in src.namelist():
            if name.endswith(".debug_pkl"):
                continue  # source ranges of the unedited code
            data = src.read(name)
            if name.endswith("code/__torch__.py"):
                before = b"torch.view(w_bits, [15])"
                assert before in data, data.decode()
                data = data.replace(before, b"ops.aten.view_copy(w_bits, dtype=15)")
            dst.writestr(name, data)


if __name__ == "__main__":
    main()
