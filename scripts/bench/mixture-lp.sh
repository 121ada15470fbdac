#!/usr/bin/env bash
# Cost of the mixture LP (issue 12, methods.md 3.4) alone: seconds, epochs, rows and GLOP iterations of the
# lazy solver vs depth T, under several solver settings, on instances built from the man pages installed on
# this machine (one category per folder of /usr/share/man: man1 = English, fr, de, ...; troff source with its
# request lines dropped, --mb MB per category).
#   default   what a run gets with no mixture.solver.* keys (full scans, each pair's 10 most violated rows
#             added, rows dropped, the LP's dual re-solved from the last basis) but without its 30-minute cap
#             (see --time-limit); all-rows-warm: the same with every violated row added (the default before)
#   all-rows  every violated row, on the LP as written, from scratch with GLOP's presolve; worst2000: that, adding only the
#             2,000 most violated rows of a scan (the default before the dual form)
#   paper     the paper's procedure (<= 10 rows per step, <= 100 per epoch, every row kept)
#   per-pair3, per-pair30 (both dropping after 2), per-pair30-drop5, per-pair-drop2, per-pair-keep (never drops), per-pair-drop10, per-pair5-drop5, drop1, drop5, batch1, batch100, worst500, worst5000, full-keep, full-cold,
#   worst2000-warm, batch1-warm, batch3-warm, keep-warm: variants (MixtureLpBench; -warm = the dual form)
# With --train-mb X the merges come from a BPE trained by our trainer on X MB per category (the first part of
# each category's text) instead of a real tokenizer, and the line also prints log10 MSE of the byte shares.
# --time-limit S stops each solve after S seconds and prints the optimum's lower and upper bounds.
# Prints one BENCH line per (T, setting); results go into docs/benchmarks.md by hand.
# Usage: scripts/bench/mixture-lp.sh [--tokenizer NAME | --train-mb X] [--merges 1000,3000,10000,30000]
#          [--mb 1] [--langs man1,fr,de,sv,pt,nl,uk,it,ja,pl] [--solvers default,paper] [--time-limit S]
#          [--no-build]
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$HOME_DIR/.cache/lingualens"
TOKENIZER=gpt4o TRAIN_MB=0 MERGES=1000,3000 MB=1 LANGS=man1,fr,de,sv,pt,nl,uk,it,ja,pl SOLVERS=default,paper
TIME_LIMIT=0 NO_BUILD="${LINGUALENS_BENCH_NO_BUILD:-0}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tokenizer) TOKENIZER="$2"; shift 2 ;;
    --train-mb) TRAIN_MB="$2"; shift 2 ;;
    --merges) MERGES="$2"; shift 2 ;;
    --mb) MB="$2"; shift 2 ;;
    --langs) LANGS="$2"; shift 2 ;;
    --solvers) SOLVERS="$2"; shift 2 ;;
    --time-limit) TIME_LIMIT="$2"; shift 2 ;;
    --no-build) NO_BUILD=1; shift ;;
    -h|--help) awk 'NR > 1 { if (!/^#/) exit; print }' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
ARGS=(--man=/usr/share/man --langs="$LANGS" --mb="$MB" --merges="$MERGES" --solvers="$SOLVERS" --time-limit="$TIME_LIMIT")
if [[ "$TRAIN_MB" != 0 ]]; then
  ARGS+=(--train-mb="$TRAIN_MB")
else
  TOK="$CACHE/tokenizers/$TOKENIZER"
  [[ -f "$TOK/tokenizer.json" ]] || { echo "error: no tokenizer at $TOK: run scripts/fetch-data.sh --only tokenizers" >&2; exit 1; }
  ARGS+=(--tokenizer="$TOK")
fi
source "$HOME_DIR/scripts/bench/jars.sh"
bench_classpath "$CACHE/bench/mixture-lp-jars" "$NO_BUILD"
echo "[bench] $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), T = $MERGES, $MB MB per category" >&2
"$JAVA" "${OPENS[@]}" -Xmx8g -Dlog4j2.configurationFile="$HOME_DIR/conf/log4j2.properties" -cp "$CP" \
  dev.lingualens.bench.MixtureLpBench "${ARGS[@]}"
