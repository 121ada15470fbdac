#!/usr/bin/env bash
# Build the FreeDict noun lexicon for the logit-lens latent-language job (issue 14):
# ${LINGUALENS_CACHE:-<repo>/.cache/lingualens}/lexicon/freedict.tsv (concept<TAB>lang<TAB>word,
# read by dev.lingualens.common.lens.LexiconReader) and MANIFEST.txt next to it.
#
# Source: Debian's dict-freedict-eng-{deu,fra,rus,jpn,spa,ita,por,hin,swh,tur} packages, fetched
# with `apt-get download` (the packages are unpacked with dpkg-deb, never installed); runs
# `apt-get update` once when a package is unknown to apt. The nouns are
# scripts/research/lexicon-nouns.txt; the parsing rule is in freedict-lexicon.py (its docstring).
#
# Idempotent: lexicon/.complete holds the sha256 of the noun list, the parser and each .deb; a
# run whose inputs match it does nothing. The result is built in a staging folder and moved into
# place when complete. About 26 MB of packages (eng-deu alone is 19 MB), kept in lexicon/debs/.
#
# Usage: scripts/research/prepare-lexicon.sh [--force] [-h|--help]
set -euo pipefail

LANGS=(deu fra rus jpn spa ita por hin swh tur)
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
CACHE="${LINGUALENS_CACHE:-$REPO_ROOT/.cache/lingualens}"
OUT="$CACHE/lexicon"
NOUNS="$SCRIPT_DIR/lexicon-nouns.txt"
PARSER="$SCRIPT_DIR/freedict-lexicon.py"
FORCE=0

usage() { awk 'NR > 1 { if (!/^#/) exit; print }' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --force) FORCE=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "prepare-lexicon.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

mkdir -p "$OUT/debs"
packages=()
for l in "${LANGS[@]}"; do packages+=("dict-freedict-eng-$l"); done

missing=()
for p in "${packages[@]}"; do
  compgen -G "$OUT/debs/${p}_*.deb" >/dev/null || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
    echo "apt does not know ${missing[*]}: running apt-get update once" >&2
    apt-get update -qq
  fi
  (cd "$OUT/debs" && apt-get download -qq "${missing[@]}")
fi

inputs="$(sha256sum "$NOUNS" "$PARSER" | awk '{print $1}'; sha256sum "$OUT"/debs/*.deb)"
marker="$(printf '%s\n' "$inputs" | sha256sum | awk '{print $1}')"
if [[ $FORCE -eq 0 && -f "$OUT/.complete" && "$(cat "$OUT/.complete")" == "$marker" ]]; then
  echo "lexicon up to date: $OUT/freedict.tsv"
  exit 0
fi

stage="$(mktemp -d "$OUT/.staging.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
for deb in "$OUT"/debs/*.deb; do dpkg-deb -x "$deb" "$stage/unpacked"; done
python3 "$PARSER" "$NOUNS" "$stage/unpacked/usr/share/dictd" "$stage/freedict.tsv" \
  "$stage/stats.txt" "${LANGS[@]}"

{
  echo "FreeDict noun lexicon for lingualens (scripts/research/prepare-lexicon.sh)"
  echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nouns: scripts/research/lexicon-nouns.txt ($(grep -cv '^\s*\(#\|$\)' "$NOUNS") nouns, sha256 $(sha256sum "$NOUNS" | awk '{print $1}'))"
  echo "parser: scripts/research/freedict-lexicon.py (sha256 $(sha256sum "$PARSER" | awk '{print $1}'))"
  echo
  echo "packages (name version sha256; licences in each package's usr/share/doc/<name>/copyright):"
  for deb in "$OUT"/debs/*.deb; do
    echo "  $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version) $(sha256sum "$deb" | awk '{print $1}')"
  done
  echo
  echo "rules (freedict-lexicon.py): per noun and dictionary, noun entries only, the longest"
  echo "entry's first translation line, its first comma/semicolon item without <..> [..] (..) {..};"
  echo "Latin-letter results rejected for rus, jpn, hin; English rows are the nouns themselves."
  echo "Not filtered here: items a tokenizer cannot tell apart from English (AnswerFilter does that)."
  echo
  echo "coverage:"
  sed 's/^/  /' "$stage/stats.txt"
} > "$stage/MANIFEST.txt"

mv -f "$stage/freedict.tsv" "$OUT/freedict.tsv"
mv -f "$stage/MANIFEST.txt" "$OUT/MANIFEST.txt"
echo "$marker" > "$OUT/.complete"
echo "wrote $OUT/freedict.tsv ($(($(wc -l < "$OUT/freedict.tsv") - 1)) rows) and MANIFEST.txt"
