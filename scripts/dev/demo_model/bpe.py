#!/usr/bin/env python3
"""Byte-level BPE (GPT-2 style) trainer + encoder that writes / reads a Hugging Face `tokenizer.json`.

No third-party packages (the `tokenizers` Python package is not used).

Pre-tokenisation = the HF `ByteLevel` pre-tokenizer with `use_regex: true`, `add_prefix_space: false`,
i.e. the GPT-2 pattern (hard-coded in the Rust `tokenizers` crate, run by Oniguruma):

    's|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+

Python's `re` has no \\p{L}, so `pretokenize()` is a hand-written scanner that applies that
alternation exactly as a backtracking engine does (first alternative that matches at the
current position wins), with explicit character classes:
  * \\p{L}: `unicodedata.category(c)` starts with "L" (Lu Ll Lt Lm Lo),
  * \\p{N}: category starts with "N" (Nd Nl No),
  * \\s:   Oniguruma's Unicode \\s = U+0009..U+000D, U+0085 and categories Zs, Zl, Zp
           (NOT Python's str.isspace(), which also accepts U+001C..U+001F).
Why this pattern and not a custom `Split` regex: it is the one the real GPT-2/RoBERTa byte-level
tokenizers use, it is fixed inside the Rust code (no regex-dialect question in tokenizer.json), and
the Java side (DJL -> Rust `tokenizers`) runs exactly it. Consequence to know: combining marks
(Mn/Mc, e.g. Devanagari vowel signs and viramas) are not \\p{L}, so GPT-2 pre-tokenisation cuts
Hindi words at them -- the tokenizer is built with that, as GPT-2's was. The only remaining source
of disagreement would be a Unicode-version difference between Python's `unicodedata` and
Oniguruma for characters assigned in between; the DJL check (README.md) covers every training text.

Encoding = HF `BPE` with `ignore_merges: false`, no dropout, no unk, no byte fallback: each
pre-token's UTF-8 bytes are mapped to the GPT-2 byte-to-unicode alphabet, then the adjacent pair
with the lowest merge rank is merged (all its occurrences, left to right) until no pair has a rank.
Added (special) tokens are split out of the input first, as HF does.

Training = classic BPE over weighted pre-token counts: repeatedly merge the adjacent pair with the
highest total count (ties: the pair with the smaller (left id, right id)), merging left to right
within each word. Counts are integers (a language's pre-token counts times its integer multiplier),
so the merge list is exactly reproducible.

CLI (ids as one JSON list per input line, for cross-checks):
    /usr/bin/python3 bpe.py encode TOKENIZER_DIR < texts.jsonl   # one JSON string per line
"""
import heapq
import json
import os
import sys
import unicodedata

sys.dont_write_bytecode = True

PATTERN = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"
SPECIALS = ["<|bos|>", "<|eos|>", "<|pad|>"]


