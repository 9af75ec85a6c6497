// CPU/CUDA parity and timing on real graphs, through the built addon (build/Release/forcelab.node).
// usage: node scripts/gpu-check.mjs [DATA_DIR] [--iterations N] [--graphs a,b,...] [--warmup-ms MS]
// DATA_DIR defaults to ../shared/data; graphs missing there fall back to assets/samples.
// Exit code 1 when the CUDA backend is not active or a parity check fails.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const dataDir = path.resolve(root, positional[0] ?? '../shared/data');
const iterations = Number(option('--iterations', '30'));
const warmupMs = Number(option('--warmup-ms', '300'));
const wanted = option('--graphs', 'karate.mtx,dolphins.mtx,netscience.mtx,ca-GrQc.csv,ca-HepTh.csv,dblp-2010.mtx.gz').split(',');

// FORCELAB_ADDON: another build, e.g. the CUDA emulator's (npm test runs this script against it).
const { NativeEngine } = createRequire(import.meta.url)(process.env.FORCELAB_ADDON ? path.resolve(process.env.FORCELAB_ADDON) : path.join(root, 'build/Release/forcelab.node'));

// The app's toCsr (electron/core/graph/csr.ts) as npm run build:main compiles it into dist/; scripts/gpu-carry.sh
// packs the two files into .gpu/dist for a GPU machine.
const graphDir = ['dist', '.gpu/dist']
  .map((d) => path.join(root, d, 'electron/core/graph'))
  .find((d) => existsSync(path.join(d, 'csr.js')) && existsSync(path.join(d, 'edge-graph.js')));
if (!graphDir) throw new Error('gpu-check: dist/electron/core/graph/csr.js is missing: run npm run build:main');
const { toCsr } = await import(pathToFileURL(path.join(graphDir, 'csr.js')).href);
const { edgeListGraph } = await import(pathToFileURL(path.join(graphDir, 'edge-graph.js')).href);

// ---- graphs -------------------------------------------------------------------------------------
function locate(file) {
  for (const dir of [dataDir, path.join(root, 'assets/samples')]) if (existsSync(path.join(dir, file))) return path.join(dir, file);
  return undefined;
}

/** Undirected simple graph as a symmetric CSR (self-loops and duplicate pairs dropped). */
function readGraph(file) {
  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const ids = new Map();
  const id = (s) => {
    let v = ids.get(s);
    if (v === undefined) ids.set(s, (v = ids.size));
    return v;
  };
  const pairs = [];
  const seen = new Set();
  const add = (a, b) => {
    if (a === b) return;
    const key = a < b ? a * 4294967296 + b : b * 4294967296 + a;
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push(a, b);
  };
  let declared = 0;
  if (/\.mtx(\.gz)?$/.test(file)) {
    let sized = false;
    for (const line of text.split('\n')) {
      if (line.startsWith('%') || !line.trim()) continue;
      const [a, b] = line.trim().split(/\s+/).map(Number);
      if (!sized) {
        declared = a;
        sized = true;
        continue;
      }
      add(a - 1, b - 1);
    }
  } else if (/\.(gexf|graphml)$/.test(file)) {
    for (const m of text.matchAll(/<node\b[^>]*\bid="([^"]*)"/g)) id(m[1]);
    for (const m of text.matchAll(/<edge\b[^>]*>/g)) {
      const s = /\bsource="([^"]*)"/.exec(m[0]), t = /\btarget="([^"]*)"/.exec(m[0]);
      if (s && t) add(id(s[1]), id(t[1]));
    }
  } else {
    for (const line of text.split('\n')) {
      const parts = line.trim().split(/[\s,]+/);
      if (parts.length < 2 || line.startsWith('#') || line.startsWith('%')) continue;
      add(id(parts[0]), id(parts[1]));
    }
  }
  const n = Math.max(declared, ids.size, maxOf(pairs) + 1);
  // The app's CSR, so the parity table runs the graph shape the app hands the engine.
  const { offsets, targets } = toCsr(edgeListGraph(Uint32Array.from(pairs), n));
  return { n, edges: pairs.length / 2, offsets, targets };
}

function maxOf(a) {
  let m = -1;
  for (const v of a) if (v > m) m = v;
  return m;
}

/** Deterministic positions in a ball whose size grows with n (what a seeded layout looks like). */
function seededPositions(n, dims) {
  const p = new Float32Array(3 * n);
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const r = Math.cbrt(n) * 2;
  for (let i = 0; i < 3 * n; i++) p[i] = (rnd() - 0.5) * 2 * r;
  if (dims === 2) for (let i = 0; i < n; i++) p[3 * i + 2] = 0;
  return p;
}

