#!/usr/bin/env python3
"""English -> target-language nouns from FreeDict dictd files, as a lexicon TSV (concept, lang, word).

Called by prepare-lexicon.sh; usage:
  freedict-lexicon.py NOUNS.txt DICTD_DIR OUT.tsv STATS.txt LANG...

Rule for one English noun in one dictionary (freedict-eng-LANG.index + .dict.dz):
  1. the entries whose headword is exactly the noun, in index order;
  2. noun senses only: an entry whose first line carries a part-of-speech tag (<v>, <adj>, <VT>,
     ...) other than a noun tag (<n>, <N>, ...) is skipped; an entry without a tag counts as a noun
     (the smaller FreeDict dictionaries carry no tags);
  3. the translation line: the first non-blank line after the headword line that is not indented
     (indented lines are examples) and is not a "see:", "Synonym", "Note:" line;
  4. of those, the longest entry (first on ties): eng-deu orders a headword's entries by their
     German word, so "first" is arbitrary there ("dog" starts with Bandhaken, a cooper's tool);
     the common sense carries the most examples and cross-references (Hund, Haus, Wasser);
  5. the word: the translation line without a leading "1. ", cut at the first "," or ";", with
     <...>, [...], (...), {...} annotations removed, a trailing sense number ("パン 2.") and
     unbalanced brackets removed, "~" (eng-hin's space) turned into a space, whitespace collapsed;
  6. rejected: an empty result, and for Cyrillic, Japanese and Devanagari targets a result with
     Latin letters (an untranslated gloss).
The English rows are the nouns themselves. Nothing else is filtered here: the logit-lens filter
(AnswerFilter in common/lens) drops items per tokenizer and counts why.
"""
import gzip
import re
import sys

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
NON_LATIN = {"rus", "jpn", "hin"}
SKIP_PREFIXES = ("see:", "synonym", "note:", "antonym")


def b64(s):
    n = 0
    for c in s:
        n = n * 64 + B64.index(c)
    return n


def read_index(path, wanted):
    hits = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[0].strip() in wanted:
                hits.setdefault(parts[0].strip(), []).append((b64(parts[1]), b64(parts[2])))
    return hits


def pos_tag(header):
    tags = re.findall(r"<([^<>]+)>", header)
    return tags[-1].strip().lower() if tags else None


def translation_line(body):
    for line in body.split("\n")[1:]:
        if not line.strip() or line[:1].isspace():
            continue
        if line.strip().lower().startswith(SKIP_PREFIXES):
            continue
        return line.strip()
    return None


def clean(line):
    line = re.sub(r"^\d+\.\s*", "", line)
    line = re.split(r"[,;]", line, maxsplit=1)[0]
    for pattern in (r"<[^<>]*>", r"\[[^\[\]]*\]", r"\([^()]*\)", r"\{[^{}]*\}"):
        line = re.sub(pattern, " ", line)
    line = re.sub(r"\s\d+\.\s*$", "", line)  # eng-jpn: "パン 2." (the next sense's number)
    line = re.sub(r"[<>\[\]{}()]", " ", line.replace("~", " "))  # unbalanced leftovers
    return re.sub(r"\s+", " ", line).strip()


def lookup(data, spans):
    nouns = []
    for offset, length in spans:
        body = data[offset:offset + length].decode("utf-8", errors="replace")
        header = body.split("\n", 1)[0]
        tag = pos_tag(header)
        if tag is not None and not tag.startswith("n"):
            continue
        line = translation_line(body)
        if line:
            nouns.append((len(body), line))
    if not nouns:
        return None
    # the longest entry: first on ties (max keeps the first maximum)
    return clean(max(nouns, key=lambda n: n[0])[1])


def main():
    nouns_file, dictd, out_tsv, stats_file, *langs = sys.argv[1:]
    nouns = []
    with open(nouns_file, encoding="utf-8") as f:
        for line in f:
            word = line.split("#", 1)[0].strip()
            if word:
                nouns.append(word)
    rows = [("noun:" + n, "eng", n) for n in nouns]
    stats = []
    for lang in langs:
        base = f"{dictd}/freedict-eng-{lang}"
        spans = read_index(base + ".index", set(nouns))
        data = gzip.open(base + ".dict.dz").read()  # dictzip is gzip-compatible
        found = no_entry = no_noun = rejected = 0
        for n in nouns:
            if n not in spans:
                no_entry += 1
                continue
            word = lookup(data, spans[n])
            if word is None:
                no_noun += 1
            elif not word or (lang in NON_LATIN and re.search(r"[A-Za-z]", word)):
                rejected += 1
            else:
                rows.append(("noun:" + n, lang, word))
                found += 1
        stats.append(
            f"{lang}: {found} of {len(nouns)} nouns; {no_entry} not in the dictionary,"
            f" {no_noun} without a noun sense, {rejected} rejected by rule 6")
    with open(out_tsv, "w", encoding="utf-8") as f:
        f.write("concept\tlang\tword\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    with open(stats_file, "w", encoding="utf-8") as f:
        f.write("\n".join(stats) + "\n")


if __name__ == "__main__":
    main()
