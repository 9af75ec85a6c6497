import { describe, expect, it } from 'vitest';
import { decodeFrame, FrameEncoding } from '../../../protocol/frame.js';
import { FrameStreamer, KEYFRAME_INTERVAL, MAX_IN_FLIGHT, SLICE_NODES } from './frame-streamer.js';

function sink() {
  const sent: ArrayBuffer[] = [];
  return { sent, sendBinary: (d: ArrayBuffer) => void sent.push(d) };
}
const frameOf = (v: number, n = 3) => new Float32Array(n * 3).fill(v);

describe('FrameStreamer', () => {
  it('never has more than two frames in flight without acks, however many positions arrive', () => {
    const s = sink();
    const st = new FrameStreamer(s, false);
    for (let i = 0; i < 100; i++) {
      st.push(frameOf(i), 3);
      expect(st.framesInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    }
    expect(s.sent.length).toBe(MAX_IN_FLIGHT);
    expect(st.stats().framesDropped).toBe(100 - MAX_IN_FLIGHT - 1); // the last one is still pending
  });

  it('sends the newest positions when an ack frees the window, dropping stale ones', () => {
    const s = sink();
    const st = new FrameStreamer(s, false);
    st.push(frameOf(1), 3);
    st.push(frameOf(2), 3);
    st.push(frameOf(3), 3); // pending
    st.push(frameOf(4), 3); // replaces 3
    expect(s.sent.map((b) => decodeFrame(b).positions[0])).toEqual([1, 2]);
    const first = decodeFrame(s.sent[0]).seq;
    expect(st.ack(first)).toBe(true);
    expect(s.sent.length).toBe(3);
    const third = decodeFrame(s.sent[2]);
    expect(third.positions[0]).toBe(4);
    expect(third.seq).toBe(first + 2);
    // Nothing pending now: a further ack frees the window without sending anything.
    st.ack(third.seq);
    expect(st.framesInFlight).toBe(0);
    expect(s.sent.length).toBe(3);
  });

  it('sends the newest data written into a reused array', () => {
    const s = sink();
    const st = new FrameStreamer(s, false);
    const buf = frameOf(0);
    st.push(buf, 3);
    st.push(buf, 3);
    buf.fill(7);
    st.push(buf, 3);
    buf.fill(9); // the engine loop writes the next positions into the same array
    st.ack(decodeFrame(s.sent[1]).seq); // acks both in-flight frames (older ones included)
    expect(st.framesInFlight).toBe(1);
    expect(decodeFrame(s.sent[2]).positions[0]).toBe(9);
  });

  it('an ack covers older frames; acks of frames from before a reset are ignored', () => {
    const s = sink();
    const st = new FrameStreamer(s, false);
    st.push(frameOf(1), 3);
    expect(st.ack(999_999 + 1)).toBe(true); // an ack of a newer seq implies the older ones were drawn
    st.push(frameOf(2), 3);
    const seq = decodeFrame(s.sent[1]).seq;
    st.reset();
    expect(st.framesInFlight).toBe(0);
    expect(st.ack(seq)).toBe(false);
  });

  it('encodes uint16 when quantisation is on and float32 when off, with the bytes per frame figure', () => {
    const s = sink();
    const st = new FrameStreamer(s, true);
    const n = 1000;
    st.push(frameOf(1, n).map((_, i) => i), n);
    const q = decodeFrame(s.sent[0]);
    expect(q.encoding).toBe(FrameEncoding.Uint16);
    const quantisedBytes = st.stats().bytesPerFrame;
    st.setQuantisation(false);
    st.push(frameOf(1, n), n);
    expect(decodeFrame(s.sent[1]).encoding).toBe(FrameEncoding.Float32);
    expect(st.stats().bytesPerFrame).toBe(48 + n * 12);
    expect(quantisedBytes).toBe(48 + n * 6);
  });

  it('attaches cluster labels to exactly one frame, even across dropped frames', () => {
    const s = sink();
    const st = new FrameStreamer(s, false);
    st.push(frameOf(1), 3);
    st.push(frameOf(2), 3);
    st.setLabels(Uint32Array.from([0, 1, 1]));
    st.push(frameOf(3), 3);
    st.push(frameOf(4), 3); // 3 dropped, labels stay queued
    st.ack(decodeFrame(s.sent[1]).seq);
    st.push(frameOf(5), 3);
    const frames = s.sent.map((b) => decodeFrame(b));
    expect(frames.filter((f) => f.labels).length).toBe(1);
    expect(Array.from(frames[2].labels!)).toEqual([0, 1, 1]);
  });

  it('sends nothing while disabled and resumes with the newest positions', () => {
    const s = sink();
    const st = new FrameStreamer(s, false);
    st.setEnabled(false);
    st.push(frameOf(1), 3);
    st.push(frameOf(2), 3);
    expect(s.sent.length).toBe(0);
    st.setEnabled(true);
    expect(s.sent.map((b) => decodeFrame(b).positions[0])).toEqual([2]);
  });
});

describe('FrameStreamer on a congested transport', () => {
  /** A sink with the backpressure surface of ServerTransportBase: a congested flag and drain handlers. */
  function congestibleSink() {
    const sent: ArrayBuffer[] = [];
    const drains = new Set<() => void>();
    return {
      sent,
      congested: false,
      sendBinary: (d: ArrayBuffer) => void sent.push(d),
      onDrain: (h: () => void) => (drains.add(h), () => drains.delete(h)),
      drain() {
        this.congested = false;
        for (const h of drains) h();
      },
    };
  }

  it('skips frames while congested, keeping only the newest positions, and sends them on drain', () => {
    const s = congestibleSink();
    const st = new FrameStreamer(s, false);
    s.congested = true;
    for (let i = 1; i <= 10; i++) st.push(frameOf(i), 3);
    expect(s.sent.length).toBe(0);
    expect(st.stats().framesDeferred).toBe(10);
    expect(st.stats().framesDropped).toBe(9);
    s.drain();
    expect(s.sent.map((b) => decodeFrame(b).positions[0])).toEqual([10]);
    st.push(frameOf(11), 3);
    expect(s.sent.length).toBe(2);
  });
});

describe('FrameStreamer, sparse frames', () => {
  // A client as the renderer is one: it decodes every frame into the positions it holds, and acks it.
  function client(st: FrameStreamer, s: { sent: ArrayBuffer[] }) {
    let held = new Float32Array(0);
    let seen = 0;
    return {
      take(): ReturnType<typeof decodeFrame>[] {
        const out = s.sent.slice(seen).map((b) => {
          const n = new DataView(b).getUint32(12, true);
          if (held.length !== n * 3) held = new Float32Array(n * 3);
          const f = decodeFrame(b, held);
          st.ack(f.seq);
          return f;
        });
        seen = s.sent.length;
        return out;
      },
      get held() {
        return held;
      },
    };
  }
  function layout(n: number, seed = 1): Float32Array {
    let x = seed;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) * 200 - 100;
    return Float32Array.from({ length: n * 3 }, rnd);
  }

  for (const quantised of [true, false]) {
    it(`${quantised ? 'uint16' : 'float32'}: a still layout sends nothing, a local move sends only the nodes that moved, and the client holds every position within a quantum`, () => {
      const n = 2000;
      const s = sink();
      const st = new FrameStreamer(s, quantised, true);
      const c = client(st, s);
      const p = layout(n);
      st.push(p, n);
      const [key] = c.take();
      expect(key.changed).toBeUndefined(); // the first frame carries every node
      for (let i = 0; i < 5; i++) st.push(p, n); // settled: the same positions again
      expect(c.take()).toEqual([]);
      expect(st.stats().framesStill).toBe(5);
      // Twenty nodes move, one of them by less than a quantum (it must not be sent).
      const quantum = 200 / 65535;
      for (let i = 100; i < 120; i++) p[3 * i] += 3;
      p[3 * 500 + 1] += quantum / 4;
      st.push(p, n);
      const [sparse] = c.take();
      expect(sparse.changed).toBe(20);
      expect(s.sent.at(-1)!.byteLength).toBeLessThan(s.sent[0].byteLength / 20);
      expect(st.stats().nodesPerFrame).toBe(20);
      for (let i = 0; i < n * 3; i++) expect(Math.abs(c.held[i] - p[i])).toBeLessThanOrEqual(quantum * 1.01);
      // Sub-quantum drift adds up: once a node is a quantum away from what the client holds, it is sent.
      const drift = [];
      for (let k = 0; k < 8; k++) {
        p[3 * 700 + 2] += quantum / 3;
        st.push(p, n);
        drift.push(...c.take());
      }
      expect(drift.length).toBeGreaterThan(0);
      expect(drift.every((f) => f.changed === 1)).toBe(true);
      expect(Math.abs(c.held[3 * 700 + 2] - p[3 * 700 + 2])).toBeLessThanOrEqual(quantum * 1.01);
    });
  }

  it('a layout that moves everywhere gets full frames, and a keyframe follows a graph change, an encoding change and the interval', () => {
    const n = 500;
    const s = sink();
    const st = new FrameStreamer(s, true, true);
    const c = client(st, s);
    const p = layout(n);
    st.push(p, n);
    for (let i = 0; i < n * 3; i++) p[i] += 1;
    st.push(p, n);
    expect(c.take().map((f) => f.changed)).toEqual([undefined, undefined]); // sparse would not be smaller
    p[0] += 5;
    st.push(p, n);
    expect(c.take()[0].changed).toBe(1);
    st.keyframe(); // e.g. a graph delta moved indices: what the client holds is not comparable any more
    p[0] += 5;
    st.push(p, n);
    expect(c.take()[0].changed).toBeUndefined();
    st.setQuantisation(false);
    p[0] += 5;
    st.push(p, n);
    expect(c.take()[0].changed).toBeUndefined();
    const frames = [];
    for (let k = 0; k < KEYFRAME_INTERVAL + 1; k++) {
      p[3] += 5;
      st.push(p, n);
      frames.push(...c.take());
    }
    expect(frames.filter((f) => f.changed === undefined)).toHaveLength(1); // one keyframe per interval
    for (let i = 0; i < n * 3; i++) expect(c.held[i]).toBe(p[i]); // float32 now: exact
  });

  it('off, every frame carries every node even when nothing moved', () => {
    const s = sink();
    const st = new FrameStreamer(s, true, false);
    const c = client(st, s);
    const p = layout(100);
    for (let k = 0; k < 3; k++) {
      st.push(p, 100);
      c.take();
    }
    expect(s.sent).toHaveLength(3);
    expect(st.stats().framesStill).toBe(0);
  });
});

