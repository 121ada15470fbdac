#!/usr/bin/env bash
# CPU throughput of our hooked forward pass (issue 3): tokens/s of TransformerModel.forward (DJL on
# libtorch) against a plain PyTorch eager forward of the same model, batch and thread count, in one run.
#   ours  : dev.lingualens.bench.ForwardBench, TransformerModel.load(folder, ModelOptions.cpu())
#   torch : scripts/bench/forward_torch.py, a minimal HF-style eager LlamaForCausalLM (no hook recording),
#           checked once against scripts/dev/reference/reference_forward.py; torch.no_grad(), fp32
# Model: a random-weight Llama (hidden 1024, 16 layers, 16 heads / 8 kv heads, FFN 2816, vocab 32000;
# 254 M parameters, fp32 safetensors in HF layout, 1.0 GB), made once by make_bench_model.py and cached.
# Batch: B x T random ids (seeded, every row full length), written once to a JSON file both sides read.
# Modes, the same work on both sides:
#   logits  full forward incl. the lm_head matmul; logits made on the device and dropped (ours: a
#           no-op reducer on `logits`, since the unembedding only runs when a request wants it)
#   count   logits + an int64 [F] counter per layer += ((mlp.hook_pre > 0) & mask).sum(batch, tokens), in place
#   hidden  up to last_hidden_state, no lm_head (ours copies it to the Java heap, torch keeps the tensor)
#   gemm    (not in the default list) no forward, only the pass's matmuls (q, k, v, o, gate, up, down x layers,
#           lm_head) on random weights of the same shapes: how the two BLAS libraries compare on their own
# Each side: warm-up passes, then timed passes, per mode; median pass -> tokens/s; process CPU time too.
# Threads: both sides get --threads intra-op and --interop-threads inter-op threads (DJL:
# -Dai.djl.pytorch.num_threads / num_interop_threads; torch: set_num_threads / set_num_interop_threads;
# OMP_NUM_THREADS and MKL_NUM_THREADS for both).
# BLAS: Debian's python3-torch calls the system libblas.so.3, which is the unoptimised reference BLAS
# unless an optimised one is installed (~1 GFLOP/s: no fair baseline). By default the torch side runs
# with Debian's OpenBLAS (libopenblas0-openmp, OpenMP build so it shares torch's thread count),
# unpacked once into the cache with `apt-get download` + `dpkg -x` and put first on LD_LIBRARY_PATH:
# nothing is installed system-wide. Ours uses the MKL inside DJL's libtorch.
# Bars: ours >= 0.9 x torch (logits mode); counting adds <= 15 % to ours (count vs logits).
# Checks, printed: ours' last_hidden_state vs torch's (max |diff|), per-layer gate>0 counts of both
# sides, torch's eager forward vs reference_forward.py's logits.
# Prints tokens/s, the ratios, per-CPU-second figures (steadier on a shared machine), and a markdown
# snippet for docs/benchmarks.md (writes nothing there).
#
# Usage: scripts/bench/forward.sh [--threads N] [--interop-threads N] [--batch B] [--seq T] [--seed S]
#          [--warmup N] [--passes N] [--rounds R] [--modes LIST] [--profile] [--blas openblas|system]
#          [--no-build] [-h|--help]
#   --threads          intra-op threads of both sides (default: nproc)
#   --interop-threads  inter-op threads (default 1)
#   --batch, --seq     batch shape (default 4 x 128); --seed seed of the ids (default 7)
#   --warmup           untimed passes per mode (default 2); --passes timed passes per mode (default 5)
#   --rounds           R rounds of (ours, torch), alternating which goes first (default 1); passes are
#                      pooled over rounds (a slow patch of a shared machine then hits both sides)
#   --modes            comma list of logits,count,hidden,gemm (default logits,count,hidden)
#   --profile          one extra pass per mode on each side timed between hook points (both sides mark
#                      the same points), printed side by side: wall ms and the calling thread's CPU ms
#                      (the whole work only with --threads 1, where libtorch runs every op on that thread)
#   --blas             openblas (default) or system (whatever libblas.so.3 is installed) for the torch side
#   --no-build         run on a snapshot of the jars already built (no maven); env LINGUALENS_BENCH_NO_BUILD=1
# Needs: java 17 + maven, Debian's python3-torch + python3-numpy (/usr/bin/python3), apt-get (once, for
# OpenBLAS), ~2 GB of disk and ~4 GB of free memory.
# Cache folder: ${LINGUALENS_CACHE:-<repo root>/.cache/lingualens}/bench
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOME_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
CACHE="${LINGUALENS_CACHE:-$HOME_DIR/.cache/lingualens}"
BENCH="$CACHE/bench"
MODEL="$BENCH/llama-300m"
PY=/usr/bin/python3

