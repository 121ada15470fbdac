#!/usr/bin/env bash
# Merge-replay cost of data-mixture inference (issue 6): seconds per MB of category sample for growing
# sample sizes, split into the two halves of `merge-counts` for one category on one thread:
#   count   normalisation + pre-tokenisation of the text into a word-frequency table (the job spreads
#           this over executors and reduces the tables)
#   replay  the incremental merge replay over that table (one Spark task per category in the job)
# The sample is (by default) the English text of the prepared category corpora (man pages, the Debian handbook,
# Python docs: scripts/research/prepare-categories.py), cut at each size; best of --repeat after a JIT warm-up.
# Prints BENCH lines; the LP's time per epoch is in the mixture_solver_trace table of a mixture run.
# --langs all pools every language and source into one sample (~38 MB), for sizes beyond the
# 3 MB of English.
# Usage: scripts/bench/replay.sh [--tokenizer NAME] [--mb 0.75,1.5,3] [--langs en|all|de,fr,...]
#          [--merges 30000] [--repeat 3] [--no-build]
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$HOME_DIR/.cache/lingualens"
TOKENIZER=gpt4o MB=0.75,1.5,3 LANGS=en MERGES=30000 REPEAT=3 NO_BUILD="${LINGUALENS_BENCH_NO_BUILD:-0}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tokenizer) TOKENIZER="$2"; shift 2 ;;
    --mb) MB="$2"; shift 2 ;;
    --merges) MERGES="$2"; shift 2 ;;
    --langs) LANGS="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --no-build) NO_BUILD=1; shift ;;
    -h|--help) awk 'NR > 1 { if (!/^#/) exit; print }' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
TOK="$CACHE/tokenizers/$TOKENIZER"
[[ -f "$TOK/tokenizer.json" ]] || { echo "error: no tokenizer at $TOK: run scripts/fetch-data.sh --only tokenizers" >&2; exit 1; }
CAT="$CACHE/categories"
[[ -f "$CAT/manifest.json" ]] || python3 "$HOME_DIR/scripts/research/prepare-categories.py" --cache "$CACHE"
source "$HOME_DIR/scripts/bench/jars.sh"
bench_classpath "$CACHE/bench/replay-jars" "$NO_BUILD"
echo "[bench] $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), tokenizer $TOKENIZER, T = $MERGES" >&2
"$JAVA" "${OPENS[@]}" -Xmx6g -Dlog4j2.configurationFile="$HOME_DIR/conf/log4j2.properties" -cp "$CP" \
  dev.lingualens.bench.ReplayBench --tokenizer="$TOK" --langs="$LANGS" \
  --input="$CAT/man.jsonl,$CAT/handbook.jsonl,$CAT/pydocs.jsonl" --mb="$MB" --merges="$MERGES" --repeat="$REPEAT"
