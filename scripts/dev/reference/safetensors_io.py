"""Minimal safetensors reader/writer (no third-party `safetensors` package needed).

Format: 8-byte little-endian unsigned header length N, then N bytes of UTF-8 JSON
({"__metadata__": {...}, name: {"dtype", "shape", "data_offsets": [begin, end]}}),
padded with spaces to a multiple of 8, then the raw little-endian tensor bytes.
data_offsets are relative to the start of the byte buffer that follows the header.
"""
import json
import struct

import numpy as np
import torch

# safetensors dtype tag -> (torch dtype, bytes per element)
_DTYPES = {
    "F64": (torch.float64, 8),
    "F32": (torch.float32, 4),
    "F16": (torch.float16, 2),
    "BF16": (torch.bfloat16, 2),
    "I64": (torch.int64, 8),
    "I32": (torch.int32, 4),
}
_TAG = {v[0]: k for k, v in _DTYPES.items()}


def _to_bytes(t: torch.Tensor) -> bytes:
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: reinterpret the bits
        t = t.view(torch.int16)
    a = t.numpy()
    return a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()


def save_file(tensors: dict, path: str, metadata: dict = None) -> None:
    """Write tensors (name -> torch.Tensor). Data is laid out by descending element
    size, then by name, so every tensor is aligned to its element size."""
    names = sorted(tensors, key=lambda n: (-_DTYPES[_TAG[tensors[n].dtype]][1], n))
    header = {"__metadata__": dict(metadata or {"format": "pt"})}
    blobs, offset = [], 0
    for n in names:
        t = tensors[n]
        b = _to_bytes(t)
        header[n] = {"dtype": _TAG[t.dtype], "shape": list(t.shape),
                     "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def load_file(path: str):
    """Returns (tensors: name -> torch.Tensor in the stored dtype, dtypes: name -> tag, metadata)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    base = 8 + n
    out, tags = {}, {}
    for name, info in header.items():
        dt, size = _DTYPES[info["dtype"]]
        b, e = info["data_offsets"]
        raw = data[base + b: base + e]
        count = 1
        for s in info["shape"]:
            count *= s
        assert len(raw) == count * size, name
        if dt == torch.bfloat16:
            t = torch.from_numpy(np.frombuffer(raw, dtype="<i2").copy()).view(torch.bfloat16)
        else:
            npdt = {torch.float64: "<f8", torch.float32: "<f4", torch.float16: "<f2",
                    torch.int64: "<i8", torch.int32: "<i4"}[dt]
            t = torch.from_numpy(np.frombuffer(raw, dtype=npdt).copy())
        out[name] = t.reshape(info["shape"])
        tags[name] = info["dtype"]
    return out, tags, meta
