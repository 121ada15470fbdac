"""The trainable Llama used for the demo model: an nn.Module whose state_dict keys are exactly the
Hugging Face LlamaForCausalLM tensor names, computing what `scripts/dev/reference/reference_forward.py`
`decoder_llama` computes (RMSNorm in fp32 with eps inside the rsqrt, RoPE with rotate_half over
cat(freqs, freqs), GQA by repeat_kv, scale 1/sqrt(head_dim), masked scores = finfo.min, SwiGLU,
untied lm_head), no biases. `dropout` (training only; eval() turns it off, so inference is exactly the
reference computation) drops embedding outputs, attention probabilities and the attention / MLP outputs
before their residual adds.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class RMSNorm(nn.Module):
    def __init__(self, d, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


class Attention(nn.Module):
    def __init__(self, c, dropout=0.0):
        super().__init__()
        self.p = dropout
        D, H, KV = c["hidden_size"], c["num_attention_heads"], c["num_key_value_heads"]
        hd = c.get("head_dim") or D // H
        self.H, self.KV, self.hd = H, KV, hd
        self.q_proj = nn.Linear(D, H * hd, bias=False)
        self.k_proj = nn.Linear(D, KV * hd, bias=False)
        self.v_proj = nn.Linear(D, KV * hd, bias=False)
        self.o_proj = nn.Linear(H * hd, D, bias=False)

    def forward(self, x, cos, sin, allowed):
        B, T, _ = x.shape
        q = self.q_proj(x).view(B, T, self.H, self.hd).transpose(1, 2)
        k = self.k_proj(x).view(B, T, self.KV, self.hd).transpose(1, 2)
        v = self.v_proj(x).view(B, T, self.KV, self.hd).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        rep = self.H // self.KV
        k = k[:, :, None].expand(B, self.KV, rep, T, self.hd).reshape(B, self.H, T, self.hd)
        v = v[:, :, None].expand(B, self.KV, rep, T, self.hd).reshape(B, self.H, T, self.hd)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(self.hd)
        scores = scores.masked_fill(~allowed, torch.finfo(scores.dtype).min)
        ctx = F.dropout(F.softmax(scores, dim=-1), self.p, self.training) @ v
        return self.o_proj(ctx.transpose(1, 2).reshape(B, T, self.H * self.hd))


class MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        D, Fd = c["hidden_size"], c["intermediate_size"]
        self.gate_proj = nn.Linear(D, Fd, bias=False)
        self.up_proj = nn.Linear(D, Fd, bias=False)
        self.down_proj = nn.Linear(Fd, D, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):
    def __init__(self, c, dropout=0.0):
        super().__init__()
        self.p = dropout
        self.input_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.self_attn = Attention(c, dropout)
        self.post_attention_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.mlp = MLP(c)

    def forward(self, x, cos, sin, allowed):
        x = x + F.dropout(self.self_attn(self.input_layernorm(x), cos, sin, allowed), self.p, self.training)
        return x + F.dropout(self.mlp(self.post_attention_layernorm(x)), self.p, self.training)


class Base(nn.Module):
    def __init__(self, c, dropout=0.0):
        super().__init__()
        self.embed_tokens = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.layers = nn.ModuleList([Layer(c, dropout) for _ in range(c["num_hidden_layers"])])
        self.norm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


class LlamaForCausalLM(nn.Module):
    """state_dict() keys: model.embed_tokens.weight, model.layers.N.*, model.norm.weight, lm_head.weight."""

    def __init__(self, c, dropout=0.0):
        super().__init__()
        assert not c.get("tie_word_embeddings") and not c.get("rope_scaling")
        self.config = c
        self.p = dropout
        self.model = Base(c, dropout)
        self.lm_head = nn.Linear(c["hidden_size"], c["vocab_size"], bias=False)
        hd = c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]
        inv_freq = 1.0 / (float(c["rope_theta"]) ** (torch.arange(0, hd, 2, dtype=torch.int64).to(torch.float32) / hd))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def init_weights(self, std=0.02, seed=0):
        g = torch.Generator().manual_seed(seed)
        n_layers = self.config["num_hidden_layers"]
        for name, p in self.named_parameters():
            with torch.no_grad():
                if name.endswith("layernorm.weight") or name == "model.norm.weight":
                    p.fill_(1.0)
                else:
                    s = std / math.sqrt(2 * n_layers) if name.endswith(("o_proj.weight", "down_proj.weight")) else std
                    p.copy_(torch.randn(p.shape, generator=g) * s)

    def forward(self, ids, mask=None):
        """ids [B,T] int64, mask [B,T] (1 = real token; right padding) or None. Returns logits [B,T,V]."""
        B, T = ids.shape
        pos = torch.arange(T, dtype=torch.float32)
        freqs = pos[:, None] * self.inv_freq[None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos()[None, None], emb.sin()[None, None]
        allowed = torch.tril(torch.ones(T, T, dtype=torch.bool))[None, None]
        if mask is not None:
            allowed = allowed & mask.bool()[:, None, None, :]
        x = F.dropout(self.model.embed_tokens(ids), self.p, self.training)
        for layer in self.model.layers:
            x = layer(x, cos, sin, allowed)
        return self.lm_head(self.model.norm(x))