describe('FrameStreamer, frames bigger than a slice', () => {
  const turn = () => new Promise<void>((r) => setImmediate(r));
  async function until(cond: () => boolean, turns = 200): Promise<void> {
    for (let i = 0; i < turns && !cond(); i++) await turn();
    if (!cond()) throw new Error(`not within ${turns} turns`);
  }
  const n = 3 * SLICE_NODES + 123;
  const random = (seed: number) => {
    let x = seed;
    return Float32Array.from({ length: n * 3 }, () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) * 200 - 100);
  };

  it('is written across turns from a copy: the caller may overwrite its array at once, newer positions wait', async () => {
    const s = sink();
    const st = new FrameStreamer(s, true, false);
    const p = random(1);
    const expected = p.slice();
    st.push(p, n);
    expect(s.sent).toHaveLength(0); // not in this turn: the loop gets to run between slices
    p.fill(7); // the layout loop reuses its buffer for the next positions
    st.push(p, n); // pending while the first is written
    await until(() => s.sent.length === 1);
    const first = decodeFrame(s.sent[0]!);
    const step = 200 / 65535;
    for (let i = 0; i < n * 3; i += 997) expect(Math.abs(first.positions[i]! - expected[i]!)).toBeLessThanOrEqual(step);
    // The second goes once the first is written (two may be in flight).
    await until(() => s.sent.length === 2);
    expect(decodeFrame(s.sent[1]!).positions[5]).toBeCloseTo(7, 5);
    expect(st.stats()).toMatchObject({ framesSent: 2, framesInFlight: 2 });
  });

  it('sparse: sends only the moved nodes of a big graph; a keyframe asked for while a frame is written drops it', async () => {
    const s = sink();
    const st = new FrameStreamer(s, true, true);
    const p = random(2);
    st.push(p, n);
    await until(() => s.sent.length === 1);
    let held = decodeFrame(s.sent[0]!).positions;
    st.ack(1);
    for (let i = 40_000; i < 40_010; i++) p[3 * i] += 5;
    st.push(p, n);
    await until(() => s.sent.length === 2);
    const sparse = decodeFrame(s.sent[1]!, held);
    expect(sparse.changed).toBe(10);
    held = sparse.positions;
    expect(Math.abs(held[3 * 40_005]! - p[3 * 40_005]!)).toBeLessThanOrEqual(200 / 65535);
    st.ack(2);
    // A graph delta moved indices while the next frame is being written: that frame must not be sent.
    p[3 * 9] += 5;
    st.push(p, n);
    st.keyframe();
    for (let i = 0; i < 50; i++) await turn();
    expect(s.sent).toHaveLength(2);
    // The next positions go as a full frame.
    st.push(p, n);
    await until(() => s.sent.length === 3);
    expect(decodeFrame(s.sent[2]!).changed).toBeUndefined();
  });
});