# ---------------------------------------------------------------------------
# GPT-2 byte <-> unicode alphabet
# ---------------------------------------------------------------------------
def bytes_to_unicode():
    """GPT-2's reversible map from the 256 byte values to printable unicode characters."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_ENCODER = bytes_to_unicode()
BYTE_DECODER = {c: b for b, c in BYTE_ENCODER.items()}


def to_byte_level(s):
    return "".join(BYTE_ENCODER[b] for b in s.encode("utf-8"))


# ---------------------------------------------------------------------------
# GPT-2 pre-tokenisation (exact emulation of the regex above)
# ---------------------------------------------------------------------------
_ONIG_SPACE_CONTROLS = {"\t", "\n", "\x0b", "\x0c", "\r", "\x85"}
_CLASS_CACHE = {}


def char_class(c):
    """'L' letter, 'N' number, 'S' whitespace (Oniguruma \\s), 'O' anything else."""
    k = _CLASS_CACHE.get(c)
    if k is None:
        cat = unicodedata.category(c)
        if c in _ONIG_SPACE_CONTROLS or cat in ("Zs", "Zl", "Zp"):
            k = "S"
        elif cat[0] == "L":
            k = "L"
        elif cat[0] == "N":
            k = "N"
        else:
            k = "O"
        _CLASS_CACHE[c] = k
    return k


_CONTRACTIONS = ("s", "t", "re", "ve", "m", "ll", "d")  # in the pattern's order


def pretokenize(text):
    """Split text exactly as the GPT-2 pattern's find_iter does (pieces cover the whole text)."""
    out = []
    n = len(text)
    cls = [char_class(c) for c in text]
    i = 0
    while i < n:
        c = text[i]
        # 's|'t|'re|'ve|'m|'ll|'d  (case-sensitive)
        if c == "'":
            hit = None
            for suf in _CONTRACTIONS:
                if text.startswith(suf, i + 1):
                    hit = suf
                    break
            if hit is not None:
                out.append(text[i:i + 1 + len(hit)])
                i += 1 + len(hit)
                continue
        # ' ?\p{L}+', ' ?\p{N}+', ' ?[^\s\p{L}\p{N}]+': optional literal space, then a maximal run
        k = None
        if c == " " and i + 1 < n and cls[i + 1] != "S":
            k, e = cls[i + 1], i + 1  # (a space is class S, so only the ' ?' form can start with one)
        elif cls[i] != "S":
            k, e = cls[i], i
        if k is not None:
            while e < n and cls[e] == k:
                e += 1
            out.append(text[i:e])
            i = e
            continue
        # here text[i] is whitespace: '\s+(?!\S)' then '\s+'
        e = i
        while e < n and cls[e] == "S":
            e += 1
        assert e > i, (text, i)
        if e == n or e - i == 1:
            out.append(text[i:e])  # whole run (end of text) / '\s+' fallback for a single char
            i = e
        else:
            out.append(text[i:e - 1])  # leave the last whitespace char to prefix the next piece
            i = e - 1
    return out


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------
def train(word_counts, vocab_size, specials=SPECIALS, progress=None):
    """word_counts: {pre-token string (raw text): integer count}.
    Ids: specials 0..k-1, then the 256 bytes in byte-value order, then one id per merge.
    Returns (vocab {token: id}, merges [(left, right)])."""
    vocab = {s: i for i, s in enumerate(specials)}
    id_to_tok = list(specials)
    for b in range(256):
        vocab[BYTE_ENCODER[b]] = len(id_to_tok)
        id_to_tok.append(BYTE_ENCODER[b])
    n_merges = vocab_size - len(id_to_tok)
    assert n_merges > 0
    words, counts = [], []
    for w, c in sorted(word_counts.items()):
        if c > 0:
            words.append([vocab[ch] for ch in to_byte_level(w)])
            counts.append(int(c))
    pair_count = {}
    pair_words = {}
    for wi, (w, c) in enumerate(zip(words, counts)):
        for a, b in zip(w, w[1:]):
            pair_count[(a, b)] = pair_count.get((a, b), 0) + c
            pair_words.setdefault((a, b), set()).add(wi)
    heap = [(-c, p) for p, c in pair_count.items()]
    heapq.heapify(heap)
    merges = []
    while len(merges) < n_merges and heap:
        negc, pair = heapq.heappop(heap)
        cur = pair_count.get(pair, 0)
        if cur <= 0:
            continue
        if -negc != cur:  # stale entry: re-push with the current count
            heapq.heappush(heap, (-cur, pair))
            continue
        a, b = pair
        new_tok = id_to_tok[a] + id_to_tok[b]
        new_id = len(id_to_tok)
        assert new_tok not in vocab, new_tok
        vocab[new_tok] = new_id
        id_to_tok.append(new_tok)
        merges.append((id_to_tok[a], id_to_tok[b]))
        changed = {}
        for wi in sorted(pair_words.pop(pair, ())):
            w, c = words[wi], counts[wi]
            if len(w) < 2:
                continue
            # remove this word's old pairs, merge left to right, add the new pairs
            for p in zip(w, w[1:]):
                pair_count[p] -= c
                changed[p] = True
            nw, k = [], 0
            while k < len(w):
                if k + 1 < len(w) and w[k] == a and w[k + 1] == b:
                    nw.append(new_id)
                    k += 2
                else:
                    nw.append(w[k])
                    k += 1
            words[wi] = nw
            for p in zip(nw, nw[1:]):
                pair_count[p] = pair_count.get(p, 0) + c
                pair_words.setdefault(p, set()).add(wi)
                changed[p] = True
        pair_count.pop(pair, None)
        for p in changed:
            c = pair_count.get(p, 0)
            if c > 0:
                heapq.heappush(heap, (-c, p))
            elif p in pair_count:
                del pair_count[p]
        if progress and len(merges) % 500 == 0:
            progress(len(merges), n_merges)
    return vocab, merges


