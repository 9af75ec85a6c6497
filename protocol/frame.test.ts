import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FRAME_HEADER_BYTES, FrameEncoding, FrameError, frameByteLength } from './frame.js';
import { decodeGraphPayload, encodeGraphPayload, GraphPayloadError } from './graph-payload.js';

/** Deterministic positions spread over a box that is not centred on zero, so offsets matter. */
function positions(n: number): Float32Array {
  const p = new Float32Array(n * 3);
  let s = 12345;
  for (let i = 0; i < p.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    p[i] = (s / 2 ** 32) * [200, 50, 10][i % 3] - [30, -7, 3][i % 3];
  }
  return p;
}

describe('frame codec', () => {
  it('round-trips float32 positions exactly, with seq, count and labels', () => {
    const p = positions(1000);
    const labels = Uint32Array.from({ length: 1000 }, (_, i) => i % 7);
    const buf = encodeFrame({ seq: 42, positions: p, nodeCount: 1000, encoding: FrameEncoding.Float32, labels });
    expect(buf.byteLength).toBe(FRAME_HEADER_BYTES + 1000 * 12 + 1000 * 4);
    const f = decodeFrame(buf);
    expect(f.seq).toBe(42);
    expect(f.nodeCount).toBe(1000);
    expect(f.encoding).toBe(FrameEncoding.Float32);
    expect(Array.from(f.positions)).toEqual(Array.from(p));
    expect(Array.from(f.labels!)).toEqual(Array.from(labels));
  });

  it('round-trips uint16 positions within one quantisation step per axis, in half the bytes', () => {
    const n = 1001; // odd: exercises the 4-byte alignment padding
    const p = positions(n);
    const buf = encodeFrame({ seq: 7, positions: p, nodeCount: n, encoding: FrameEncoding.Uint16 });
    expect(buf.byteLength).toBe(frameByteLength(n, FrameEncoding.Uint16, false));
    expect(buf.byteLength).toBeLessThan(FRAME_HEADER_BYTES + n * 12 * 0.51 + 4);
    const f = decodeFrame(buf);
    expect(f.encoding).toBe(FrameEncoding.Uint16);
    let worst = 0;
    for (let i = 0; i < n * 3; i++) {
      const k = i % 3;
      const step = (f.bbox.max[k] - f.bbox.min[k]) / 65535;
      const err = Math.abs(f.positions[i] - p[i]);
      expect(err).toBeLessThanOrEqual(step * 0.5 + 1e-4 * step + 1e-6);
      worst = Math.max(worst, err / step);
    }
    expect(worst).toBeGreaterThan(0); // it really quantised
  });

  it('reuses the caller’s array when it is big enough', () => {
    const p = positions(10);
    const into = new Float32Array(64);
    const f = decodeFrame(encodeFrame({ seq: 1, positions: p, nodeCount: 10, encoding: FrameEncoding.Float32 }), into);
    expect(f.positions).toBe(into);
  });

  it('rejects a bad magic, a truncated frame and a wrong length, saying which', () => {
    const good = encodeFrame({ seq: 1, positions: positions(4), nodeCount: 4, encoding: FrameEncoding.Float32 });
    const badMagic = good.slice(0);
    new DataView(badMagic).setUint32(0, 0xdeadbeef, true);
    expect(() => decodeFrame(badMagic)).toThrow(FrameError);
    expect(() => decodeFrame(badMagic)).toThrow(/wrong magic/);
    expect(() => decodeFrame(good.slice(0, 20))).toThrow(/shorter than the 48-byte header/);
    expect(() => decodeFrame(good.slice(0, good.byteLength - 4))).toThrow(/length \d+ bytes, expected \d+ for 4 nodes/);
    const badCount = good.slice(0);
    new DataView(badCount).setUint32(12, 5, true);
    expect(() => decodeFrame(badCount)).toThrow(/expected .* for 5 nodes/);
    const badEncoding = good.slice(0);
    new DataView(badEncoding).setUint16(6, 9, true);
    expect(() => decodeFrame(badEncoding)).toThrow(/unknown encoding 9/);
  });

  for (const encoding of [FrameEncoding.Float32, FrameEncoding.Uint16]) {
    it(`a sparse ${FrameEncoding[encoding]} frame changes only the nodes it names, on top of the positions held, labels included`, () => {
      const n = 300;
      const before = positions(n);
      const held = decodeFrame(encodeFrame({ seq: 1, positions: before, nodeCount: n, encoding })).positions;
      const after = before.slice();
      const changed = Uint32Array.from([0, 7, 299]);
      for (const i of changed) after[3 * i] += 4;
      const labels = Uint32Array.from({ length: n }, (_, i) => i % 3);
      const buf = encodeFrame({ seq: 2, positions: after, nodeCount: n, encoding, changed, labels });
      expect(buf.byteLength).toBe(frameByteLength(n, encoding, true, 3));
      const untouched = held.slice();
      const f = decodeFrame(buf, held);
      expect(f.changed).toBe(3);
      expect(f.positions).toBe(held);
      expect(Array.from(f.labels!)).toEqual(Array.from(labels));
      const step = encoding === FrameEncoding.Uint16 ? 200 / 65535 : 0;
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < 3; k++) {
          const j = 3 * i + k;
          if (changed.includes(i)) expect(Math.abs(held[j] - after[j])).toBeLessThanOrEqual(step);
          else expect(held[j]).toBe(untouched[j]); // nodes it does not name keep exactly what the client held
        }
      }
    });
  }

  it('rejects a sparse frame without the positions it builds on, or naming a node out of range, or with a wrong count', () => {
    const n = 10;
    const p = positions(n);
    const buf = encodeFrame({ seq: 1, positions: p, nodeCount: n, encoding: FrameEncoding.Float32, changed: Uint32Array.from([2]) });
    expect(() => decodeFrame(buf)).toThrow(/needs the positions of the frames before it/);
    const bad = buf.slice(0);
    new DataView(bad).setUint32(FRAME_HEADER_BYTES + 4, 10, true);
    expect(() => decodeFrame(bad, new Float32Array(n * 3))).toThrow(/names node 10 of 10/);
    const over = buf.slice(0);
    new DataView(over).setUint32(FRAME_HEADER_BYTES, 11, true);
    expect(() => decodeFrame(over, new Float32Array(n * 3))).toThrow(FrameError);
    const held = new Float32Array(n * 3).fill(5);
    expect(() => decodeFrame(bad, held)).toThrow();
    expect(held.every((v) => v === 5)).toBe(true); // a bad index is found before anything is written
  });

  it('refuses to encode fewer positions than nodes', () => {
    expect(() => encodeFrame({ seq: 1, positions: new Float32Array(5), nodeCount: 2, encoding: FrameEncoding.Float32 })).toThrow(/need 6/);
  });
});

describe('graph payload codec', () => {
  it('round-trips edges and rejects an edge naming a node that does not exist', () => {
    const edges = Uint32Array.from([0, 1, 1, 2, 2, 0]);
    const p = decodeGraphPayload(encodeGraphPayload({ graphId: 3, nodeCount: 3, edgeCount: 3, edges }));
    expect(p.graphId).toBe(3);
    expect(Array.from(p.edges)).toEqual([0, 1, 1, 2, 2, 0]);
    const bad = encodeGraphPayload({ graphId: 3, nodeCount: 3, edgeCount: 1, edges: Uint32Array.from([0, 3]) });
    expect(() => decodeGraphPayload(bad)).toThrow(GraphPayloadError);
    expect(() => decodeGraphPayload(bad)).toThrow(/names node 3, but there are 3 nodes/);
  });
});