describe('FrameStreamer, recycled frame buffers', () => {
  it('writes a full frame into the buffer of one the client acked, only where the sink allows it', () => {
    const sent: ArrayBuffer[] = [];
    const recycling = { recyclesFrames: true, sendBinary: (d: ArrayBuffer) => void sent.push(d) };
    const st = new FrameStreamer(recycling, true, false);
    st.push(frameOf(1, 50), 50);
    st.push(frameOf(2, 50), 50);
    expect(sent).toHaveLength(2);
    expect(sent[1]).not.toBe(sent[0]); // neither acked yet: both still the client's
    st.ack(1);
    st.push(frameOf(3, 50), 50);
    expect(sent[2]).toBe(sent[0]); // frame 1's buffer, written over
    expect(decodeFrame(sent[2]!).positions[0]).toBeCloseTo(3, 5);
    expect(decodeFrame(sent[1]!).positions[0]).toBeCloseTo(2, 5); // the unacked one is untouched

    // A sink that keeps what it was sent gets a new buffer every time.
    const kept: ArrayBuffer[] = [];
    const keeping = new FrameStreamer({ sendBinary: (d) => void kept.push(d) }, true, false);
    keeping.push(frameOf(1, 50), 50);
    keeping.ack(1);
    keeping.push(frameOf(2, 50), 50);
    expect(kept[1]).not.toBe(kept[0]);
    expect(decodeFrame(kept[0]!).positions[0]).toBeCloseTo(1, 5);
  });
});
