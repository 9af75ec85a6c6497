// Bench section "graph messages": single-edge updates (addEdges of one edge, then removeEdges of it, and so on)
// submitted one at a time to the GraphStore holding dblp-2010, with the graphMessages switch on (batches written
// in place) and off (every update copies the whole graph first). Uses the compiled core in dist/.
// The off path copies ~50 MB per update (about 0.4 s on 2 cores), so it runs `offUpdates` of the updates and
// its total for all of them is that average times the count, said so in the report.
//   node bench/graph-messages.mjs [--updates N] [--off-updates N] [--graph NAME]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainModule, serveChildJob } from './child-job.mjs';
import { graphPath, REPO_ROOT } from './graph-catalogue.mjs';
import { createRandom } from './prng.mjs';
import { fmtRatio } from './summarise.mjs';

const dist = (/** @type {string} */ p) => path.join(REPO_ROOT, 'dist', p);

/**
 * @typedef {{ updates: number, totalMs: number, msPerUpdate: number, bytesCopied: number, bytesPerUpdate: number, p50Ms: number, p95Ms: number }} ModeFigures
 * @typedef {{ graph: string, nodes: number, edges: number, graphBytes: number, updates: number, loadMs: number, on: ModeFigures, off: ModeFigures & { estimatedTotalMs: number, estimatedBytes: number } }} GraphMessagesResult
 */

/**
 * @param {{ graph?: string, updates?: number, offUpdates?: number }} job
 * @returns {Promise<GraphMessagesResult>}
 */
export async function runGraphMessagesJob(job = {}) {
  const name = job.graph ?? 'dblp-2010';
  const updates = job.updates ?? 10_000;
  const offUpdates = Math.min(updates, job.offUpdates ?? 100);
  const storeModule = dist('electron/core/graph/graph-store.js');
  if (!fs.existsSync(storeModule)) throw new Error('dist/ is missing: run "npm run build:main"');
  const { GraphStore } = await import(pathToFileURL(storeModule).href);
  const { loadGraphFile } = await import(pathToFileURL(dist('electron/core/graph/load-graph.js')).href);

  let t = performance.now();
  const graph = await loadGraphFile(graphPath(name), {});
  const store = new GraphStore();
  store.replace(graph);
  // The store builds its editable state on the first edit; build it here so the timed updates do not pay it.
  const graphBytes = store.sizeBytes();
  const loadMs = performance.now() - t;
  const ids = graph.nodeIds;
  // Seeded pairs with no edge yet, so each add is a new layout pair and each remove takes it away again.
  const rand = createRandom(9);
  const { offsets, targets } = store.csr();
  const linked = (/** @type {number} */ a, /** @type {number} */ b) => targets.subarray(offsets[a], offsets[a + 1]).includes(b);
  /** @type {Array<[string, string]>} */
  const pairs = [];
  while (pairs.length < Math.ceil(updates / 2)) {
    const a = Math.floor(rand() * ids.length), b = Math.floor(rand() * ids.length);
    if (a !== b && !linked(a, b)) pairs.push([ids[a], ids[b]]);
  }

  /** @param {number} count @returns {Promise<ModeFigures>} */
  const run = async (count) => {
    let bytes = 0;
    const t0 = performance.now();
    for (let k = 0; k < count; k++) {
      const [source, target] = pairs[k >> 1];
      const op = k % 2 === 0 ? 'addEdges' : 'removeEdges';
      const delta = await store.submit([{ op, edges: [{ source, target }] }]);
      if ((op === 'addEdges' ? delta.addEdges : delta.removeEdges).length !== 2) throw new Error(`update ${k} (${op} ${source}-${target}) changed no layout pair`);
      bytes += store.figures().bytesCopiedPerUpdate;
    }
    const totalMs = performance.now() - t0;
    const f = store.figures();
    return { updates: count, totalMs, msPerUpdate: totalMs / count, bytesCopied: bytes, bytesPerUpdate: bytes / count, p50Ms: f.updateLatencyP50Ms, p95Ms: f.updateLatencyP95Ms };
  };

  store.setGraphMessages(true);
  const on = await run(updates);
  store.setGraphMessages(false);
  const off = await run(offUpdates);
  const info = store.info();
  return {
    graph: name, nodes: info.nodeCount, edges: info.edgeCount, graphBytes, updates, loadMs, on,
    off: { ...off, estimatedTotalMs: off.msPerUpdate * updates, estimatedBytes: off.bytesPerUpdate * updates },
  };
}

