// Applies a graphDelta (protocol/graph-edits.ts) to the graph on screen without a new payload: removals by the
// shared swap-remove rule, then additions, then pins. Per-node arrays (positions, colours, labels, pins, names)
// move with their node, so what a person sees and has selected stays attached to the same node.
//
// In place: the per-node arrays and the edge buffer have room beyond the graph (capacity), and a delta is
// written into them where it fits, so the GPU buffers that wrap them stay (graph-objects.ts draws the first
// nodeCount nodes and edgeCount edges). Only a delta that outgrows them allocates, with room to spare (x1.5),
// so a live source adding nodes one batch at a time reallocates O(log n) times, not per batch.
import { swapRemovals } from '../../../protocol/graph-edits.js';
import type { ServerMessage } from '../../../protocol/messages.js';
import { colorsFromDegrees, degreesOf } from '../../../protocol/palette.js';

export type GraphDeltaMessage = Extract<ServerMessage, { type: 'graphDelta' }>;

export interface DeltaGraph {
  nodeCount: number;
  edgeCount: number;
  /** Undirected pairs in [0, 2 * edgeCount); longer when it has room. */
  edges: Uint32Array;
  /** xyz / rgb per node, label and pin flag per node: at least nodeCount entries each. */
  positions: Float32Array;
  colors: Float32Array;
  labels: Uint32Array | null;
  pinned: Uint8Array;
  ids: string[];
  names: Array<string | null>;
}

export interface DeltaResult {
  graph: DeltaGraph;
  /** Whether nodes or edges changed (else only pins). */
  topologyChanged: boolean;
  /** Whether some array had to grow (its identity changed: GPU buffers must be made again). */
  reallocated: boolean;
  /** New index of each old node, -1 where it was removed. */
  remap: Int32Array;
}

/** Colour of a node that arrived after the clustering: neutral until the next one labels it. */
const NEW_NODE_GREY = 0.6;
const GROWTH = 1.5;

/** Node capacity of the per-node arrays. */
export const nodeCapacity = (g: Pick<DeltaGraph, 'positions' | 'colors' | 'pinned' | 'labels'>): number =>
  Math.min(g.positions.length / 3, g.colors.length / 3, g.pinned.length, g.labels ? g.labels.length : Infinity);

