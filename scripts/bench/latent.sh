#!/usr/bin/env bash
# What the logit lens adds to a forward pass (issue 14): prompts/s of LogitLens.run (every lens layer at each
# row's last position, candidate tokens + top-k copied to the host) against plain forwards of the same batch:
# up to the final norm (hidden) and with the unembedding at every position (logits).
#   dev.lingualens.bench.LatentLensBench, CPU, one JVM; modes interleaved within each round.
# Model: a random-weight Llama with a realistic vocabulary (hidden 512, 8 layers, 8 heads / 4 kv heads,
# FFN 1408, vocab 32000; ~50 M parameters, fp32), made once by make_bench_model.py and cached.
# Threads: --threads N libtorch intra-op threads (default 1: then every op runs on the calling thread and its CPU
# time, printed next to wall time, is the pass's whole work: the steady figure on a shared machine).
# Usage: scripts/bench/latent.sh [--threads N] [--batch B] [--seq T] [--candidates K] [--passes N] [--rounds R]
#          [--no-build]
# Needs: java 17 + maven, Debian's python3-torch + python3-numpy (/usr/bin/python3, to write the model once).
# Cache folder: ${LINGUALENS_CACHE:-<repo root>/.cache/lingualens}/bench
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOME_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
BENCH="${LINGUALENS_CACHE:-$HOME_DIR/.cache/lingualens}/bench"
MODEL="$BENCH/latent-llama-h512-l8-v32000"
PY=/usr/bin/python3
NO_BUILD=0
THREADS=1
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) NO_BUILD=1; shift ;;
    --threads) THREADS="${2:?}"; shift 2 ;;
    -h|--help) awk 'NR > 1 { if (!/^#/) exit; print }' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --batch|--seq|--candidates|--passes|--rounds) ARGS+=("$1" "${2:?}"); shift 2 ;;
    *) echo "unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$BENCH"
"$PY" "$SCRIPT_DIR/make_bench_model.py" --out "$MODEL" --hidden 512 --layers 8 --heads 8 --kv-heads 4 \
  --ffn 1408 --vocab 32000
source "$HOME_DIR/scripts/bench/jars.sh"
bench_classpath "$BENCH/latent-jars" "$NO_BUILD"
echo "[bench] load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
OMP_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS" "$JAVA" "${OPENS[@]}" ${LINGUALENS_JAVA_OPTS:--Xmx2g} \
  -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1 \
  -Dlog4j2.configurationFile="$HOME_DIR/conf/log4j2.properties" \
  -cp "$CP" dev.lingualens.bench.LatentLensBench --model "$MODEL" "${ARGS[@]}" \
  2> >(grep --line-buffered -v 'CudaUtils: Failed to detect GPU count' >&2)
echo "[bench] load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
