#!/usr/bin/env python3
"""Build category corpora for data-mixture inference from text that Debian installs.

Writes one JSONL file per source into <cache>/categories/ (records {"id", "text", "lang", "source"}),
ready for `lingualens ingest --ingest.inputs=<corpus>=jsonl:<file>`:

  code.jsonl      programming languages (one category, like the paper's GitHub): Python's standard
                  library (/usr/lib/python3.*), the JDK's src.zip (*.java), C headers (/usr/include),
                  Perl modules (/usr/share/perl*) -- a quarter of the budget each, lang "zxx"
  man.jsonl       manual pages rendered to text by man-db/groff: English (/usr/share/man/man[1-8]) and
                  every translation under /usr/share/man/<locale> (manpages-de, -fr, -ja, ... packages)
  handbook.jsonl  "The Debian Administrator's Handbook" (package debian-handbook): a book, in English and
                  25 translations, HTML reduced to paragraphs
  pydocs.jsonl    the Python documentation's reStructuredText sources (package python3-doc), English

A manifest.json next to them records bytes and documents per (source, lang) and the versions of
the Debian packages read.

Every (source, lang) slice is capped at --max-bytes of UTF-8 text. Files are taken in an order
fixed by --seed, so a run is reproducible on the same package versions. Translated pages keep
untranslated English paragraphs now and then (the translations are made from PO files); those
paragraphs are dropped from non-English slices by an English function-word test, so a language
category is not part English: a paragraph is dropped when it is the English original verbatim (the
handbook), when English function words make up 10 % of its words, or, for languages written in
another script, when it has no letter of that script. What slips through: English phrases inside a
translated paragraph, and short English headings of Latin-script translations. Rendered man pages are re-flowed (indentation and hard line
breaks removed): the rendering's layout is not text a tokenizer was trained on.

Nothing from these files is executed. Usage:
  scripts/research/prepare-categories.py [--cache DIR] [--max-bytes N] [--seed N] [--only code,man,handbook,pydocs]
                                [--man-langs en,de,zh-CN]   # render only these man-page locales
                                [--install]    # apt-get install the packages first (needs root)
"""
import argparse
import glob
import gzip
import hashlib
import html.parser
import json
import os
import random
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAN_PACKAGES = ["man-db", "groff-base", "manpages"] + ["manpages-" + l for l in (
    "cs da de el es fi fr hu id it ja mk nb nl pl pt-br ro ru sr sv tr uk vi zh").split()]
OTHER_PACKAGES = ["debian-handbook", "python3-doc", "libpython3-stdlib", "libc6-dev", "perl-modules-5.36"]
# English function words that are not also common words of the other languages here (so not "is",
# "in", "of", "to", "on", "for", "are"): on UDHR, at most 6 % of the words of a non-English paragraph
# are among them (one Romanian paragraph reaches 8 %), against a median of 24 % for English.
ENGLISH_WORDS = set("the and that with this which from not you your when will can it its they their have has "
                    "was were be by or should would there these those".split())
ENGLISH_SHARE_LIMIT = 0.1
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def log(msg):
    print("[prepare-categories] " + msg, file=sys.stderr, flush=True)


def english_share(paragraph):
    words = [w.lower() for w in WORD.findall(paragraph)]
    if len(words) < 3:
        return 0.0
    return sum(1 for w in words if w in ENGLISH_WORDS) / len(words)


# Languages written in another script than Latin: a paragraph of theirs without a single letter of
# that script is a heading, command or sentence left untranslated.
NATIVE_SCRIPT = {"ja": "[\u3040-\u30ff\u4e00-\u9fff]", "zh": "[\u4e00-\u9fff]", "ko": "[\uac00-\ud7af\u1100-\u11ff]",
                 "ru": "[\u0400-\u04ff]", "uk": "[\u0400-\u04ff]", "mk": "[\u0400-\u04ff]",
                 "ar": "[\u0600-\u06ff]", "fa": "[\u0600-\u06ff]", "el": "[\u0370-\u03ff]"}


def untranslated(paragraph, lang, english):
    """A paragraph of a translated page that is still English (or holds no text of the language's script)."""
    if paragraph in english or english_share(paragraph) >= ENGLISH_SHARE_LIMIT:
        return True
    script = NATIVE_SCRIPT.get(lang.split("-")[0])
    return script is not None and WORD.search(paragraph) is not None and re.search(script, paragraph) is None


def paragraphs(text):
    for para in re.split(r"\n\s*\n", text):
        lines = [l.strip() for l in para.splitlines() if l.strip()]
        if lines:
            yield " ".join(lines)


def keep_paragraphs(text, lang, boilerplate=frozenset(), english=frozenset()):
    """Paragraphs (blank-line separated, re-flowed); for non-English slices, English leftovers removed:
    paragraphs found verbatim in the English original, or failing the function-word or script test."""
    out = []
    for p in paragraphs(text):
        if p in boilerplate or (not lang.startswith("en") and untranslated(p, lang, english)):
            continue
        out.append(p)
    return "\n\n".join(out)


