# Sourced by the benchmark scripts (needs HOME_DIR). Sets JAVA and OPENS (scripts/lib/jvm.sh) and
# bench_classpath SNAPSHOT_DIR NO_BUILD sets CP: the launcher's classpath, with the project's own jars
# copied into SNAPSHOT_DIR first so that a build running meanwhile cannot swap them under the JVMs.
# Unless NO_BUILD is 1, the launcher first rebuilds the jar if sources changed, before anything is timed.
source "$HOME_DIR/scripts/lib/jvm.sh"
bench_classpath() {
  local snap="$1" no_build="$2"
  local jar="$HOME_DIR/jobs/target/lingualens-jobs-0.1.0-SNAPSHOT.jar" cp_file="$HOME_DIR/jobs/target/classpath.txt"
  [[ "$no_build" == 1 ]] || "$HOME_DIR/scripts/lingualens" help >/dev/null
  [[ -f "$jar" && -f "$cp_file" ]] || { echo "error: no jar at $jar (build once with mvn -DskipTests install)" >&2; exit 1; }
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