/** @param {GraphMessagesResult | { error: string } | undefined} r @returns {string[]} */
export function renderGraphMessages(r) {
  const out = ['## Graph messages (GraphStore, single-edge updates)', ''];
  if (!r) return [...out, 'Not measured in this run.', ''];
  if ('error' in r) return [...out, `Not measured: ${r.error}`, ''];
  const mb = (/** @type {number} */ b) => (b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${(b / 1e6).toFixed(b < 1e6 ? 4 : 1)} MB`);
  const ms = (/** @type {number} */ v) => (v >= 10_000 ? `${(v / 1000).toFixed(0)} s` : `${v >= 100 ? v.toFixed(0) : v.toPrecision(3)} ms`);
  out.push(`${r.updates.toLocaleString('en-US')} updates (addEdges of one edge, then removeEdges of it) on ${r.graph} ` +
    `(${r.nodes.toLocaleString('en-US')} nodes, ${r.edges.toLocaleString('en-US')} layout edges, ${mb(r.graphBytes)} to copy whole), one submit each:`);
  out.push('');
  out.push('| graphMessages | updates run | total time | per update | p50 / p95 latency | bytes copied | per update |');
  out.push('| --- | --- | --- | --- | --- | --- | --- |');
  out.push(`| on (in place) | ${r.on.updates.toLocaleString('en-US')} | ${ms(r.on.totalMs)} | ${ms(r.on.msPerUpdate)} | ${ms(r.on.p50Ms)} / ${ms(r.on.p95Ms)} | ${mb(r.on.bytesCopied)} | ${r.on.bytesPerUpdate.toFixed(0)} B |`);
  const est = r.off.updates < r.updates ? ` (${r.off.updates} run; ${r.updates.toLocaleString('en-US')}: ${ms(r.off.estimatedTotalMs)}, ${mb(r.off.estimatedBytes)} estimated)` : '';
  out.push(`| off (copy per update) | ${r.off.updates.toLocaleString('en-US')} | ${ms(r.off.totalMs)}${est} | ${ms(r.off.msPerUpdate)} | ${ms(r.off.p50Ms)} / ${ms(r.off.p95Ms)} | ${mb(r.off.bytesCopied)} | ${mb(r.off.bytesPerUpdate)} |`);
  out.push('');
  const bytesRatio = r.off.bytesPerUpdate / r.on.bytesPerUpdate;
  out.push(`off / on, per update: time ${fmtRatio(r.off.msPerUpdate / r.on.msPerUpdate)}, bytes copied ${fmtRatio(bytesRatio)} (target: at least 100x fewer bytes with it on: ${bytesRatio >= 100 ? 'holds' : 'MISSED'}).`);
  out.push('');
  return out;
}

// Forked by run.mjs (child-job.mjs), or run by hand.
if (!serveChildJob(import.meta.url, runGraphMessagesJob) && isMainModule(import.meta.url)) {
  const arg = (/** @type {string} */ key) => {
    const i = process.argv.indexOf(`--${key}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const num = (/** @type {string} */ key) => (arg(key) === undefined ? undefined : Number(arg(key)));
  const result = await runGraphMessagesJob({ graph: arg('graph'), updates: num('updates'), offUpdates: num('off-updates') });
  process.stdout.write(`${renderGraphMessages(result).join('\n')}\n`);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
