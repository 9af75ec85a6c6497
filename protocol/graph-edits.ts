// Edits to the graph on screen, in two forms that every part shares:
//  - GraphCommand: what a person (the window) or a live source (MCP) asks for, naming nodes by their id as
//    the source wrote it. The GraphStore applies commands in order, in batches.
//  - GraphDelta: what one applied batch changed, in node indices, for the engine (native editGraph) and the
//    window (geometry in place). Both consumers apply it with the same rule (applyDeltaOrder below), so their
//    node indices stay the store's.
// Removal keeps the arrays dense: removing node i moves the last node into slot i (swap-remove), one removal
// at a time in the order listed. Layout edges are distinct undirected pairs without self-loops (as toCsr).
import { z } from 'zod';

const nodeId = z.string({ error: 'node id must be a string' }).min(1, { error: 'node id must not be empty' }).max(1024);
const finite = z.number().finite();
const position = z.tuple([finite, finite, finite]);
const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const attributes = z.record(z.string().max(256), attributeValue);

export const graphCommandSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('addNodes'),
    nodes: z.array(
      z.strictObject({
        id: nodeId,
        label: z.string().optional(),
        attributes: attributes.optional(),
        /** Where it starts; absent: the engine places it near its neighbours. */
        position: position.optional(),
      }),
    ),
  }),
  z.strictObject({ op: z.literal('removeNodes'), ids: z.array(nodeId) }),
  z.strictObject({
    op: z.literal('addEdges'),
    edges: z.array(
      z.strictObject({ source: nodeId, target: nodeId, weight: z.number().positive().finite().optional(), type: z.string().optional() }),
    ),
  }),
  /** Removes the edges between each pair (of `type` only, when given). */
  z.strictObject({
    op: z.literal('removeEdges'),
    edges: z.array(z.strictObject({ source: nodeId, target: nodeId, type: z.string().optional() })),
  }),
  z.strictObject({ op: z.literal('setAttributes'), id: nodeId, attributes }),
  /** Pins the node (where it is, or at `position`). */
  z.strictObject({ op: z.literal('pin'), id: nodeId, position: position.optional() }),
  z.strictObject({ op: z.literal('unpin'), id: nodeId }),
  /** A drag: moves the node there and pins it. */
  z.strictObject({ op: z.literal('move'), id: nodeId, position }),
  z.strictObject({ op: z.literal('unpinAll') }),
  z.strictObject({ op: z.literal('clear') }),
]);
export type GraphCommand = z.infer<typeof graphCommandSchema>;
export type GraphCommandOp = GraphCommand['op'];

/** What one applied batch changed. Apply in this order: removeEdges, removeNodes, addNodes, addEdges, pins. */
export interface GraphDelta {
  graphId: number;
  /** The store's version after this delta (one per applied batch). */
  version: number;
  /** Undirected pairs (a, b) in the indices before this delta; these layout edges are gone. */
  removeEdges: Uint32Array;
  /** Node indices, swap-removed one after another (each index is in the space left by the ones before);
   *  a removed node's layout edges go with it. */
  removeNodes: Uint32Array;
  /** Appended after the removals, in this order. */
  addNodes: { ids: string[]; labels: Array<string | null> };
  /** xyz per added node; NaN where the engine places the node near its neighbours. */
  addPositions: Float32Array;
  /** Undirected pairs in the indices after removals and additions; each is a new layout edge. */
  addEdges: Uint32Array;
  /** Weight per added pair (1 when the source has none). */
  addWeights: Float32Array;
  /** Pin changes, in the final indices; a position moves the node there. */
  pins: Array<{ node: number; pinned: boolean; position?: [number, number, number] }>;
}

/** Swap-remove as every consumer does it: returns, for each removal, which index moved into which slot. */
export function swapRemovals(nodeCount: number, removeNodes: ArrayLike<number>): Array<{ removed: number; moved: number }> {
  const out: Array<{ removed: number; moved: number }> = [];
  let n = nodeCount;
  for (let k = 0; k < removeNodes.length; k++) {
    const i = removeNodes[k];
    if (i >= n) throw new RangeError(`removeNodes[${k}] = ${i} is not a node (there are ${n})`);
    n--;
    out.push({ removed: i, moved: n }); // node n (the last) now lives at i; when i === n it simply goes
  }
  return out;
}