THREADS="$(nproc)"
INTEROP=1
BATCH=4
SEQ=128
SEED=7
WARMUP=2
PASSES=5
ROUNDS=1
MODES="logits,count,hidden"
PROFILE=0
BLAS=openblas
NO_BUILD="${LINGUALENS_BENCH_NO_BUILD:-0}"
ARGS_SHOWN="$*"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}
die() { echo "forward bench: $*" >&2; exit 1; }
log() { echo "[bench] $*" >&2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) THREADS="${2:?}"; shift 2 ;;
    --interop-threads) INTEROP="${2:?}"; shift 2 ;;
    --batch) BATCH="${2:?}"; shift 2 ;;
    --seq) SEQ="${2:?}"; shift 2 ;;
    --seed) SEED="${2:?}"; shift 2 ;;
    --warmup) WARMUP="${2:?}"; shift 2 ;;
    --passes) PASSES="${2:?}"; shift 2 ;;
    --rounds) ROUNDS="${2:?}"; shift 2 ;;
    --modes) MODES="${2:?}"; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    --blas) BLAS="${2:?}"; shift 2 ;;
    --no-build) NO_BUILD=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
for n in "$THREADS" "$INTEROP" "$BATCH" "$SEQ" "$SEED" "$WARMUP" "$PASSES" "$ROUNDS"; do
  [[ "$n" =~ ^[0-9]+$ ]] || die "not a number: '$n'"
done
(( PASSES >= 1 && ROUNDS >= 1 && THREADS >= 1 )) || die "--passes, --rounds and --threads must be >= 1"
[[ "$BLAS" == openblas || "$BLAS" == system ]] || die "--blas is openblas or system"

# --- prerequisites -------------------------------------------------------------------------------
"$PY" -c 'import torch, numpy' 2>/dev/null \
  || die "$PY needs torch and numpy (apt-get install -y python3-torch python3-numpy)"
command -v java >/dev/null || die "java 17 is needed"
mkdir -p "$BENCH"
avail_kb=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)
(( avail_kb > 4 * 1024 * 1024 )) || die "needs ~4 GB of free memory (MemAvailable is $((avail_kb / 1024)) MB)"
if [[ ! -f "$MODEL/model.safetensors" ]]; then
  free_kb=$(df -Pk "$BENCH" | awk 'NR == 2 {print $4}')
  (( free_kb > 2 * 1024 * 1024 )) || die "needs ~2 GB of free disk under $BENCH"
fi

# --- model and ids (cached) ----------------------------------------------------------------------
"$PY" "$SCRIPT_DIR/make_bench_model.py" --out "$MODEL"
IDS="$BENCH/forward-ids-B${BATCH}-T${SEQ}-seed${SEED}.json"
[[ -f "$IDS" ]] || "$PY" "$SCRIPT_DIR/make_bench_model.py" --ids-out "$IDS" --batch "$BATCH" --seq "$SEQ" \
  --seed "$SEED" --vocab "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["vocab_size"])' "$MODEL/config.json")"

