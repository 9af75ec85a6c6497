import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameEncoding } from '../../../protocol/frame.js';
import { createFrameStore, currentNames, receiveFrame, receiveGraphDelta, setGraph, setNodeNames } from './frame-store.js';
import type { GraphDeltaMessage } from './graph-delta.js';

// A path a-b-c-d-e plus the pair (a, c); node i sits at (i, 10 i, 100 i).
const edges = new Uint32Array([0, 1, 1, 2, 2, 3, 3, 4, 0, 2]);
const ids = ['a', 'b', 'c', 'd', 'e'];

function store() {
  const s = createFrameStore();
  setGraph(s, { graphId: 3, nodeCount: 5, edgeCount: 5, edges });
  setNodeNames(s, 3, ids, ['A', null, 'C', null, 'E']);
  const p = new Float32Array(15);
  for (let i = 0; i < 5; i++) p.set([i, 10 * i, 100 * i], 3 * i);
  receiveFrame(s, encodeFrame({ seq: 1, positions: p, nodeCount: 5, encoding: FrameEncoding.Float32 }));
  return s;
}

const delta = (patch: Partial<GraphDeltaMessage>): GraphDeltaMessage => ({
  type: 'graphDelta', graphId: 3, version: 1, removeEdges: [], removeNodes: [], addNodes: { ids: [], labels: [] },
  addPositions: [], addEdges: [], addWeights: [], pins: [], ...patch,
});

const pairs = (e: Uint32Array) => Array.from({ length: e.length / 2 }, (_, k) => [e[2 * k], e[2 * k + 1]].sort().join('-')).sort();

describe('graph deltas in the renderer', () => {
  it('applies pins in place: the same arrays, the drop position written, versions bumped', () => {
    const s = store();
    const before = s.getState();
    receiveGraphDelta(s, delta({ pins: [{ node: 2, pinned: true, position: [7, 8, 9] }, { node: 4, pinned: true }] }));
    const after = s.getState();
    expect(after.topology).toBe(before.topology);
    expect(after.positions).toBe(before.positions);
    expect(Array.from(after.pinned)).toEqual([0, 0, 1, 0, 1]);
    expect(Array.from(after.positions.subarray(6, 9))).toEqual([7, 8, 9]);
    expect(after.pinsVersion).toBe(before.pinsVersion + 1);
    receiveGraphDelta(s, delta({ version: 2, pins: [{ node: 2, pinned: false }] }));
    expect(Array.from(s.getState().pinned)).toEqual([0, 0, 0, 0, 1]);
  });

  it('swap-removes nodes one after another, carrying positions, names, pins and edges with them', () => {
    const s = store();
    receiveGraphDelta(s, delta({ pins: [{ node: 4, pinned: true }] }));
    // Remove b (e moves into slot 1), then slot 0 (a; d, now last, moves into slot 0).
    const remap = receiveGraphDelta(s, delta({ version: 2, removeNodes: [1, 0] }))!;
    expect(Array.from(remap)).toEqual([-1, -1, 2, 0, 1]);
    const st = s.getState();
    expect(st.topology!.nodeCount).toBe(3);
    const names = currentNames(st)!;
    expect([0, 1, 2].map((i) => names.idOf(i))).toEqual(['d', 'e', 'c']);
    expect([0, 1, 2].map((i) => names.nameOf(i))).toEqual(['d', 'E', 'C']);
    expect(Array.from(st.positions)).toEqual([3, 30, 300, 4, 40, 400, 2, 20, 200]);
    expect(Array.from(st.pinned)).toEqual([0, 1, 0]); // e stays pinned in its new slot
    // a-b, b-c, a-c went with a and b; c-d and d-e remain, renumbered.
    expect(pairs(st.topology!.edges)).toEqual(['0-1', '0-2']);
    expect(st.topology!.edgeCount).toBe(2);
    expect(Array.from(st.topology!.degrees)).toEqual([2, 1, 1]);
  });

  it('removes edges, appends nodes and edges, places new nodes, and takes frames of the new size', () => {
    const s = store();
    const graphBefore = s.getState().topology;
    receiveGraphDelta(s, delta({
      removeEdges: [2, 0],
      addNodes: { ids: ['f', 'g'], labels: ['F', null] },
      addPositions: [1, 2, 3, null, null, null],
      addEdges: [5, 6, 6, 4],
      addWeights: [1, 1],
      pins: [{ node: 6, pinned: true }],
    }));
    const st = s.getState();
    expect(st.topology).not.toBe(graphBefore);
    expect(st.topology!.graphId).toBe(3);
    expect(st.topology!.nodeCount).toBe(7);
    expect(pairs(st.topology!.edges)).toEqual(['0-1', '1-2', '2-3', '3-4', '4-6', '5-6']);
    expect(Array.from(st.positions.subarray(15, 18))).toEqual([1, 2, 3]);
    expect(Array.from(st.positions.subarray(18, 21)), 'beside its placed neighbour e').toEqual([4, 40, 400]);
    expect(currentNames(st)!.nameOf(5)).toBe('F');
    expect(currentNames(st)!.search('g').matches.map((m) => m.node)).toEqual([6]);
    expect(Array.from(st.pinned)).toEqual([0, 0, 0, 0, 0, 0, 1]);
    // A frame of the old size is dropped; one of the new size lands in the new array.
    expect(receiveFrame(s, encodeFrame({ seq: 2, positions: new Float32Array(15), nodeCount: 5, encoding: FrameEncoding.Float32 })).kind).toBe('dropped');
    const seven = new Float32Array(21).fill(5);
    expect(receiveFrame(s, encodeFrame({ seq: 3, positions: seven, nodeCount: 7, encoding: FrameEncoding.Float32 })).kind).toBe('stored');
    expect(s.getState().positions[20]).toBe(5);
  });

  it('ignores a delta for another graph and refuses one naming a node that is not there', () => {
    const s = store();
    const before = s.getState();
    expect(receiveGraphDelta(s, delta({ graphId: 9, removeNodes: [0] }))).toBeNull();
    expect(s.getState()).toBe(before);
    expect(() => receiveGraphDelta(s, delta({ removeNodes: [5] }))).toThrow(/removeNodes\[0\] = 5 is not a node/);
  });
});
