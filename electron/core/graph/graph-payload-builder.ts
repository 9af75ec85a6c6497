// The topology the renderer draws: one line per distinct undirected pair (u < v), taken from the CSR.
import { encodeGraphPayload } from '../../../protocol/graph-payload.js';
import type { StoredGraph } from './graph-store.js';

export function buildGraphPayload(stored: StoredGraph): ArrayBuffer {
  const { offsets, targets, nodeCount } = stored.csr;
  const edges = new Uint32Array(targets.length); // upper bound: each pair appears twice in the CSR
  let k = 0;
  for (let i = 0; i < nodeCount; i++) {
    for (let p = offsets[i]; p < offsets[i + 1]; p++) {
      const j = targets[p];
      if (j > i) {
        edges[k++] = i;
        edges[k++] = j;
      }
    }
  }
  return encodeGraphPayload({ graphId: stored.graphId, nodeCount, edgeCount: k >> 1, edges: edges.subarray(0, k) });
}