class Slice:
    """One (source, lang) slice being filled up to the byte cap."""

    def __init__(self, source, lang, cap):
        self.source, self.lang, self.cap = source, lang, cap
        self.records, self.bytes, self.dropped = [], 0, 0

    def full(self):
        return self.bytes >= self.cap

    def add(self, doc_id, text):
        if not text.strip() or self.full():
            return
        data = text.encode("utf-8")
        if self.bytes + len(data) > self.cap:
            # cut on a character boundary so the slice is exactly capped
            text = data[: self.cap - self.bytes].decode("utf-8", errors="ignore")
            data = text.encode("utf-8")
        self.records.append({"id": doc_id, "text": text, "lang": self.lang, "source": self.source})
        self.bytes += len(data)


def shuffled(paths, seed):
    paths = sorted(paths)
    random.Random(seed).shuffle(paths)
    return paths


# ---------------------------------------------------------------- code
def code_slices(cap, seed):
    part = cap // 4
    s = Slice("code", "zxx", cap)

    def take(label, items, reader):
        before = s.bytes
        for name in items:
            if s.bytes - before >= part:
                break
            try:
                text = reader(name)
            except (OSError, UnicodeDecodeError):
                continue
            if 200 <= len(text.encode("utf-8")) <= 200_000:
                s.cap = min(cap, before + part)
                s.add(label + ":" + name, text)
        s.cap = cap
        log(f"code/{label}: {s.bytes - before:,} bytes")

    def read_file(p):
        with open(p, encoding="utf-8") as f:
            return f.read()

    py = [p for p in glob.glob("/usr/lib/python3*/**/*.py", recursive=True)
          if "/test" not in p and "/site-packages/" not in p and "/dist-packages/" not in p]
    take("python", shuffled(py, seed), read_file)
    zips = sorted(glob.glob("/usr/lib/jvm/*/lib/src.zip"))
    if zips:
        with zipfile.ZipFile(zips[-1]) as z:
            names = [n for n in z.namelist() if n.endswith(".java")]
            take("java", shuffled(names, seed), lambda n: z.read(n).decode("utf-8"))
    else:
        log("code/java: no JDK src.zip under /usr/lib/jvm, skipped")
    take("c", shuffled(glob.glob("/usr/include/**/*.h", recursive=True), seed), read_file)
    take("perl", shuffled(glob.glob("/usr/share/perl*/**/*.pm", recursive=True), seed), read_file)
    return [s]


# ---------------------------------------------------------------- man pages
def render_man(path):
    env = dict(os.environ, MANWIDTH="100", LC_ALL="C.UTF-8", MAN_DISABLE_SECCOMP="1")
    try:
        out = subprocess.run(["man", "--nj", "--nh", "-E", "UTF-8", "-l", path], env=env,
                             capture_output=True, timeout=60).stdout
    except (subprocess.TimeoutExpired, OSError):
        return ""
    text = out.decode("utf-8", errors="replace")
    text = re.sub(r".\x08", "", text)  # overstrike bold/underline, as col -b would
    lines = text.splitlines()
    if len(lines) > 2:
        lines = lines[1:-1]  # the header and footer lines repeat the page name
    return "\n".join(lines)


def man_slices(cap, seed, langs=None):
    slices = []
    locales = {"en": "/usr/share/man"}
    for d in sorted(glob.glob("/usr/share/man/*/")):
        name = os.path.basename(d.rstrip("/"))
        if not name.startswith("man"):
            locales[name.replace("_", "-")] = d.rstrip("/")
    if langs:
        # rendering is the slow part (~1 MB a minute on 2 busy cores): render only the locales asked for
        unknown = sorted(set(langs) - set(locales))
        if unknown:
            sys.exit(f"error: --man-langs: no manual pages installed for {unknown}; have {sorted(locales)}")
        locales = {l: r for l, r in locales.items() if l in langs}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for lang, root in locales.items():
            pages = [p for p in glob.glob(root + "/man[1-8]/*") if os.path.isfile(p)]
            s = Slice("man", lang, cap)
            order = shuffled(pages, seed)
            # render in batches so a full slice stops the work early
            for i in range(0, len(order), 32):
                if s.full():
                    break
                batch = order[i:i + 32]
                for p, text in zip(batch, pool.map(render_man, batch)):
                    before = len(text)
                    text = keep_paragraphs(text, lang)
                    s.dropped += before - len(text)
                    s.add("man:" + lang + ":" + os.path.relpath(p, root), text)
            log(f"man/{lang}: {s.bytes:,} bytes from {len(s.records)} of {len(pages)} pages")
            if s.records:
                slices.append(s)
    return slices


