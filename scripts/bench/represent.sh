#!/usr/bin/env bash
# Throughput of `lingualens represent` (issue 4) vs the bare forward of the same model and batches:
#   (a) RepresentJob.run on local[1]: read documents, tokenise, forward + pool, write the
#       representations table (Parquet), count, run record. Best of --repeat runs after a warm-up run.
#   (b) the same encoder classes on the same token ids, chunks of represent.chunk-docs and the same
#       token-budget batches, one thread, model loaded and warmed up, no Spark, no Parquet.
# Both in one JVM (RepresentBench), so the model is loaded once and neither side pays for it.
# Bar: (a) within 15 % of (b). Prints "BENCH key=value" lines.
#
# Input: a documents table (run `lingualens ingest` first; the demo's out/demo holds one).
# Usage: scripts/bench/represent.sh --output.dir=out/demo --represent.models=NAME=[onnx:|djl:]PATH
#          [--represent.corpora=udhr] [--repeat=3] [any --lingualens.key=value]
# Runs from the bench module's compiled classes (mvn -o test-compile + dependency:build-classpath into
# bench/target/cp.txt), never `mvn install`, so a checkout shared with others is not disturbed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if [[ $# -eq 0 || "$1" == "-h" || "$1" == "--help" ]]; then
  awk 'NR > 1 { if (!/^#/) exit; print }' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 0
fi
mvn -B -o -q -pl common,jobs,bench test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
  -Dmdep.includeScope=runtime >&2
source "$ROOT/scripts/lib/jvm.sh"
exec "$JAVA" "${OPENS[@]}" ${LINGUALENS_JAVA_OPTS:--Xmx6g} \
  -Dlingualens.home="$ROOT" -Dai.djl.offline=true -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "bench/target/classes:$(cat bench/target/cp.txt)" dev.lingualens.bench.RepresentBench "$@"