// ---- engines ------------------------------------------------------------------------------------
function engine(backend, g, positions) {
  const e = new NativeEngine({ backend, seed: 1 });
  e.setGraph(g.n, g.offsets, g.targets, null, positions);
  e.setSwitch('stabilityGate', false); // time every step, never skip
  return e;
}

/**
 * Worst per-node |a - b|, each over the larger of that node's |b| and the RMS of b (at most 10 times the
 * RMS): a float sum's rounding grows with the sum, and a per-node relative error alone explodes where
 * forces cancel.
 */
function relError(a, b) {
  let rms = 0;
  for (let i = 0; i < b.length; i++) rms += b[i] * b[i];
  rms = Math.sqrt(rms / (b.length / 3));
  let worst = 0;
  for (let i = 0; i < b.length; i += 3) {
    const diff = Math.hypot(a[i] - b[i], a[i + 1] - b[i + 1], a[i + 2] - b[i + 2]);
    const scale = Math.min(10 * rms, Math.max(rms, Math.hypot(b[i], b[i + 1], b[i + 2])));
    worst = Math.max(worst, scale > 0 ? diff / scale : diff);
  }
  return worst;
}

/**
 * Median ms per iteration over 5 timed runs of `iters`, after a warm-up of at least 2 steps and --warmup-ms: an
 * idle GPU clocks down (an H200 was seen at 345 MHz idle, 1980 MHz under load), and pools, occupancy
 * queries and caches fill on the first steps.
 */
function msPerIteration(e, iters) {
  const warmStart = process.hrtime.bigint();
  let warm = 0;
  while (warm < 2 || Number(process.hrtime.bigint() - warmStart) / 1e6 < warmupMs) {
    e.stepBlocking(1);
    warm++;
  }
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    e.stepBlocking(iters);
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6 / iters);
  }
  return runs.sort((a, b) => a - b)[2];
}

const failures = [];
const rows = [];
const probe = new NativeEngine({ backend: 'cuda' });
const active = probe.backend();
const why = probe.fallbackReason();
const mem = probe.memory();
probe.dispose();
console.log(`backend requested: cuda -> ${active}${why ? ` (${why})` : ''}`);
if (mem.deviceTotalBytes) console.log(`device memory: ${(mem.deviceFreeBytes / 2 ** 30).toFixed(1)} GiB free of ${(mem.deviceTotalBytes / 2 ** 30).toFixed(1)} GiB`);
if (active !== 'cuda') failures.push(`CUDA backend not active: ${why}`);

