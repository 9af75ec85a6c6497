#!/usr/bin/env bash
# One run on a machine with an NVIDIA GPU, the CUDA toolkit and Node: build with CUDA, run the CUDA
# backend's tests, then check CPU/CUDA parity on real graphs and print a timing table.
# usage: scripts/gpu-check.sh [DATA_DIR]   (default ../shared/data; missing graphs fall back to assets/samples)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR="${1:-../shared/data}"

echo "== device"
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,memory.total,driver_version,compute_cap --format=csv,noheader || true
else
  echo "nvidia-smi not found (continuing: the engine reports the device itself)"
fi
export PATH="$PATH:${CUDA_HOME:-/usr/local/cuda}/bin"
command -v nvcc >/dev/null || { echo "gpu-check: nvcc not found (set CUDA_HOME)"; exit 1; }
nvcc --version | tail -n 2

echo "== dependencies"
if [ -d node_modules/node-addon-api ] && [ -d node_modules/vitest ]; then
  echo "reusing node_modules"
else
  # Install scripts would build the whole app; only the native addon is needed here.
  npm ci --no-audit --no-fund --ignore-scripts
fi

echo "== build (CUDA)"
unset FORCELAB_CPU_ONLY
node scripts/build-native.mjs

echo "== CUDA backend tests"
# cuda-backend.test.ts fails (instead of skipping) when FORCELAB_REQUIRE_CUDA=1 and no device answers.
FORCELAB_REQUIRE_CUDA=1 FORCELAB_BACKEND=cuda npx vitest run native/test/cuda-backend.test.ts native/test/cuda-shared-logic.test.ts

echo "== parity and timing"
node scripts/gpu-check.mjs "$DATA_DIR"
