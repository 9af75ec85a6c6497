// Applies a graphDelta (protocol/graph-edits.ts) to the graph on screen without a new payload: removals by the
// shared swap-remove rule, then additions, then pins. Per-node arrays (positions, colours, labels, pins, names)
// move with their node, so what a person sees and has selected stays attached to the same node.
import { swapRemovals } from '../../../protocol/graph-edits.js';
import type { ServerMessage } from '../../../protocol/messages.js';
import { colorsFromDegrees, degreesOf } from '../../../protocol/palette.js';

export type GraphDeltaMessage = Extract<ServerMessage, { type: 'graphDelta' }>;

export interface DeltaGraph {
  nodeCount: number;
  /** Undirected pairs. */
  edges: Uint32Array;
  positions: Float32Array;
  colors: Float32Array;
  labels: Uint32Array | null;
  pinned: Uint8Array;
  ids: string[];
  names: Array<string | null>;
}

export interface DeltaResult {
  graph: DeltaGraph;
  /** Whether nodes or edges changed (else only pins, in place). */
  topologyChanged: boolean;
  /** New index of each old node, -1 where it was removed. */
  remap: Int32Array;
}

/** Colour of a node that arrived after the clustering: neutral until the next one labels it. */
const NEW_NODE_GREY = 0.6;

const pairKey = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);

export function applyDelta(g: DeltaGraph, d: GraphDeltaMessage): DeltaResult {
  const n0 = g.nodeCount;
  const topologyChanged = d.removeEdges.length > 0 || d.removeNodes.length > 0 || d.addNodes.ids.length > 0 || d.addEdges.length > 0;
  const remap = new Int32Array(n0);
  for (let i = 0; i < n0; i++) remap[i] = i;
  if (!topologyChanged) {
    applyPins(g, d);
    return { graph: g, topologyChanged, remap };
  }

  // Which old node sits in each slot after the swap-removals.
  const oldAt = Array.from({ length: n0 }, (_, i) => i);
  for (const { removed, moved } of swapRemovals(n0, d.removeNodes)) {
    remap[oldAt[removed]] = -1;
    if (moved !== removed) {
      oldAt[removed] = oldAt[moved];
      remap[oldAt[removed]] = removed;
    }
    oldAt.length = moved;
  }
  const kept = oldAt.length;
  const added = d.addNodes.ids.length;
  const n = kept + added;

  const positions = new Float32Array(3 * n);
  const colors = new Float32Array(3 * n);
  const labels = g.labels ? new Uint32Array(n) : null;
  const pinned = new Uint8Array(n);
  const ids: string[] = new Array(n);
  const names: Array<string | null> = new Array(n);
  for (let i = 0; i < kept; i++) {
    const o = oldAt[i];
    positions.set(g.positions.subarray(3 * o, 3 * o + 3), 3 * i);
    colors.set(g.colors.subarray(3 * o, 3 * o + 3), 3 * i);
    if (labels) labels[i] = g.labels![o];
    pinned[i] = g.pinned[o];
    ids[i] = g.ids[o];
    names[i] = g.names[o];
  }
  for (let k = 0; k < added; k++) {
    ids[kept + k] = d.addNodes.ids[k];
    names[kept + k] = d.addNodes.labels[k] ?? null;
    colors.fill(NEW_NODE_GREY, 3 * (kept + k), 3 * (kept + k) + 3);
  }

  // Edges: drop the removed pairs and those of removed nodes, renumber, then append the new ones.
  const gone = new Set<string>();
  for (let e = 0; e + 1 < d.removeEdges.length; e += 2) gone.add(pairKey(d.removeEdges[e], d.removeEdges[e + 1]));
  const out: number[] = [];
  for (let e = 0; e + 1 < g.edges.length; e += 2) {
    const a = g.edges[e], b = g.edges[e + 1];
    if (gone.has(pairKey(a, b)) || remap[a] < 0 || remap[b] < 0) continue;
    out.push(remap[a], remap[b]);
  }
  for (let e = 0; e + 1 < d.addEdges.length; e += 2) {
    if (d.addEdges[e] >= n || d.addEdges[e + 1] >= n) throw new RangeError(`graphDelta addEdges pair ${e / 2} names a node beyond ${n}`);
    out.push(d.addEdges[e], d.addEdges[e + 1]);
  }
  const edges = Uint32Array.from(out);

  // New nodes start where the source put them, else beside a neighbour (the next frame has the engine's place).
  for (let k = 0; k < added; k++) {
    const i = kept + k;
    const p = d.addPositions.slice(3 * k, 3 * k + 3);
    if (p.length === 3 && p.every((v) => v !== null && Number.isFinite(v))) positions.set(p as number[], 3 * i);
    else {
      const j = neighbourBefore(edges, i, kept);
      if (j >= 0) positions.set(positions.subarray(3 * j, 3 * j + 3), 3 * i);
    }
  }
  if (!labels) colorsFromDegrees(degreesOf(n, edges), colors);

  const graph: DeltaGraph = { nodeCount: n, edges, positions, colors, labels, pinned, ids, names };
  applyPins(graph, d);
  return { graph, topologyChanged, remap };
}

function applyPins(g: DeltaGraph, d: GraphDeltaMessage): void {
  for (const p of d.pins) {
    if (p.node >= g.nodeCount) throw new RangeError(`graphDelta pin names node ${p.node}; there are ${g.nodeCount}`);
    g.pinned[p.node] = p.pinned ? 1 : 0;
    if (p.position) g.positions.set(p.position, 3 * p.node);
  }
}

/** A neighbour of `node` that already has a place (index below `placed`), or -1. */
function neighbourBefore(edges: Uint32Array, node: number, placed: number): number {
  for (let e = 0; e + 1 < edges.length; e += 2) {
    if (edges[e] === node && edges[e + 1] < placed) return edges[e + 1];
    if (edges[e + 1] === node && edges[e] < placed) return edges[e];
  }
  return -1;
}
