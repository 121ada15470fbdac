# Sourced by the benchmark scripts (needs HOME_DIR). Sets JAVA and OPENS (scripts/lib/jvm.sh) and
# bench_classpath SNAPSHOT_DIR NO_BUILD sets CP: the bench module's jar and its runtime class path
# (lingualens-jobs, lingualens-common and their dependencies), with the project's own jars copied into
# SNAPSHOT_DIR first so that a build running meanwhile cannot swap them under the JVMs.
# Unless NO_BUILD is 1, the bench module (bench/, with common and jobs) is first rebuilt with
# `mvn -DskipTests package -pl bench -am` if sources changed, before anything is timed. It never runs
# `mvn install`: the jars stay in the modules' target folders.
source "$HOME_DIR/scripts/lib/jvm.sh"
bench_classpath() {
  local snap="$1" no_build="$2"
  local jar="$HOME_DIR/bench/target/lingualens-bench-0.1.0-SNAPSHOT.jar" cp_file="$HOME_DIR/bench/target/classpath.txt"
  if [[ "$no_build" != 1 ]] && { [[ ! -f "$jar" || ! -f "$cp_file" ]] || [[ -n "$(find "$HOME_DIR/pom.xml" \
      "$HOME_DIR/common" "$HOME_DIR/jobs" "$HOME_DIR/bench" -newer "$jar" -type f -not -path '*/target/*' \
      -print -quit)" ]]; }; then
    echo "[bench] building the bench module (first use or sources changed)..." >&2
    (cd "$HOME_DIR" && mvn -B -q -DskipTests package -pl bench -am) >&2
  fi
  [[ -f "$jar" && -f "$cp_file" ]] || { echo "error: no jar at $jar (build once with mvn -DskipTests package -pl bench -am)" >&2; exit 1; }
  rm -rf "$snap" && mkdir -p "$snap"
  cp "$jar" "$snap/"
  CP="$snap/$(basename "$jar")"
  local deps d
  IFS=: read -r -a deps < "$cp_file" || true  # no final newline
  for d in "${deps[@]}"; do
    if [[ "$d" == "$HOME_DIR"/* ]]; then cp "$d" "$snap/"; d="$snap/$(basename "$d")"; fi
    CP="$CP:$d"
  done
  [[ "$no_build" != 1 ]] || echo "[bench] --no-build: using the jars built at $(date -r "$jar" '+%F %T')" >&2
}
