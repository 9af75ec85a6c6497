// The one graph form every engine and every measure in the bench sees: undirected, simple
// (no self-loops, no duplicate pairs), unweighted, nodes 0..n-1 in the loader's order.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, graphPath } from './graph-catalogue.mjs';

/**
 * @typedef {object} BenchGraph
 * @property {string} name
 * @property {number} nodeCount
 * @property {Uint32Array} edges  u,v pairs with u < v, each pair once
 * @property {Uint32Array} offsets CSR (both directions): neighbours of i are targets[offsets[i]..offsets[i+1])
 * @property {Uint32Array} targets
 */

/**
 * Builds a BenchGraph from any edge list (directed, duplicated, looped: all folded away).
 * @param {string} name
 * @param {number} nodeCount
 * @param {ArrayLike<number>} rawEdges source,target pairs
 * @returns {BenchGraph}
 */
export function buildBenchGraph(name, nodeCount, rawEdges) {
  if (rawEdges.length % 2 !== 0) throw new Error(`${name}: edge list has an odd number of endpoints (${rawEdges.length})`);
  // Key each pair as lo*n+hi (fits a double exactly for n < 2^26), sort, drop repeats.
  const keys = new Float64Array(rawEdges.length >> 1);
  let m = 0;
  for (let e = 0; e < keys.length; e++) {
    const a = rawEdges[2 * e], b = rawEdges[2 * e + 1];
    if (!(a < nodeCount && b < nodeCount && a >= 0 && b >= 0)) throw new Error(`${name}: edge ${e} (${a}, ${b}) names a node outside 0..${nodeCount - 1}`);
    if (a === b) continue;
    keys[m++] = a < b ? a * nodeCount + b : b * nodeCount + a;
  }
  const sorted = keys.subarray(0, m).sort();
  const edges = new Uint32Array(2 * m);
  let unique = 0;
  for (let e = 0; e < m; e++) {
    if (e > 0 && sorted[e] === sorted[e - 1]) continue;
    edges[2 * unique] = Math.floor(sorted[e] / nodeCount);
    edges[2 * unique + 1] = sorted[e] % nodeCount;
    unique++;
  }
  const pairs = edges.slice(0, 2 * unique);
  const offsets = new Uint32Array(nodeCount + 1);
  for (let i = 0; i < pairs.length; i++) offsets[pairs[i] + 1]++;
  for (let i = 0; i < nodeCount; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, nodeCount);
  const targets = new Uint32Array(pairs.length);
  for (let e = 0; e < unique; e++) {
    const u = pairs[2 * e], v = pairs[2 * e + 1];
    targets[fill[u]++] = v;
    targets[fill[v]++] = u;
  }
  return { name, nodeCount, edges: pairs, offsets, targets };
}

const LOADER = path.join(REPO_ROOT, 'dist/electron/core/graph/load-graph.js');

/**
 * Reads a catalogue graph with the app's own loader (the compiled dist/ build).
 * @param {string} name
 * @returns {Promise<BenchGraph>}
 */
export async function loadBenchGraph(name) {
  const file = graphPath(name);
  if (!fs.existsSync(LOADER)) throw new Error(`the graph loader is not built (${path.relative(REPO_ROOT, LOADER)} is missing): run "npm run build:main" first`);
  const { loadGraphFile } = await import(pathToFileURL(LOADER).href);
  /** @type {import('../electron/core/graph/graph-types.js').LoadedGraph} */
  const loaded = await loadGraphFile(file, {});
  return buildBenchGraph(name, loaded.nodeIds.length, loaded.edges);
}