export function applyDelta(g: DeltaGraph, d: GraphDeltaMessage): DeltaResult {
  const n0 = g.nodeCount;
  const topologyChanged = d.removeEdges.length > 0 || d.removeNodes.length > 0 || d.addNodes.ids.length > 0 || d.addEdges.length > 0;
  const remap = new Int32Array(n0);
  for (let i = 0; i < n0; i++) remap[i] = i;
  if (!topologyChanged) {
    applyPins(g, d);
    return { graph: g, topologyChanged, reallocated: false, remap };
  }

  // Everything that can be refused is checked before anything is written: a bad delta leaves the graph as it was.
  const swaps = swapRemovals(n0, d.removeNodes);
  const added = d.addNodes.ids.length;
  const n = n0 - swaps.length + added;
  const addedPairs = d.addEdges.length >> 1;
  for (let e = 0; e < addedPairs; e++) {
    if (d.addEdges[2 * e] >= n || d.addEdges[2 * e + 1] >= n) throw new RangeError(`graphDelta addEdges pair ${e} names a node beyond ${n}`);
  }
  checkPins(n, d);

  // Swap-removals in place: slot `removed` takes the node in slot `moved` (the last), as the store did.
  const { positions, colors, labels, pinned, ids, names } = g;
  const oldAt = Array.from({ length: n0 }, (_, i) => i);
  for (const { removed, moved } of swaps) {
    remap[oldAt[removed]] = -1;
    if (moved !== removed) {
      oldAt[removed] = oldAt[moved];
      remap[oldAt[removed]] = removed;
      positions.copyWithin(3 * removed, 3 * moved, 3 * moved + 3);
      colors.copyWithin(3 * removed, 3 * moved, 3 * moved + 3);
      if (labels) labels[removed] = labels[moved];
      pinned[removed] = pinned[moved];
      ids[removed] = ids[moved];
      names[removed] = names[moved];
    }
    oldAt.length = moved;
  }
  const kept = oldAt.length;
  ids.length = kept;
  names.length = kept;

  // Edges: drop the removed pairs and those of removed nodes, renumbered, compacted in place.
  let edges = g.edges;
  const gone = new Set<number>();
  const key = (a: number, b: number) => (a < b ? a * n0 + b : b * n0 + a);
  for (let e = 0; e + 1 < d.removeEdges.length; e += 2) gone.add(key(d.removeEdges[e], d.removeEdges[e + 1]));
  let m = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    const a = edges[2 * e], b = edges[2 * e + 1];
    if (remap[a] < 0 || remap[b] < 0 || (gone.size && gone.has(key(a, b)))) continue;
    edges[2 * m] = remap[a];
    edges[2 * m + 1] = remap[b];
    m++;
  }
  let reallocated = false;
  if (2 * (m + addedPairs) > edges.length) {
    const grown = new Uint32Array(Math.ceil(2 * (m + addedPairs) * GROWTH));
    grown.set(edges.subarray(0, 2 * m));
    edges = grown;
    reallocated = true;
  }
  edges.set(d.addEdges, 2 * m);
  m += addedPairs;

  // Nodes: grow the per-node arrays when the additions do not fit.
  let graph: DeltaGraph = { nodeCount: n, edgeCount: m, edges, positions, colors, labels, pinned, ids, names };
  if (n > nodeCapacity(graph)) {
    const cap = Math.ceil(n * GROWTH);
    const grow = <T extends Float32Array | Uint32Array | Uint8Array>(a: T, per: number, make: (len: number) => T): T => {
      const out = make(cap * per);
      out.set(a.subarray(0, kept * per));
      return out;
    };
    graph = {
      ...graph,
      positions: grow(positions, 3, (l) => new Float32Array(l)),
      colors: grow(colors, 3, (l) => new Float32Array(l)),
      labels: labels ? grow(labels, 1, (l) => new Uint32Array(l)) : null,
      pinned: grow(pinned, 1, (l) => new Uint8Array(l)),
    };
    reallocated = true;
  }
  graph.pinned.fill(0, kept, n);
  if (graph.labels) graph.labels.fill(0, kept, n);
  for (let k = 0; k < added; k++) {
    ids.push(d.addNodes.ids[k]);
    names.push(d.addNodes.labels[k] ?? null);
    graph.colors.fill(NEW_NODE_GREY, 3 * (kept + k), 3 * (kept + k) + 3);
  }

  // New nodes start where the source put them, else beside a neighbour that has a place (the next frame has the
  // engine's place). A new node's edges are all new, so only the added pairs are searched.
  const placedNeighbour = new Int32Array(added).fill(-1);
  for (let e = 0; e < addedPairs; e++) {
    const a = d.addEdges[2 * e], b = d.addEdges[2 * e + 1];
    if (a >= kept && b < kept && placedNeighbour[a - kept] < 0) placedNeighbour[a - kept] = b;
    if (b >= kept && a < kept && placedNeighbour[b - kept] < 0) placedNeighbour[b - kept] = a;
  }
  for (let k = 0; k < added; k++) {
    const i = kept + k;
    const p = d.addPositions.slice(3 * k, 3 * k + 3);
    if (p.length === 3 && p.every((v) => v !== null && Number.isFinite(v))) graph.positions.set(p as number[], 3 * i);
    else if (placedNeighbour[k] >= 0) graph.positions.copyWithin(3 * i, 3 * placedNeighbour[k], 3 * placedNeighbour[k] + 3);
    else graph.positions.fill(0, 3 * i, 3 * i + 3);
  }
  if (!graph.labels) colorsFromDegrees(degreesOf(n, graph.edges.subarray(0, 2 * m)), graph.colors);

  applyPins(graph, d);
  return { graph, topologyChanged, reallocated, remap };
}

function checkPins(nodeCount: number, d: GraphDeltaMessage): void {
  for (const p of d.pins) if (p.node >= nodeCount) throw new RangeError(`graphDelta pin names node ${p.node}; there are ${nodeCount}`);
}

function applyPins(g: DeltaGraph, d: GraphDeltaMessage): void {
  checkPins(g.nodeCount, d);
  for (const p of d.pins) {
    g.pinned[p.node] = p.pinned ? 1 : 0;
    if (p.position) g.positions.set(p.position, 3 * p.node);
  }
}
