#!/usr/bin/env bash
# Which bf16 operations DJL's PyTorch engine can do, on 0.35.1 and 0.36.0, and what bf16 compute
# would gain over the runtime's widen-per-op path (README.md here). Dev-time only: needs both DJL
# versions in the local Maven repository (the first run downloads 0.36.0's jars) and Debian's
# python3-torch for make_ts.py. Writes to ./target and $OUT (default /tmp/bf16-probe).
set -euo pipefail
cd "$(dirname "$0")"
OUT=${OUT:-/tmp/bf16-probe}
mkdir -p "$OUT"
/usr/bin/python3 make_ts.py "$OUT/ts"
mvn -q compile
for v in 0.35.1 0.36.0; do
  mvn -q -Ddjl=$v dependency:build-classpath -Dmdep.outputFile="$OUT/cp-$v.txt"
done
run() { # DJL version, main class and arguments; prints the tail and the JVM's exit status
  local v=$1 rc=0
  shift
  java -Xmx4g -Dai.djl.offline=true -cp "target/classes:$(cat "$OUT/cp-$v.txt")" "$@" \
    >"$OUT/last.log" 2>&1 || rc=$?
  grep -v -i slf4j "$OUT/last.log" | tail -"${TAIL:-3}"
  echo "exit $rc"
}
for v in 0.35.1 0.36.0; do
  for step in fp16 create totype zeros "torchscript $OUT/ts"; do
    echo "== DJL $v: $step"
    # shellcheck disable=SC2086
    run $v probe.Probe $step
  done
done
for tokens in 128 512; do
  TAIL=8 run 0.35.1 probe.Bench "$OUT/ts" "$tokens" "${REPS:-9}"
done
