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
    expect(Array.from(st.positions.subarray(0, 9))).toEqual([3, 30, 300, 4, 40, 400, 2, 20, 200]);
    expect(Array.from(st.pinned.subarray(0, 3))).toEqual([0, 1, 0]); // e stays pinned in its new slot
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
    expect(Array.from(st.pinned.subarray(0, 7))).toEqual([0, 0, 0, 0, 0, 0, 1]);
    // A frame of the old size is dropped; one of the new size lands in the new array.
    expect(receiveFrame(s, encodeFrame({ seq: 2, positions: new Float32Array(15), nodeCount: 5, encoding: FrameEncoding.Float32 })).kind).toBe('dropped');
    const seven = new Float32Array(21).fill(5);
    expect(receiveFrame(s, encodeFrame({ seq: 3, positions: seven, nodeCount: 7, encoding: FrameEncoding.Float32 })).kind).toBe('stored');
    expect(s.getState().positions[20]).toBe(5);
  });

  it('ignores a delta for another graph and refuses one naming a node that is not there, changing nothing', () => {
    const s = store();
    const before = s.getState();
    expect(receiveGraphDelta(s, delta({ graphId: 9, removeNodes: [0] }))).toBeNull();
    expect(s.getState()).toBe(before);
    expect(() => receiveGraphDelta(s, delta({ removeNodes: [5] }))).toThrow(/removeNodes\[0\] = 5 is not a node/);
    // Refused before anything is written, though the arrays are edited in place.
    const positions = Array.from(before.positions);
    const edgesBefore = Array.from(before.edgeBuffer);
    expect(() => receiveGraphDelta(s, delta({ removeNodes: [0], addEdges: [0, 9] }))).toThrow(/names a node beyond 4/);
    expect(() => receiveGraphDelta(s, delta({ removeNodes: [1], pins: [{ node: 4, pinned: true }] }))).toThrow(/pin names node 4/);
    expect(s.getState()).toBe(before);
    expect(Array.from(s.getState().positions)).toEqual(positions);
    expect(Array.from(s.getState().edgeBuffer)).toEqual(edgesBefore);
  });

  it('edits in place: removals and additions that fit keep the same buffers; one that outgrows them makes room to spare', () => {
    const s = store();
    const first = s.getState();
    receiveGraphDelta(s, delta({ removeNodes: [4], removeEdges: [0, 2] }));
    let st = s.getState();
    expect(st.positions).toBe(first.positions);
    expect(st.edgeBuffer).toBe(first.edgeBuffer);
    expect(st.buffersVersion).toBe(first.buffersVersion);
    expect(st.topologyVersion).toBe(first.topologyVersion + 1);
    expect(st.topology!.edges.buffer).toBe(first.edgeBuffer.buffer); // a view, not a copy
    // Back to 5 nodes and 4 edges: fits where the removed ones were.
    receiveGraphDelta(s, delta({ version: 2, addNodes: { ids: ['x'], labels: [null] }, addEdges: [4, 3] }));
    st = s.getState();
    expect(st.positions).toBe(first.positions);
    expect(st.buffersVersion).toBe(first.buffersVersion);
    expect(Array.from(st.positions.subarray(12, 15)), 'x beside d').toEqual([3, 30, 300]);
    // Two more nodes do not fit: the arrays grow once, by half again, and the next small addition fits.
    receiveGraphDelta(s, delta({ version: 3, addNodes: { ids: ['y', 'z'], labels: [null, null] }, addEdges: [5, 6, 6, 0] }));
    st = s.getState();
    expect(st.buffersVersion).toBe(first.buffersVersion + 1);
    expect(st.positions.length).toBeGreaterThanOrEqual(3 * Math.ceil(7 * 1.5));
    expect(Array.from(st.positions.subarray(0, 15)), 'the old nodes came along').toEqual([0, 0, 0, 1, 10, 100, 2, 20, 200, 3, 30, 300, 3, 30, 300]);
    const grown = st.positions;
    receiveGraphDelta(s, delta({ version: 4, addNodes: { ids: ['w'], labels: [null] }, addEdges: [7, 1] }));
    expect(s.getState().positions).toBe(grown);
    expect(s.getState().topology!.nodeCount).toBe(8);
    expect(pairs(s.getState().topology!.edges)).toEqual(['0-1', '0-6', '1-2', '1-7', '2-3', '3-4', '5-6'].sort());
  });
});
