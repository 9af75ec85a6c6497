// LoadedGraph -> the CSR form the engine takes. Layout forces are symmetric, so every edge becomes a neighbour
// entry on both of its nodes; self-loops carry no force and are dropped; an edge stored in both directions
// (karate.csv, airlines.graphml) becomes one spring, keeping the heavier weight, so it does not pull twice.
import type { CsrGraph } from '../engine/engine-api.js';
import type { LoadedGraph } from './graph-types.js';

export function toCsr(graph: LoadedGraph): CsrGraph {
  const n = graph.nodeIds.length;
  const m = graph.edges.length >> 1;
  const { edges, weights } = graph;
  const degree = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const s = edges[2 * e], t = edges[2 * e + 1];
    if (s === t) continue;
    degree[s]++;
    degree[t]++;
  }
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + degree[i];
  const fill = offsets.slice(0, n);
  const targets = new Uint32Array(offsets[n]);
  const w = weights ? new Float32Array(offsets[n]) : undefined;
  for (let e = 0; e < m; e++) {
    const s = edges[2 * e], t = edges[2 * e + 1];
    if (s === t) continue;
    const a = fill[s]++, b = fill[t]++;
    targets[a] = t;
    targets[b] = s;
    if (w) w[a] = w[b] = weights![e];
  }
  return dedupeRows(n, offsets, targets, w);
}

/** Sorts each row and merges repeated neighbours in place, then compacts. */
function dedupeRows(n: number, offsets: Uint32Array, targets: Uint32Array, weights?: Float32Array): CsrGraph {
  const outOffsets = new Uint32Array(n + 1);
  let write = 0;
  for (let i = 0; i < n; i++) {
    const lo = offsets[i], hi = offsets[i + 1];
    if (weights && hi - lo > 1) sortRowWithWeights(targets, weights, lo, hi);
    else targets.subarray(lo, hi).sort();
    const rowStart = write;
    for (let k = lo; k < hi; k++) {
      if (write > rowStart && targets[write - 1] === targets[k]) {
        if (weights && weights[k] > weights[write - 1]) weights[write - 1] = weights[k];
        continue;
      }
      targets[write] = targets[k];
      if (weights) weights[write] = weights[k];
      write++;
    }
    outOffsets[i + 1] = write;
  }
  const csr: CsrGraph = { nodeCount: n, offsets: outOffsets, targets: targets.slice(0, write) };
  if (weights) csr.weights = weights.slice(0, write);
  return csr;
}

function sortRowWithWeights(targets: Uint32Array, weights: Float32Array, lo: number, hi: number): void {
  const idx = Array.from({ length: hi - lo }, (_, k) => lo + k).sort((a, b) => targets[a] - targets[b]);
  const t = idx.map((k) => targets[k]);
  const w = idx.map((k) => weights[k]);
  targets.set(t, lo);
  weights.set(w, lo);
}
