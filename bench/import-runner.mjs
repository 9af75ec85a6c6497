// Bench section "import": the app's loader (dist/) on a big graph in each streamed format: the MatrixMarket
// file itself, and the same graph written as GEXF and as GraphML by the exporters. Per format: the time to a
// LoadedGraph, the text read, and the heap at its highest while reading (sampled every 20 ms), against the text.
//   node bench/import-runner.mjs [--graph NAME]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveChildJob } from './child-job.mjs';
import { graphPath, REPO_ROOT } from './graph-catalogue.mjs';

const dist = (/** @type {string} */ p) => path.join(REPO_ROOT, 'dist', p);

/**
 * @typedef {{ format: string, fileBytes: number, loadMs: number, peakHeapBytes: number, nodes: number, edges: number }} ImportFigures
 * @param {{ graph?: string }} job
 * @returns {Promise<{ graph: string, rows: ImportFigures[] }>}
 */
export async function runImportJob(job = {}) {
  const name = job.graph ?? 'dblp-2010';
  const loaderModule = dist('electron/core/graph/load-graph.js');
  if (!fs.existsSync(loaderModule)) throw new Error('dist/ is missing: run "npm run build:main"');
  const { loadGraphFile } = await import(pathToFileURL(loaderModule).href);
  const { writeExportFile } = await import(pathToFileURL(dist('electron/core/graph/export/export-file.js')).href);
  const { exportInput } = await import(pathToFileURL(dist('electron/core/graph/export/export-input.js')).href);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'forcelab-bench-import-'));
  try {
    /** @param {string} file @param {string} format */
    const timeLoad = async (file, format) => {
      globalThis.gc?.();
      const base = process.memoryUsage().heapUsed;
      let peak = base;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
      const t = performance.now();
      const g = await loadGraphFile(file, {});
      const loadMs = performance.now() - t;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      return { graph: g, row: { format, fileBytes: fs.statSync(file).size, loadMs, peakHeapBytes: peak - base, nodes: g.nodeIds.length, edges: g.edges.length >> 1 } };
    };
    const first = await timeLoad(graphPath(name), path.basename(graphPath(name)));
    const rows = [first.row];
    const n = first.graph.nodeIds.length;
    const positions = new Float32Array(3 * n);
    for (let i = 0; i < positions.length; i++) positions[i] = Math.sin(i * 12.9898) * 437.5453;
    for (const format of ['gexf', 'graphml']) {
      const file = path.join(scratch, `${name}.${format}`);
      await writeExportFile(file, exportInput(first.graph, positions), format);
      rows.push((await timeLoad(file, format)).row);
      fs.rmSync(file);
    }
    return { graph: name, rows };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Targets of the graph-files issue: the MatrixMarket file under 1 s, GEXF and GraphML under 5 s each. */
const TARGET_MS = { mtx: 1000, gexf: 5000, graphml: 5000 };

/** @param {any} r @returns {string[]} */
export function renderImport(r) {
  const out = ['## Import (the app\'s streaming readers, one process)', ''];
  if (!r) return [...out, 'Not measured in this run.', ''];
  if (r.error) return [...out, `Not measured: ${r.error}`, ''];
  out.push(`${r.graph}, as its own file and as written by the GEXF and GraphML exporters (positions included):`, '');
  out.push('| file | size | load | heap at its highest, above the start | target |', '|---|---|---|---|---|');
  for (const x of r.rows) {
    const kind = x.format.includes('.mtx') ? 'mtx' : x.format;
    const target = /** @type {Record<string, number>} */ (TARGET_MS)[kind];
    const verdict = target === undefined ? '-' : `under ${target / 1000} s: ${x.loadMs < target ? 'holds' : 'MISSED'}`;
    out.push(`| ${x.format} | ${(x.fileBytes / 1e6).toFixed(1)} MB | ${(x.loadMs / 1000).toFixed(2)} s | ${(x.peakHeapBytes / 1e6).toFixed(0)} MB | ${verdict} |`);
  }
  out.push('', `${r.rows[0].nodes.toLocaleString('en-US')} nodes and ${r.rows[0].edges.toLocaleString('en-US')} edges each time.`, '');
  return out;
}

serveChildJob(import.meta.url, runImportJob);
