import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameEncoding } from '../../../protocol/frame.js';
import { markApplied, receiveFrame, createFrameStore, samplePositions, setGraph, requestFit } from './frame-store.js';

const edges = new Uint32Array([0, 1, 1, 2, 2, 0, 2, 3]);
const graph = { graphId: 7, nodeCount: 4, edgeCount: 4, edges };
const positions = (offset: number) => new Float32Array(Array.from({ length: 12 }, (_, i) => i + offset));

describe('frame store', () => {
  it('allocates arrays once per graph and decodes every frame into the same position array', () => {
    const store = createFrameStore();
    setGraph(store, graph);
    const array = store.getState().positions;
    expect(array.length).toBe(12);
    expect(store.getState().topology?.degrees).toEqual(new Uint32Array([2, 2, 3, 1]));

    expect(receiveFrame(store, encodeFrame({ seq: 1, positions: positions(0), nodeCount: 4, encoding: FrameEncoding.Float32 }))).toEqual({ kind: 'stored' });
    receiveFrame(store, encodeFrame({ seq: 2, positions: positions(100), nodeCount: 4, encoding: FrameEncoding.Float32 }));
    const s = store.getState();
    expect(s.positions).toBe(array);
    expect(Array.from(s.positions)).toEqual(Array.from(positions(100)));
    expect(s.lastReceivedSeq).toBe(2);
    expect(s.bbox?.max).toEqual([109, 110, 111]);
  });

  it('acks every decoded frame once the render loop has drawn the newest', () => {
    const store = createFrameStore();
    setGraph(store, graph);
    receiveFrame(store, encodeFrame({ seq: 5, positions: positions(0), nodeCount: 4, encoding: FrameEncoding.Uint16 }));
    receiveFrame(store, encodeFrame({ seq: 6, positions: positions(1), nodeCount: 4, encoding: FrameEncoding.Uint16 }));
    expect(markApplied(store)).toEqual([5, 6]);
    expect(markApplied(store)).toEqual([]);
    expect(store.getState().framesApplied).toBe(2);
    expect(store.getState().lastAppliedSeq).toBe(6);
  });

  it('drops frames that do not match the graph on screen without touching its positions', () => {
    const store = createFrameStore();
    const early = receiveFrame(store, encodeFrame({ seq: 1, positions: positions(0), nodeCount: 4, encoding: FrameEncoding.Float32 }));
    expect(early).toEqual({ kind: 'dropped', seq: 1, reason: 'no graph yet' });
    setGraph(store, graph);
    receiveFrame(store, encodeFrame({ seq: 2, positions: positions(3), nodeCount: 4, encoding: FrameEncoding.Float32 }));
    const wrong = receiveFrame(store, encodeFrame({ seq: 3, positions: new Float32Array(6), nodeCount: 2, encoding: FrameEncoding.Float32 }));
    expect(wrong).toEqual({ kind: 'dropped', seq: 3, reason: 'frame has 2 nodes, graph has 4' });
    expect(Array.from(store.getState().positions)).toEqual(Array.from(positions(3)));
    expect(store.getState().framesDropped).toBe(2);
  });

  it('applies a sparse frame on top of the positions held, and drops one that arrives before any full frame', () => {
    const store = createFrameStore();
    setGraph(store, graph);
    const moved = positions(3);
    moved[3] = -50; // node 1 moved
    const sparse = (seq: number) => encodeFrame({ seq, positions: moved, nodeCount: 4, encoding: FrameEncoding.Float32, changed: Uint32Array.from([1]) });
    expect(receiveFrame(store, sparse(1))).toEqual({ kind: 'dropped', seq: 1, reason: 'sparse frame before a full one' });
    expect(store.getState().hasFrame).toBe(false);
    receiveFrame(store, encodeFrame({ seq: 2, positions: positions(0), nodeCount: 4, encoding: FrameEncoding.Float32 }));
    expect(receiveFrame(store, sparse(3))).toEqual({ kind: 'stored' });
    const expected = Array.from(positions(0));
    expected.splice(3, 3, -50, moved[4], moved[5]); // only node 1 took the new positions
    expect(Array.from(store.getState().positions)).toEqual(expected);
  });

  it('recolours nodes by cluster label when labels arrive', () => {
    const store = createFrameStore();
    setGraph(store, graph);
    const byDegree = Float32Array.from(store.getState().colors);
    const version = store.getState().colorsVersion;
    receiveFrame(store, encodeFrame({ seq: 1, positions: positions(0), nodeCount: 4, encoding: FrameEncoding.Float32, labels: new Uint32Array([0, 0, 1, 1]) }));
    const c = store.getState().colors;
    expect(store.getState().colorsVersion).toBe(version + 1);
    expect(Array.from(c.subarray(0, 3))).toEqual(Array.from(c.subarray(3, 6))); // same label, same colour
    expect(Array.from(c.subarray(0, 3))).not.toEqual(Array.from(c.subarray(6, 9)));
    expect(Array.from(c)).not.toEqual(Array.from(byDegree));
  });

  it('samples positions evenly and asks for a fit on a new graph or on request', () => {
    const store = createFrameStore();
    expect(samplePositions(store.getState(), 2)).toEqual([]);
    setGraph(store, graph);
    expect(store.getState().fitRequest).toBe(1);
    receiveFrame(store, encodeFrame({ seq: 1, positions: positions(0), nodeCount: 4, encoding: FrameEncoding.Float32 }));
    expect(samplePositions(store.getState(), 2)).toEqual([[0, 1, 2], [6, 7, 8]]);
    requestFit(store);
    expect(store.getState().fitRequest).toBe(2);
  });

  it('rejects a malformed frame with an error naming the problem', () => {
    const store = createFrameStore();
    setGraph(store, graph);
    const frame = encodeFrame({ seq: 1, positions: positions(0), nodeCount: 4, encoding: FrameEncoding.Float32 });
    expect(() => receiveFrame(store, frame.slice(0, frame.byteLength - 4))).toThrow(/length .* expected/);
  });
});
