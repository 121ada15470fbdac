#!/usr/bin/env bash
# Data-mixture inference on the off-the-shelf tokenizers, end to end (issue 6, methods.md 3.8):
#   1. scripts/research/prepare-categories.py   category corpora from Debian packages (code, man pages, a book,
#                                      software docs; ~1 MB per language and domain) -- skipped when present
#   2. lingualens ingest               -> documents
#   3. lingualens merge-counts         per-category pair counts under each tokenizer's merge list
#   4. lingualens mixture              the LP -> mixture, mixture_solver_trace
#   5. lingualens report               report/index.html with the comparison against the paper's Table 4
# Configuration: conf/mixture-study.conf; extra --key=value arguments go to every step.
# Needs the fetched tokenizers (scripts/fetch-data.sh --only tokenizers).
#   scripts/research/mixture-study.sh [--prepare-only] [--install] [--key=value ...]
#     --install       let prepare-categories.py apt-get install the Debian packages (root)
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# conf/mixture-study.conf reads the corpora and tokenizers from here
CACHE="$HOME_DIR/.cache/lingualens"
CATEGORIES="$CACHE/categories"
PREPARE=(python3 "$HOME_DIR/scripts/research/prepare-categories.py" --cache "$CACHE")
ONLY_PREPARE=0
ARGS=()
for a in "$@"; do
  case "$a" in
    --install) PREPARE+=(--install) ;;
    --prepare-only) ONLY_PREPARE=1 ;;
    *) ARGS+=("$a") ;;
  esac
done
if [[ ! -f "$CATEGORIES/manifest.json" || $ONLY_PREPARE == 1 ]]; then
  "${PREPARE[@]}"
fi
[[ $ONLY_PREPARE == 1 ]] && exit 0
for t in gpt4o gpt35turbo claude llama3 mistral7b gemma3 qwen3 deepseek_v3; do
  [[ -f "$CACHE/tokenizers/$t/tokenizer.json" ]] || {
    echo "error: tokenizer '$t' not fetched: run scripts/fetch-data.sh --only tokenizers" >&2; exit 1; }
done
CONF=(--conf-file="$HOME_DIR/conf/mixture-study.conf")
for step in ingest merge-counts mixture report; do
  echo "[mixture-study] $step" >&2
  "$HOME_DIR/scripts/lingualens" "$step" "${CONF[@]}" ${ARGS[@]+"${ARGS[@]}"}
done
