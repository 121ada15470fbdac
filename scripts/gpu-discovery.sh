#!/usr/bin/env bash
# Spark GPU discovery script (spark.{driver,executor,worker}.resource.gpu.discoveryScript): prints the
# GPUs this node (or container) sees in Spark's resource JSON, e.g. {"name":"gpu","addresses":["0","1"]}.
# The addresses are nvidia-smi's indexes, which CUDA and DJL (gpu:N) use too when
# CUDA_VISIBLE_DEVICES is unset; with it set, Spark's addresses 0..n-1 are the visible devices.
set -euo pipefail
if ! command -v nvidia-smi >/dev/null; then
  echo '{"name":"gpu","addresses":[]}'
  exit 0
fi
ids=$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | sed 's/.*/"&"/' | paste -sd, -)
echo "{\"name\":\"gpu\",\"addresses\":[${ids}]}"
