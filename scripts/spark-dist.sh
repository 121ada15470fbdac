#!/usr/bin/env bash
# Assembles a Spark 3.5.7 (Scala 2.12) "distribution" from Maven Central where none is installed:
# <dist>/jars holds the jars of spark-core/sql/mllib (what spark-3.5.7-bin-hadoop3/jars holds),
# <dist>/conf the logging config. Standalone Masters/Workers and scripts/submit run on it with plain
# java. Prints the folder. Idempotent: a complete dist (marker file) is reused.
#   scripts/spark-dist.sh            -> $LINGUALENS_SPARK_DIST or <repo>/.cache/spark-3.5.7
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${1:-${LINGUALENS_SPARK_DIST:-$HOME_DIR/.cache/spark-3.5.7}}"
if [[ ! -f "$DIST/.complete" ]]; then
  echo "[spark-dist] assembling Spark jars into $DIST/jars (Maven)..." >&2
  rm -rf "$DIST"
  mkdir -p "$DIST/conf"
  # -o when the caller asks for offline builds (the jars are then taken from ~/.m2 only).
  mvn -B -q ${LINGUALENS_MVN_OFFLINE:+-o} -f "$HOME_DIR/scripts/spark-dist/pom.xml" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$DIST/jars" >&2
  cp "$HOME_DIR/conf/log4j2.properties" "$DIST/conf/log4j2.properties"
  echo "3.5.7" > "$DIST/RELEASE"
  touch "$DIST/.complete"
fi
echo "$DIST"
