#!/usr/bin/env bash
# Peak resident memory of a bf16 checkpoint with Llama-2-7B's shapes on the CPU (issue 13): the
# runtime keeps bf16 matrices in two bytes and widens them per op, so peak RSS / checkpoint bytes
# should stay <= 1.25.
#   1. make_bf16_model.py writes a random-weight LlamaForCausalLM in BF16 safetensors (hidden 4096,
#      heads 32, FFN 11008, vocab 32000; --layers 32 is the full 6.74 B / 13.5 GB model), cached.
#   2. model-summary's expectation (ModelSummary, from the headers only) is printed.
#   3. ForwardBench runs the `count` mode (what `neurons` does per batch: the forward with an int64
#      counter of mlp.hook_pre > 0 per layer, and the logits) on --batch windows of --seq random ids,
#      --passes times, under /usr/bin/time -v.
# Prints: checkpoint bytes, peak RSS, their ratio, tokens/s, and a markdown line for docs/benchmarks.md.
#
# --family bloom uses bloom-7b1's shapes instead (hidden 4096, 32 heads, FFN 16384, vocab 250880, tied;
# --layers 30 is the full 7.07 B / 14.1 GB model).
#
# Usage: scripts/bench/big-model.sh [--family llama|bloom] [--layers 32] [--batch 2] [--seq 512] [--passes 1]
#                                   [--threads N]
# Needs: java 17 + maven (offline), /usr/bin/python3 with numpy, free disk for the checkpoint
# (13.5 GB at 32 layers; checked first) and memory for ~1.25 x it.
# Cache folder: ${LINGUALENS_CACHE:-<repo root>/.cache/lingualens}/bench
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOME_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
CACHE="${LINGUALENS_CACHE:-$HOME_DIR/.cache/lingualens}"
BENCH="$CACHE/bench"
LAYERS=32
BATCH=2
SEQ=512
PASSES=1
THREADS="$(nproc)"
FAMILY=llama
while [[ $# -gt 0 ]]; do
  case "$1" in
    --layers) LAYERS="$2"; shift 2 ;;
    --batch) BATCH="$2"; shift 2 ;;
    --seq) SEQ="$2"; shift 2 ;;
    --passes) PASSES="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --family) FAMILY="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "big-model: unknown argument $1" >&2; exit 2 ;;
  esac
done

case "$FAMILY" in
  llama) MODEL="$BENCH/llama7b-bf16-L$LAYERS"; SHAPES=()
         need=$(( (LAYERS * 202383360 + 2 * 131072000) * 2 )) ;;
  bloom) MODEL="$BENCH/bloom7b1-bf16-L$LAYERS"
         SHAPES=(--family bloom --hidden 4096 --heads 32 --vocab 250880)
         need=$(( (LAYERS * 201379840 + 1027620864) * 2 )) ;;
  *) echo "big-model: --family llama or bloom, not $FAMILY" >&2; exit 2 ;;
esac
free=$(df --output=avail -B1 "$BENCH" 2>/dev/null | tail -1 || echo 0)
if [[ ! -f "$MODEL/model.safetensors" && "$free" -lt $(( need + (2 << 30) )) ]]; then
  echo "big-model: $need bytes needed for the checkpoint, $free free under $BENCH" >&2
  exit 1
fi
mkdir -p "$BENCH"
/usr/bin/python3 "$SCRIPT_DIR/make_bf16_model.py" --out "$MODEL" --layers "$LAYERS" "${SHAPES[@]}"
IDS="$BENCH/ids-${BATCH}x${SEQ}.json"
[[ -f "$IDS" ]] || /usr/bin/python3 "$SCRIPT_DIR/make_bench_model.py" --ids-out "$IDS" --vocab 32000 \
  --batch "$BATCH" --seq "$SEQ" --seed 7

(cd "$HOME_DIR" && mvn -o -q -pl bench -am compile \
  && mvn -o -q -pl bench dependency:build-classpath -Dmdep.outputFile="$BENCH/big-model.cp" >/dev/null)
CP="$HOME_DIR/bench/target/classes:$HOME_DIR/jobs/target/classes:$HOME_DIR/common/target/classes:$(cat "$BENCH/big-model.cp")"
source "$HOME_DIR/scripts/lib/jvm.sh"

echo "== model-summary (headers only)"
"$JAVA" "${OPENS[@]}" -cp "$CP" dev.lingualens.jobs.Cli model-summary --model.path="$MODEL" 2>&1 | grep -v SLF4J

echo "== forward, count mode, $BATCH x $SEQ tokens, $PASSES pass(es), $THREADS threads"
TIMES="$BENCH/big-model-time.txt"
/usr/bin/time -v -o "$TIMES" "$JAVA" "${OPENS[@]}" -Xmx2g -Dai.djl.offline=true -cp "$CP" \
  dev.lingualens.bench.ForwardBench --model "$MODEL" --ids "$IDS" --modes count \
  --warmup 0 --passes "$PASSES" --threads "$THREADS" --interop-threads 1 2>&1 | grep -v SLF4J
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TIMES")
ckpt=$(stat -c %s "$MODEL/model.safetensors")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$TIMES")
ratio=$(awk -v r="$rss_kb" -v c="$ckpt" 'BEGIN { printf "%.3f", r * 1024 / c }')
echo "checkpoint: $ckpt bytes; peak RSS: $((rss_kb * 1024)) bytes; peak RSS / checkpoint = $ratio (bar <= 1.25); wall $wall"
echo "| $FAMILY-7b shapes, $LAYERS layers, bf16 | $(awk -v c="$ckpt" 'BEGIN{printf "%.2f", c/2^30}') GiB | $(awk -v r="$rss_kb" 'BEGIN{printf "%.2f", r/2^20}') GiB | $ratio | $BATCH x $SEQ |"