# --- OpenBLAS for the torch side (unpacked into the cache, never installed) ----------------------
TORCH_ENV=(OMP_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS")
if [[ "$BLAS" == openblas ]]; then
  OB="$BENCH/openblas"
  OB_LIB="$OB/usr/lib/x86_64-linux-gnu/openblas-openmp"
  if [[ ! -f "$OB_LIB/libblas.so.3" ]]; then
    log "unpacking Debian's libopenblas0-openmp into $OB (apt-get download + dpkg -x; nothing is installed)"
    tmp="$(mktemp -d)"
    if ! (cd "$tmp" && apt-get download libopenblas0-openmp >/dev/null 2>&1); then
      [[ "$(id -u)" == 0 ]] && apt-get update >/dev/null 2>&1 || true
      (cd "$tmp" && apt-get download libopenblas0-openmp >/dev/null 2>&1) \
        || die "apt-get download libopenblas0-openmp failed (or run with --blas system)"
    fi
    rm -rf "$OB" && dpkg -x "$tmp"/libopenblas0-openmp_*.deb "$OB"
    rm -rf "$tmp"
  fi
  TORCH_ENV+=(LD_LIBRARY_PATH="$OB_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
  BLAS_DESC="OpenBLAS $(basename "$(readlink -f "$OB_LIB/libopenblas.so.0")" .so | sed 's/^libopenblasp-r//') (Debian libopenblas0-openmp, via LD_LIBRARY_PATH)"
else
  BLAS_DESC="system libblas.so.3 -> $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo '?')"
fi

# --- jars and JVM (the launcher's java command line) ---------------------------------------------
source "$HOME_DIR/scripts/bench/jars.sh"
bench_classpath "$BENCH/forward-jars" "$NO_BUILD"

# --- runs ----------------------------------------------------------------------------------------
STAMP="$(date +%Y%m%d-%H%M%S)"
RESULTS="$BENCH/forward-$STAMP.jsonl"
: > "$RESULTS"
COMMON=(--warmup "$WARMUP" --passes "$PASSES" --modes "$MODES" --json-out "$RESULTS")
[[ "$PROFILE" == 1 ]] && COMMON+=(--profile)
LOADS=()

run_ours() {  # round, extra args...
  local r="$1"; shift
  LOADS+=("ours round $r: $(cut -d' ' -f1-3 /proc/loadavg)")
  log "round $r: ours (ForwardBench, $THREADS intra / $INTEROP inter-op threads)"
  OMP_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS" "$JAVA" "${OPENS[@]}" ${LINGUALENS_JAVA_OPTS:--Xmx2g} \
    -Dlingualens.home="$HOME_DIR" -Dai.djl.offline=true -Dlog4j2.configurationFile="$HOME_DIR/conf/log4j2.properties" \
    -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads="$INTEROP" \
    -cp "$CP" dev.lingualens.bench.ForwardBench --model "$MODEL" --ids "$IDS" "${COMMON[@]}" "$@" \
    2> >(grep --line-buffered -v 'CudaUtils: Failed to detect GPU count' >&2)
}
run_torch() {  # round, extra args...
  local r="$1"; shift
  LOADS+=("torch round $r: $(cut -d' ' -f1-3 /proc/loadavg)")
  log "round $r: torch (forward_torch.py, $BLAS_DESC)"
  env "${TORCH_ENV[@]}" "$PY" "$SCRIPT_DIR/forward_torch.py" --model "$MODEL" --ids "$IDS" \
    --threads "$THREADS" --interop-threads "$INTEROP" "${COMMON[@]}" "$@"
}

HIDDEN_DUMP="$BENCH/forward-ours-hidden.f32"
COUNTS_DUMP="$BENCH/forward-ours-counts.json"
T_START=$(date +%s)
for (( r = 1; r <= ROUNDS; r++ )); do
  if (( r == 1 )); then
    # ours first in round 1: it dumps its last_hidden_state and counts for the torch side to compare
    run_ours 1 --dump-hidden "$HIDDEN_DUMP" --dump-counts "$COUNTS_DUMP"
    run_torch 1 --java-hidden "$HIDDEN_DUMP" --java-counts "$COUNTS_DUMP"
  elif (( r % 2 == 0 )); then
    run_torch "$r" --no-reference-check
    run_ours "$r"
  else
    run_ours "$r"
    run_torch "$r" --no-reference-check
  fi
done
WALL=$(( $(date +%s) - T_START ))

# --- summary -------------------------------------------------------------------------------------
LOADS_STR="$(printf '%s; ' "${LOADS[@]}")"
export RESULTS THREADS INTEROP BATCH SEQ SEED WARMUP PASSES ROUNDS MODES BLAS_DESC JAVA WALL ARGS_SHOWN LOADS_STR PY
"$PY" - <<'PY'
import datetime, json, os, platform, statistics, subprocess

e = os.environ
recs = [json.loads(l) for l in open(e["RESULTS"]) if l.strip()]
timed = {}
profiles = {}
check = {}
for r in recs:
    if "check" in r:
        check.update(r["check"])
    elif "profile_ms" in r:
        profiles.setdefault((r["side"], r["mode"]), r)
    else:
        t = timed.setdefault((r["side"], r["mode"]), {"tokens": r["tokens"], "s": [], "cpu": [], "faults": []})
        t["s"] += r["seconds"]
        t["cpu"] += r["cpu_seconds"]
        t["faults"] += r.get("minor_faults", [])

def rate(side, mode):
    t = timed.get((side, mode))
    return None if t is None else t["tokens"] / statistics.median(t["s"])

def cpu_rate(side, mode):
    t = timed.get((side, mode))
    return None if t is None else t["tokens"] / statistics.median(t["cpu"])

def util(side, mode):
    t = timed[(side, mode)]
    return sum(t["cpu"]) / sum(t["s"])

def quiet(side, mode):
    """Passes that got (nearly) all the CPU their threads could use: cpu/wall >= 0.9 x threads."""
    t = timed[(side, mode)]
    return [w for w, c in zip(t["s"], t["cpu"]) if c >= 0.9 * int(threads) * w]

def quiet_rate(side, mode):
    q = quiet(side, mode)
    return timed[(side, mode)]["tokens"] / statistics.median(q) if q else None

def min_rate(side, mode):
    t = timed[(side, mode)]
    return t["tokens"] / min(t["s"])

def faults(side, mode):
    f = timed[(side, mode)]["faults"]
    return int(statistics.median(f)) if f else -1

modes = [m for m in e["MODES"].split(",") if (("ours", m) in timed and ("torch", m) in timed)]
cpu = "unknown CPU"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
java = subprocess.run([e["JAVA"], "-version"], capture_output=True, text=True).stderr.splitlines()[0]
torch_v = subprocess.run([e["PY"], "-c", "import torch; print(torch.__version__)"], capture_output=True,
                         text=True).stdout.strip()
threads = e["THREADS"]
n_passes = int(e["PASSES"]) * int(e["ROUNDS"])

print()
print(f"== forward throughput, CPU fp32: llama-300m (254 M params), batch {e['BATCH']} x {e['SEQ']} = "
      f"{int(e['BATCH']) * int(e['SEQ'])} tokens, {threads} intra-op / {e['INTEROP']} inter-op threads, "
      f"median of {n_passes} passes after {e['WARMUP']} warm-up, {e['ROUNDS']} round(s), {e['WALL']} s in all")
print(f"{'mode':8s} {'ours tok/s':>11s} {'torch tok/s':>12s} {'ours/torch':>11s}   {'per CPU-s: ours':>16s} "
      f"{'torch':>8s} {'ratio':>7s}   cpu/wall ours, torch   minor faults/pass ours, torch")
for m in modes:
    o, t, oc, tc = rate("ours", m), rate("torch", m), cpu_rate("ours", m), cpu_rate("torch", m)
    print(f"{m:8s} {o:11.1f} {t:12.1f} {o / t:11.3f}   {oc:16.1f} {tc:8.1f} {oc / tc:7.3f}   "
          f"{util('ours', m):.2f}, {util('torch', m):.2f}     {faults('ours', m):>10,d}, {faults('torch', m):,d}")
print(f"{'mode':8s} {'fastest pass: ours':>18s} {'torch':>8s} {'ratio':>7s}   "
      f"{'undisturbed passes (cpu/wall >= 0.9 x threads): ours':>54s} {'torch':>16s} {'ratio':>7s}")
for m in modes:
    qo, qt = quiet_rate("ours", m), quiet_rate("torch", m)
    qs = (f"{qo:.1f} ({len(quiet('ours', m))} of {len(timed[('ours', m)]['s'])})" if qo else "none")
    qs2 = (f"{qt:.1f} ({len(quiet('torch', m))} of {len(timed[('torch', m)]['s'])})" if qt else "none")
    print(f"{m:8s} {min_rate('ours', m):18.1f} {min_rate('torch', m):8.1f} "
          f"{min_rate('ours', m) / min_rate('torch', m):7.3f}   {qs:>54s} {qs2:>16s} "
          + (f"{qo / qt:7.3f}" if qo and qt else ""))
busy = min(min(util("ours", m), util("torch", m)) for m in modes) < 0.8 * int(threads) if modes else False
if busy:
    print(f"WARNING: the processes got less CPU than their {threads} thread(s) (cpu/wall above): the machine is busy "
          "and wall-clock tokens/s mostly measure the other load. Per CPU-second is steadier (but counts OpenMP "
          "spin-waiting); --threads 1 (no barrier waits) and --rounds 2+ make the comparison fairer.")
bars = []
if "logits" in modes:
    r = rate("ours", "logits") / rate("torch", "logits")
    bars.append(("ours >= 0.9 x PyTorch eager (logits)", f"{r:.2f}", r >= 0.9))
if "count" in modes and ("ours", "logits") in timed:
    ov_o = rate("ours", "logits") / rate("ours", "count") - 1
    ov_t = rate("torch", "logits") / rate("torch", "count") - 1
    bars.append(("counting adds <= 15 % (ours, count vs logits)", f"{ov_o * 100:+.1f} %", ov_o <= 0.15))
    print(f"counting overhead (time per pass, count vs logits): ours {ov_o * 100:+.1f} %, torch {ov_t * 100:+.1f} %")
for name, val, ok in bars:
    print(f"bar: {name}: {val} -> {'met' if ok else 'NOT met'}")
if "gemm" in modes and "logits" in modes:
    g, gc = rate("ours", "gemm") / rate("torch", "gemm"), cpu_rate("ours", "gemm") / cpu_rate("torch", "gemm")
    f, fc = rate("ours", "logits") / rate("torch", "logits"), cpu_rate("ours", "logits") / cpu_rate("torch", "logits")
    print(f"the GEMM library alone (gemm mode): ours/torch {g:.3f} (per CPU-s {gc:.3f}); the full forward (logits): "
          f"{f:.3f} (per CPU-s {fc:.3f}); share of a pass's CPU that is GEMM: ours "
          f"{cpu_rate('ours', 'logits') / cpu_rate('ours', 'gemm') * 100:.0f} %, torch "
          f"{cpu_rate('torch', 'logits') / cpu_rate('torch', 'gemm') * 100:.0f} %")
if check:
    print(f"checks: ours last_hidden_state vs torch max |diff| {check.get('java_hidden_max_abs_diff', float('nan')):.2g} "
          f"(values up to {check.get('hidden_max_abs', float('nan')):.2g}); gate>0 counts ours "
          f"{check.get('counts_java')}, torch {check.get('counts_torch')} of {check.get('counts_activations')} "
          f"(per-layer |diff| sum {check.get('counts_layer_abs_diff')}); torch eager vs reference_forward.py logits "
          f"max |diff| {check.get('reference_max_abs_logits_diff', float('nan')):.2g}")
print(f"load average (1/5/15 min) before each run: {e['LOADS_STR']}")
for m in modes:
    po, pt = profiles.get(("ours", m)), profiles.get(("torch", m))
    if not po or not pt:
        continue
    print(f"-- profile, one {m} pass (ms between hook points, summed over layers): ours {po['profile_total_ms']:.0f} ms, "
          f"torch {pt['profile_total_ms']:.0f} ms")
    keys = list(dict.fromkeys(list(po["profile_ms"]) + list(pt["profile_ms"])))
    cpu_o, cpu_t = po.get("profile_thread_cpu_ms"), pt.get("profile_thread_cpu_ms")
    has_cpu = bool(cpu_o and cpu_t)
    if has_cpu:
        print(f"   {'(calling thread CPU, whole pass)':58s} {po['profile_thread_cpu_total_ms']:9.1f}        "
              f"{pt['profile_thread_cpu_total_ms']:9.1f}         "
              f"{po['profile_thread_cpu_total_ms'] / pt['profile_thread_cpu_total_ms']:6.2f}")
    print(f"   {'segment':58s} {'ours ms':>9s} {'%':>6s}  {'torch ms':>9s} {'%':>6s}  {'ratio':>6s}"
          + (f"   {'ours CPU':>9s} {'torch CPU':>9s} {'ratio':>6s}" if has_cpu else ""))
    for k in keys:
        a, b = po["profile_ms"].get(k), pt["profile_ms"].get(k)
        fa = f"{a:9.1f} {100 * a / po['profile_total_ms']:5.1f}%" if a is not None else f"{'-':>16s}"
        fb = f"{b:9.1f} {100 * b / pt['profile_total_ms']:5.1f}%" if b is not None else f"{'-':>16s}"
        ratio = f"{a / b:6.2f}" if a is not None and b and b > 0.05 else f"{'':6s}"
        line = f"   {k:58s} {fa}  {fb}  {ratio}"
        if has_cpu:
            ca, cb = cpu_o.get(k), cpu_t.get(k)
            line += (f"   {ca:9.1f}" if ca is not None else f"   {'-':>9s}") + (f" {cb:9.1f}" if cb is not None else f" {'-':>9s}")
            line += f" {ca / cb:6.2f}" if ca is not None and cb and cb > 0.05 else ""
        print(line)

today = datetime.date.today().isoformat()
rows = []
for m in modes:
    what = {"logits": "full forward incl. lm_head (logits made, not copied)",
            "count": "logits + int64 `hook_pre > 0` counters on all 16 layers (in place)",
            "hidden": "up to `last_hidden_state` (ours: copied to the Java heap)",
            "gemm": "only the pass's matmuls on random weights of the same shapes (the BLAS alone)"}.get(m, m)
    qo, qt = quiet_rate("ours", m), quiet_rate("torch", m)
    rows.append(f"| {m} | {what} | {rate('ours', m):,.1f} | {rate('torch', m):,.1f} | "
                f"**{rate('ours', m) / rate('torch', m):.2f}** | {cpu_rate('ours', m) / cpu_rate('torch', m):.2f} | "
                + (f"{qo / qt:.2f} ({len(quiet('ours', m))} + {len(quiet('torch', m))} passes)" if qo and qt else "–")
                + " |")
cmd = "scripts/bench/forward.sh" + (" " + e["ARGS_SHOWN"] if e["ARGS_SHOWN"] else "")
snippet = "\n".join([
    f"#### Forward throughput on CPU ({today})",
    "",
    f"`{cmd}` on {cpu}, {os.cpu_count()} cores (shared; load average before the runs: {e['LOADS_STR'].rstrip('; ')}), "
    f"Linux {platform.release()}, {java}.",
    f"Model: random-weight Llama, 254 M parameters (hidden 1024, 16 layers, 16/8 heads, FFN 2816, vocab 32000), "
    f"fp32; batch {e['BATCH']} × {e['SEQ']} random ids; {threads} intra-op / {e['INTEROP']} inter-op threads on both "
    f"sides; median of {n_passes} passes after {e['WARMUP']} warm-up.",
    f"Ours: `TransformerModel.forward` (DJL 0.35.1, libtorch 2.7.1 with its MKL). PyTorch: eager HF-style Llama "
    f"forward under `no_grad`, torch {torch_v} (Debian), {e['BLAS_DESC']}.",
    "",
    "| mode | work | ours tokens/s | PyTorch tokens/s | ours / PyTorch | same, per CPU-second | same, undisturbed passes |",
    "|---|---|---:|---:|---:|---:|---:|",
    *rows,
    "",
    "; ".join(f"{n}: {v} ({'met' if ok else '**not met**'})" for n, v, ok in bars) + ".",
    *(["", "The machine was busy during the run (the processes got less CPU than their threads): wall-clock "
        "figures mostly measure the other load; the per-CPU-second column is the steadier one."] if busy else []),
])
print()
print("---- markdown for docs/benchmarks.md (not written anywhere) ----")
print(snippet)
PY
log "raw results: $RESULTS"
