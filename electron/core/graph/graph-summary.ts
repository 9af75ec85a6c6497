// What a graph is, as the file says it: counted once after import for `forcelab info` and the window.
// Duplicates are repeated (source, target) records (unordered pairs in an undirected graph); isolated nodes
// touch no edge; components are weakly connected (union-find, near-linear).
import type { LoadedGraph } from './graph-types.js';

export interface GraphSummary {
  nodes: number;
  /** Edge records as read (duplicates and self-loops included). */
  edges: number;
  directed: boolean;
  selfLoops: number;
  duplicateEdges: number;
  isolated: number;
  components: number;
}

export function summariseGraph(g: LoadedGraph): GraphSummary {
  const n = g.nodeIds.length;
  const m = g.edges.length >> 1;
  const e = g.edges;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const touched = new Uint8Array(n);
  const seen = new Set<number>();
  let selfLoops = 0, duplicateEdges = 0;
  for (let k = 0; k < m; k++) {
    const s = e[2 * k], t = e[2 * k + 1];
    touched[s] = touched[t] = 1;
    if (s === t) selfLoops++;
    const key = g.directed || s < t ? s * n + t : t * n + s;
    if (seen.has(key)) duplicateEdges++;
    else seen.add(key);
    const a = find(s), b = find(t);
    if (a !== b) parent[a] = b;
  }
  let isolated = 0, components = 0;
  for (let i = 0; i < n; i++) {
    if (!touched[i]) isolated++;
    if (find(i) === i) components++;
  }
  return { nodes: n, edges: m, directed: g.directed, selfLoops, duplicateEdges, isolated, components };
}
