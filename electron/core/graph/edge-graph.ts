// An edge array [u0, v0, u1, v1, ...] over nodes 0..n-1 as a LoadedGraph, so code that has only edges (tests,
// scripts/gpu-check.mjs) reaches the engine through the same toCsr (csr.ts) as a loaded file does.
import type { LoadedGraph } from './graph-types.js';

export interface EdgeGraphOptions {
  /** One weight per edge (finite, >= 0). */
  weights?: Float32Array;
  name?: string;
  directed?: boolean;
}

/** Node ids are the indices as strings. Throws naming the edge for an id out of range or a bad weight. */
export function edgeListGraph(edges: Uint32Array, nodeCount: number, options: EdgeGraphOptions = {}): LoadedGraph {
  if (!Number.isInteger(nodeCount) || nodeCount < 0) throw new Error(`nodeCount must be an integer >= 0, got ${nodeCount}`);
  if (edges.length % 2 !== 0) throw new Error(`edges must hold pairs of node ids, got an odd length ${edges.length}`);
  const m = edges.length / 2;
  const { weights, name = 'edges', directed = false } = options;
  if (weights && weights.length !== m) throw new Error(`weights must have one entry per edge (${m}), got ${weights.length}`);
  for (let e = 0; e < m; e++) {
    for (const v of [edges[2 * e], edges[2 * e + 1]])
      if (v >= nodeCount) throw new Error(`edge ${e}: node id ${v} is out of range (nodeCount ${nodeCount})`);
    if (weights && !(Number.isFinite(weights[e]) && weights[e] >= 0)) throw new Error(`edge ${e}: weight ${weights[e]} must be a finite number >= 0`);
  }
  const nodeIds = Array.from({ length: nodeCount }, (_, i) => String(i));
  return { name, source: `edges:${name}`, nodeIds, edges, ...(weights ? { weights } : {}), directed };
}
