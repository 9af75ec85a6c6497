// A tiny reader for the real graphs in ../shared/data used by the native tests: cuGraph/SNAP edge lists
// ("src dst [weight]", ids remapped in order of appearance) and MatrixMarket coordinate files (optionally
// gzipped). Every undirected pair is kept once; self-loops are dropped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import { findPackageRoot } from '../../electron/core/engine/engine.js';
import type { CsrGraph } from '../../electron/core/engine/engine-api.js';
import { toCsr } from '../../electron/core/graph/csr.js';
import { edgeListGraph } from '../../electron/core/graph/edge-graph.js';

// FORCELAB_DATA_DIR: elsewhere, e.g. the graphs scripts/gpu-carry.sh packs for a GPU machine (.gpu/data).
export const dataDir = process.env.FORCELAB_DATA_DIR
  ? path.resolve(process.env.FORCELAB_DATA_DIR)
  : path.resolve(findPackageRoot(), '../shared/data');

export interface EdgeList {
  nodeCount: number;
  edges: Uint32Array; // pairs
}

export function readEdgeList(file: string): EdgeList {
  const full = path.join(dataDir, file);
  const bytes = readFileSync(full);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const lines = text.split(/\r?\n/);
  const pairs: number[] = [];
  const seen = new Set<string>();
  const add = (u: number, v: number) => {
    if (u === v) return;
    const key = u < v ? `${u} ${v}` : `${v} ${u}`;
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push(u, v);
  };
  if (file.includes('.mtx')) {
    let nodeCount = -1;
    for (const line of lines) {
      if (line.startsWith('%') || line.trim() === '') continue;
      const [a, b] = line.trim().split(/\s+/).map(Number);
      if (nodeCount < 0) {
        nodeCount = a;
        continue;
      }
      add(a - 1, b - 1);
    }
    return { nodeCount, edges: Uint32Array.from(pairs) };
  }
  const ids = new Map<string, number>();
  const id = (s: string) => {
    let v = ids.get(s);
    if (v === undefined) ids.set(s, (v = ids.size));
    return v;
  };
  for (const line of lines) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 2 || parts[0] === '') continue;
    add(id(parts[0]), id(parts[1]));
  }
  return { nodeCount: ids.size, edges: Uint32Array.from(pairs) };
}

export function readCsr(file: string): CsrGraph {
  const { nodeCount, edges } = readEdgeList(file);
  return toCsr(edgeListGraph(edges, nodeCount));
}