# ---------------------------------------------------------------------------
# tokenizer.json / tokenizer_config.json
# ---------------------------------------------------------------------------
def _added(i, content):
    return {"id": i, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": False, "special": True}


def tokenizer_json(vocab, merges, specials=SPECIALS, bos="<|bos|>"):
    tpl = lambda t: {"SpecialToken": {"id": t, "type_id": 0}}  # noqa: E731
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [_added(vocab[s], s) for s in specials],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [tpl(bos), {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [tpl(bos), {"Sequence": {"id": "A", "type_id": 0}}, tpl(bos), {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {bos: {"id": bos, "ids": [vocab[bos]], "tokens": [bos]}},
        },
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": vocab,
            "merges": [f"{a} {b}" for a, b in merges],
        },
    }


def tokenizer_config(vocab, model_max_length, specials=SPECIALS):
    return {
        "add_bos_token": True,
        "add_eos_token": False,
        "added_tokens_decoder": {str(vocab[s]): {k: v for k, v in _added(vocab[s], s).items() if k != "id"}
                                 for s in specials},
        "bos_token": "<|bos|>",
        "clean_up_tokenization_spaces": False,
        "eos_token": "<|eos|>",
        "model_max_length": model_max_length,
        "pad_token": "<|pad|>",
        "tokenizer_class": "PreTrainedTokenizerFast",
        "unk_token": None,
    }


def write_tokenizer(folder, vocab, merges, model_max_length):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(vocab, merges), f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(folder, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_config(vocab, model_max_length), f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")


# ---------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------
class Tokenizer:
    def __init__(self, vocab, merges, specials=SPECIALS, bos="<|bos|>"):
        self.vocab = dict(vocab)
        self.id_to_tok = {i: t for t, i in self.vocab.items()}
        self.ranks = {tuple(m): r for r, m in enumerate(merges)}
        self.specials = list(specials)
        self.bos_id = self.vocab[bos]
        self._cache = {}

    @classmethod
    def load(cls, path):
        if os.path.isdir(path):
            path = os.path.join(path, "tokenizer.json")
        with open(path, encoding="utf-8") as f:
            tj = json.load(f)
        m = tj["model"]
        assert m["type"] == "BPE" and not m.get("byte_fallback") and not m.get("ignore_merges")
        assert tj["pre_tokenizer"] == {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                                       "use_regex": True}, tj["pre_tokenizer"]
        assert tj.get("normalizer") is None
        merges = [tuple(x.split(" ")) if isinstance(x, str) else tuple(x) for x in m["merges"]]
        return cls(m["vocab"], merges, [t["content"] for t in tj["added_tokens"]])

    def _bpe(self, piece):
        ids = self._cache.get(piece)
        if ids is not None:
            return ids
        syms = list(to_byte_level(piece))
        while len(syms) > 1:
            best, best_rank = None, None
            for p in zip(syms, syms[1:]):
                r = self.ranks.get(p)
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = p, r
            if best is None:
                break
            a, b = best
            out, k = [], 0
            while k < len(syms):
                if k + 1 < len(syms) and syms[k] == a and syms[k + 1] == b:
                    out.append(a + b)
                    k += 2
                else:
                    out.append(syms[k])
                    k += 1
            syms = out
        ids = [self.vocab[s] for s in syms]
        self._cache[piece] = ids
        return ids

    def _split_specials(self, text):
        parts = [(text, False)]
        for s in sorted(self.specials, key=len, reverse=True):
            nxt = []
            for t, sp in parts:
                if sp:
                    nxt.append((t, sp))
                    continue
                chunks = t.split(s)
                for k, ch in enumerate(chunks):
                    if k:
                        nxt.append((s, True))
                    if ch:
                        nxt.append((ch, False))
            parts = nxt
        return parts

    def encode(self, text, add_special_tokens=False):
        ids = [self.bos_id] if add_special_tokens else []
        for t, sp in self._split_specials(text):
            if sp:
                ids.append(self.vocab[t])
            else:
                for piece in pretokenize(t):
                    ids.extend(self._bpe(piece))
        return ids

    def decode(self, ids, skip_special_tokens=True):
        toks = [self.id_to_tok[i] for i in ids if not (skip_special_tokens and self.id_to_tok[i] in self.specials)]
        return bytearray(BYTE_DECODER[c] for c in "".join(toks)).decode("utf-8", errors="replace")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "encode":
        tok = Tokenizer.load(sys.argv[2])
        for line in sys.stdin:
            if line.strip():
                print(json.dumps(tok.encode(json.loads(line))))
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