for (const name of wanted) {
  const file = locate(name);
  if (!file) {
    console.log(`skip ${name}: not in ${dataDir} or assets/samples`);
    continue;
  }
  const g = readGraph(file);
  const big = g.n > 100_000;
  const iters = big ? Math.max(10, Math.round(iterations / 2)) : iterations;
  const pos = seededPositions(g.n, 3);
  const cpu = engine('cpu', g, pos);
  const gpu = engine(active === 'cuda' ? 'cuda' : 'cpu', g, pos);
  const row = { graph: name, nodes: g.n, edges: g.edges };

  // Parity: forces at the same positions (theta 0.8; exact theta 0 where all-pairs is affordable).
  const fc = new Float32Array(3 * g.n), fg = new Float32Array(3 * g.n);
  cpu.computeForces(fc, { theta: 0.8 });
  gpu.computeForces(fg, { theta: 0.8 });
  row.forceErr = relError(fg, fc);
  if (g.n <= 20_000) {
    cpu.computeForces(fc, { theta: 0 });
    gpu.computeForces(fg, { theta: 0 });
    row.exactErr = relError(fg, fc);
  }
  // Parity: one step from the same positions (computeForces may have nudged coincident nodes: reset).
  cpu.setPositions(pos);
  gpu.setPositions(pos);
  cpu.stepBlocking(1);
  gpu.stepBlocking(1);
  const pc = new Float32Array(3 * g.n), pg = new Float32Array(3 * g.n);
  cpu.readPositions(pc);
  gpu.readPositions(pg);
  let moved = 0, diff = 0;
  for (let i = 0; i < pc.length; i++) {
    moved = Math.max(moved, Math.abs(pc[i] - pos[i]));
    diff = Math.max(diff, Math.abs(pg[i] - pc[i]));
  }
  row.stepErr = moved > 0 ? diff / moved : diff;
  const tolerance = 1e-3;
  if (!(row.forceErr < tolerance)) failures.push(`${name}: forces differ (theta 0.8): ${row.forceErr.toExponential(2)}`);
  if (row.exactErr !== undefined && !(row.exactErr < tolerance)) failures.push(`${name}: exact forces differ: ${row.exactErr.toExponential(2)}`);
  if (!(row.stepErr < 1e-2)) failures.push(`${name}: one step differs: ${row.stepErr.toExponential(2)} of the largest move`);

  // Timing: all switches on, then each engine switch off on its own (CUDA).
  row.cpuMs = msPerIteration(cpu, big ? Math.max(3, Math.round(iters / 5)) : iters);
  cpu.dispose();
  row.cudaMs = msPerIteration(gpu, iters);
  // Where a CUDA step's time goes (device time between events), averaged over single steps.
  const phases = { phaseTreeMs: 0, phaseRepulsionMs: 0, phaseIntegrateMs: 0 };
  const phaseSteps = Math.min(iters, 10);
  for (let k = 0; k < phaseSteps; k++) {
    gpu.stepBlocking(1);
    const f = gpu.stats().figures;
    for (const key of Object.keys(phases)) phases[key] += (f[key] ?? NaN) / phaseSteps;
  }
  row.treeMs = phases.phaseTreeMs;
  row.repulsionMs = phases.phaseRepulsionMs;
  row.integrateMs = phases.phaseIntegrateMs;
  const before = gpu.memory().allocations;
  gpu.stepBlocking(iters);
  row.allocsPerStep = (gpu.memory().allocations - before) / iters;
  for (const sw of ['deviceMemory', 'asyncCompletion', 'overlappedCopy', 'launchSizing']) {
    gpu.setSwitch(sw, false);
    if (sw === 'deviceMemory') {
      const b = gpu.memory().allocations;
      gpu.stepBlocking(iters);
      row.allocsPerStepOff = (gpu.memory().allocations - b) / iters;
    }
    row[`${sw}Off`] = msPerIteration(gpu, iters);
    gpu.setSwitch(sw, true);
  }
  const st = gpu.stats();
  row.backend = st.backend;
  gpu.dispose();
  rows.push(row);
  console.log(`done ${name}: ${g.n} nodes, ${g.edges} edges`);
}

// ---- table --------------------------------------------------------------------------------------
const fmt = (v, d = 2) => (v === undefined ? '-' : typeof v === 'number' ? (Math.abs(v) < 1e-2 && v !== 0 ? v.toExponential(1) : v.toFixed(d)) : String(v));
const cols = [
  ['graph', 'graph'], ['nodes', 'nodes'], ['edges', 'edges'], ['cpuMs', 'CPU ms/it'], ['cudaMs', 'CUDA ms/it'],
  ['treeMs', 'tree'], ['repulsionMs', 'repulsion'], ['integrateMs', 'integrate'],
  ['deviceMemoryOff', 'pool off'], ['allocsPerStep', 'allocs/step'], ['allocsPerStepOff', 'allocs/step off'],
  ['asyncCompletionOff', 'async off'], ['overlappedCopyOff', 'overlap off'], ['launchSizingOff', 'sizing off'],
  ['forceErr', 'force err'], ['exactErr', 'exact err'], ['stepErr', 'step err'],
];
const table = [cols.map((c) => c[1]), ...rows.map((r) => cols.map(([k]) => (k === 'nodes' || k === 'edges' ? String(r[k]) : fmt(r[k]))))];
const widths = cols.map((_, i) => Math.max(...table.map((r) => r[i].length)));
console.log('\n' + table.map((r) => r.map((c, i) => c.padStart(widths[i])).join('  ')).join('\n'));
console.log('\nms/it: milliseconds per iteration (stability gate off); "X off": CUDA ms/it with that switch off, the rest on.');
console.log('tree / repulsion / integrate: a CUDA step\'s phases in device ms (sort + tree + summaries; Barnes-Hut; springs, gravity, integration, energies).');
console.log('errors: max per-node difference over the larger of its force and the RMS force, capped at 10 RMS (forces), or over the largest move (one step), CUDA vs CPU.');
const dblp = rows.find((r) => r.graph.startsWith('dblp'));
if (dblp && active === 'cuda') console.log(`dblp-2010: ${fmt(dblp.cudaMs)} ms per iteration on CUDA (target < 5 ms on an H200)`);
if (failures.length) {
  console.log('\nFAILED:\n  ' + failures.join('\n  '));
  process.exit(1);
}
console.log('\ngpu-check: parity OK');