# ---------------------------------------------------------------- handbook
class _Paragraphs(html.parser.HTMLParser):
    BLOCK = {"p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "dt", "dd", "pre", "br", "title"}
    SKIP = {"script", "style", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        p = _Paragraphs()
        p.feed(f.read())
    return "".join(p.parts)


def handbook_slices(cap, seed):
    slices = []
    # The translations are made from PO files: an untranslated string is the English original, verbatim.
    english = frozenset(p for f in glob.glob("/usr/share/doc/debian-handbook/html/en-US/*.html")
                        for p in paragraphs(html_text(f)))
    for d in sorted(glob.glob("/usr/share/doc/debian-handbook/html/*/")):
        locale = os.path.basename(d.rstrip("/"))
        lang = "en" if locale == "en-US" else locale
        s = Slice("handbook", lang, cap)
        pages = shuffled(glob.glob(d + "*.html"), seed)
        raws = {p: html_text(p) for p in pages}
        # navigation ("Download the ebook", "Prev", the book's title, ...) repeats on every page
        seen = {}
        for raw in raws.values():
            for para in set(paragraphs(raw)):
                seen[para] = seen.get(para, 0) + 1
        boilerplate = frozenset(q for q, n in seen.items() if n > 3)
        for p in pages:
            if s.full():
                break
            raw = raws[p]
            text = keep_paragraphs(raw, lang, boilerplate, english)
            s.dropped += len(raw) - len(text)
            s.add("handbook:" + locale + ":" + os.path.basename(p), text)
        log(f"handbook/{lang}: {s.bytes:,} bytes from {len(s.records)} of {len(pages)} pages")
        if s.records:
            slices.append(s)
    return slices


# ---------------------------------------------------------------- python docs
def pydocs_slices(cap, seed):
    s = Slice("pydocs", "en", cap)
    files = glob.glob("/usr/share/doc/python3*/html/_sources/**/*.txt", recursive=True)
    for p in shuffled(files, seed):
        if s.full():
            break
        with open(p, encoding="utf-8", errors="replace") as f:
            s.add("pydocs:" + os.path.basename(p), keep_paragraphs(f.read(), "en"))
    log(f"pydocs/en: {s.bytes:,} bytes from {len(s.records)} of {len(files)} files")
    return [s] if s.records else []


BUILDERS = {"code": code_slices, "man": man_slices, "handbook": handbook_slices, "pydocs": pydocs_slices}


def package_versions(names):
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Version}\t${Status}\n"] + names,
                         capture_output=True, text=True).stdout
    return {l.split("\t")[0]: l.split("\t")[1] for l in out.splitlines() if l.endswith("installed")}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", default=os.environ.get("LINGUALENS_CACHE", os.path.join(REPO, ".cache", "lingualens")))
    ap.add_argument("--max-bytes", type=int, default=1_000_000, help="cap per (source, lang) slice")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--only", default="code,man,handbook,pydocs")
    ap.add_argument("--man-langs", default="", help="comma-separated man-page locales (en, de, zh-CN, ...); default all")
    ap.add_argument("--install", action="store_true", help="apt-get install the Debian packages first")
    a = ap.parse_args()
    only = [x for x in a.only.split(",") if x]
    bad = [x for x in only if x not in BUILDERS]
    if bad:
        ap.error(f"--only: unknown source(s) {bad}; choose from {sorted(BUILDERS)}")
    if a.max_bytes < 10_000:
        ap.error(f"--max-bytes must be at least 10000, got {a.max_bytes}")
    if a.install:
        if os.geteuid() != 0:
            ap.error("--install needs root (apt-get)")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + MAN_PACKAGES + OTHER_PACKAGES,
                       check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if "man" in only and subprocess.run(["sh", "-c", "command -v man"], capture_output=True).returncode != 0:
        sys.exit("error: 'man' (package man-db) is required to render manual pages; run with --install or "
                 "leave man out with --only")

    out_dir = os.path.join(a.cache, "categories")
    os.makedirs(out_dir, exist_ok=True)
    manifest_path = os.path.join(out_dir, "manifest.json")
    manifest = {"max_bytes": a.max_bytes, "seed": a.seed, "sources": {}}
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            manifest["sources"] = json.load(f).get("sources", {})
    for source in only:
        if source == "man":
            slices = man_slices(a.max_bytes, a.seed, [x for x in a.man_langs.split(",") if x])
        else:
            slices = BUILDERS[source](a.max_bytes, a.seed)
        if not slices:
            log(f"{source}: nothing found (is its package installed? see --install)")
            continue
        tmp = os.path.join(out_dir, source + ".jsonl.tmp")
        digest = hashlib.sha256()
        with open(tmp, "w", encoding="utf-8") as f:
            for s in slices:
                for r in s.records:
                    line = json.dumps(r, ensure_ascii=False) + "\n"
                    digest.update(line.encode("utf-8"))
                    f.write(line)
        os.replace(tmp, os.path.join(out_dir, source + ".jsonl"))  # never a half-written file in place
        manifest["sources"][source] = {
            "file": source + ".jsonl", "sha256": digest.hexdigest(),
            "slices": {s.lang: {"bytes": s.bytes, "documents": len(s.records), "english_chars_dropped": s.dropped}
                       for s in slices}}
    manifest["packages"] = package_versions(MAN_PACKAGES + OTHER_PACKAGES)
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    log("wrote " + out_dir)


if __name__ == "__main__":
    main()
