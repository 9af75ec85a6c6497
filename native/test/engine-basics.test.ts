// The native engine on real graphs: it moves, stays finite, settles, honours pins and 2D, is
// deterministic, steps off the JS thread, and frees everything on dispose.
import { afterEach, describe, expect, it } from 'vitest';

import { PARAM_BOUNDS, type LayoutParams } from '../../protocol/switches.js';
import { createEngine, NativeEngineWrapper } from '../../electron/core/engine/engine.js';
import { readCsr } from './read-graph.js';
import { testBackend } from './test-backend.js';
import { toCsr } from '../../electron/core/graph/csr.js';
import { edgeListGraph } from '../../electron/core/graph/edge-graph.js';

const engines: NativeEngineWrapper[] = [];
function engine(...args: Parameters<typeof createEngine>): NativeEngineWrapper {
  const e = createEngine(...args);
  engines.push(e);
  return e;
}
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

const karate = readCsr('karate.csv');

function allFinite(a: Float32Array): boolean {
  return a.every((v) => Number.isFinite(v));
}

describe('native engine basics', () => {
  it('runs on the backend asked for, and says why CUDA is not used when auto picks the CPU', () => {
    const e = engine({ backend: testBackend });
    expect(e.backend).toBe(testBackend);
    expect(e.fallbackReason).toBeUndefined();
    const auto = engine();
    if (auto.backend === 'cpu') expect(auto.fallbackReason).toMatch(/CUDA|device/i);
  });

  it('moves positions, keeps them finite and reports the step', async () => {
    const e = engine({ backend: testBackend });
    e.setGraph(karate);
    expect(e.nodeCount).toBe(34);
    const before = e.readPositions();
    expect(allFinite(before)).toBe(true);
    const r = await e.step(50);
    expect(r).toMatchObject({ stepped: 50, skipped: 0, cancelled: false });
    const after = e.readPositions();
    expect(allFinite(after)).toBe(true);
    let moved = 0;
    for (let i = 0; i < after.length; i++) moved = Math.max(moved, Math.abs(after[i] - before[i]));
    expect(moved).toBeGreaterThan(0.01);
    expect(e.stats().iterations).toBe(50);
    expect(r.seq).toBeGreaterThan(0);
  });

  it('lowers the layout energy over a run and settles on karate, dolphins and ca-GrQc', async () => {
    for (const file of ['karate.csv', 'dolphins.mtx', 'ca-GrQc.csv']) {
      const e = engine({ backend: testBackend, seed: 7 });
      e.setGraph(readCsr(file));
      const first = await e.step(1);
      const later = await e.step(400);
      expect(later.energy, file).toBeLessThan(first.energy);
      // Cooling keeps going to rest: the last steps barely move anything.
      const a = e.readPositions();
      await e.step(600);
      const b = e.readPositions();
      await e.step(1);
      const c = e.readPositions();
      let lastMove = 0;
      for (let i = 0; i < b.length; i++) lastMove = Math.max(lastMove, Math.abs(c[i] - b[i]));
      expect(lastMove, file).toBeLessThan(0.05);
      expect(e.stats().settled, file).toBe(true);
      expect(allFinite(a) && allFinite(c)).toBe(true);
      e.dispose();
    }
  });

  it('keeps pinned nodes where they were put', async () => {
    const e = engine({ backend: testBackend });
    e.setGraph(karate);
    e.pin(0, [5, -3, 2]);
    e.pin(33);
    const p33 = e.readPositions().slice(33 * 3, 33 * 3 + 3);
    await e.step(100);
    const p = e.readPositions();
    expect(Array.from(p.slice(0, 3))).toEqual([5, -3, 2]);
    expect(Array.from(p.slice(99, 102))).toEqual(Array.from(p33));
    e.unpin(0);
    await e.step(20);
    expect(Array.from(e.readPositions().slice(0, 3))).not.toEqual([5, -3, 2]);
  });

  it('keeps z = 0 in 2D', async () => {
    const e = engine({ backend: testBackend });
    e.setParams({ dimensions: 2 });
    e.setGraph(readCsr('dolphins.mtx'));
    await e.step(100);
    const p = e.readPositions();
    for (let i = 0; i < e.nodeCount; i++) expect(p[3 * i + 2]).toBe(0);
    expect(new Set(Array.from(p.filter((_, k) => k % 3 === 0))).size).toBeGreaterThan(50);
  });

  it('a pin or drag in a layout at rest warms its neighbourhood only: the temperature stays, far nodes barely move', async () => {
    const g = readCsr('dolphins.mtx');
    const e = engine({ backend: testBackend, seed: 3 });
    e.setParams({ cooling: 0.95 });
    e.setGraph(g);
    for (let i = 0; i < 80 && (await e.step(50)).skipped < 50; i++);
    expect((await e.step(10)).skipped).toBe(10); // at rest: the gate skips every step
    const cold = e.stats().temperature;
    const node = 14; // a well-connected dolphin (12 neighbours)
    const neighbours = new Set(Array.from(g.targets.subarray(g.offsets[node], g.offsets[node + 1])));
    // Nodes three or more hops away.
    const hop = new Int32Array(g.nodeCount).fill(-1);
    hop[node] = 0;
    for (let frontier = [node], d = 1; frontier.length; d++) {
      const next: number[] = [];
      for (const u of frontier) for (let k = g.offsets[u]; k < g.offsets[u + 1]; k++) if (hop[g.targets[k]] < 0) (hop[g.targets[k]] = d), next.push(g.targets[k]);
      frontier = next;
    }
    const before = e.readPositions();
    const p = Array.from(before.subarray(3 * node, 3 * node + 3));
    e.pin(node, [p[0] + 3, p[1], p[2]]);
    const r = await e.step(20);
    expect(r.skipped, 'the gate wakes up for the change').toBe(0);
    expect(e.stats().temperature, 'no global reheat').toBeLessThan(cold + 1e-6);
    const after = e.readPositions();
    const moved = (i: number) => Math.hypot(after[3 * i] - before[3 * i], after[3 * i + 1] - before[3 * i + 1], after[3 * i + 2] - before[3 * i + 2]);
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
    const near = median([...neighbours].map(moved));
    const far = median(Array.from({ length: g.nodeCount }, (_, i) => i).filter((i) => hop[i] >= 3).map(moved));
    expect(near).toBeGreaterThan(0.05);
    expect(near).toBeGreaterThan(10 * far);
    // Released, the node itself is warm and moves back toward its neighbours.
    e.unpin(node);
    const held = Array.from(e.readPositions().subarray(3 * node, 3 * node + 3));
    await e.step(20);
    const back = e.readPositions();
    expect(Math.hypot(back[3 * node] - held[0], back[3 * node + 1] - held[1])).toBeGreaterThan(0.05);
  });

  it('keeps z = 0 in 2D for pinned nodes too, after a 3D layout or a pin off the plane', async () => {
    const e = engine({ backend: testBackend });
    e.setGraph(readCsr('dolphins.mtx'));
    e.pin(3);
    e.pin(7, [1, 2, 5]);
    await e.step(20); // 3D: the pinned nodes keep their z
    expect(e.readPositions()[3 * 7 + 2]).toBe(5);
    e.setParams({ dimensions: 2 });
    await e.step(5);
    const p = e.readPositions();
    for (let i = 0; i < e.nodeCount; i++) expect(p[3 * i + 2]).toBe(0);
    expect([p[21], p[22]]).toEqual([1, 2]); // still pinned in x and y
  });

  it('gives the same positions for the same seed, different ones for another seed', async () => {
    const run = async (seed: number, threads: number) => {
      const e = engine({ backend: testBackend, seed, threads });
      e.setGraph(readCsr('dolphins.mtx'));
      await e.step(60);
      return e.readPositions();
    };
    const a = await run(3, 2);
    const b = await run(3, 1);
    const c = await run(4, 2);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('keeps given positions and seeds only the NaN ones', () => {
    const e = engine({ backend: testBackend });
    const given = new Float32Array(34 * 3).fill(NaN);
    given.set([1, 2, 3], 0);
    e.setGraph(karate, given);
    const p = e.readPositions();
    expect(Array.from(p.slice(0, 3))).toEqual([1, 2, 3]);
    expect(allFinite(p)).toBe(true);
  });

  it('breaks every step into its phases (tree, repulsion, integrate) inside the step time', async () => {
    const e = engine({ backend: testBackend });
    e.setSwitch('stabilityGate', false);
    e.setGraph(readCsr('ca-GrQc.csv'));
    await e.step(3);
    const f = e.stats().figures;
    for (const phase of ['phaseTreeMs', 'phaseRepulsionMs', 'phaseIntegrateMs']) expect(f[phase], phase).toBeGreaterThan(0);
    // Against the step's wall time (frameMs): stepMs leaves out the frame hand-over, which on the CUDA emulator
    // can wait while the last kernel still runs on the emulator's thread, so there the phases may exceed it.
    expect(f.phaseTreeMs + f.phaseRepulsionMs + f.phaseIntegrateMs).toBeLessThanOrEqual(f.frameMs);
    expect(f.stepMs).toBeLessThanOrEqual(f.frameMs);
  });

  it('does not block the event loop while stepping (a timer keeps firing on time)', async () => {
    const e = engine({ backend: testBackend });
    e.setGraph(readCsr('ca-GrQc.csv'));
    const gaps: number[] = [];
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 10);
    const t0 = performance.now();
    await e.step(150);
    const elapsed = performance.now() - t0;
    clearInterval(timer);
    expect(elapsed).toBeGreaterThan(150); // long enough for the timer to matter
    expect(gaps.length).toBeGreaterThan(elapsed / 10 / 3);
    // A blocked loop would show one gap as long as the whole run.
    expect(Math.max(...gaps)).toBeLessThan(Math.max(100, elapsed / 3));
  });

  it('frees every buffer on dispose and refuses calls afterwards', async () => {
    const e = engine({ backend: testBackend });
    e.setGraph(readCsr('dolphins.mtx'));
    await e.step(10);
    await e.cluster();
    e.readLabels();
    const live = e.memory();
    expect(live.liveBytes).toBeGreaterThan(0);
    expect(live.allocations).toBeGreaterThan(0);
    expect(Object.keys(live.buffers).length).toBeGreaterThan(3);
    e.dispose();
    e.dispose(); // idempotent
    const m = e.memory();
    expect(m.liveBytes).toBe(0);
    expect(m.frees).toBe(m.allocations);
    expect(m.buffers).toEqual({});
    expect(m.peakBytes).toBeGreaterThanOrEqual(live.liveBytes);
    expect(() => e.readPositions()).toThrow(/disposed/);
    await expect(e.step(1)).rejects.toThrow(/disposed/);
    expect(() => e.setParams({ theta: 1 })).toThrow(/disposed/);
  });

  it('works with an empty graph and isolated nodes, self-loops and duplicate edges', async () => {
    const e = engine({ backend: testBackend });
    e.setGraph({ nodeCount: 0, offsets: new Uint32Array([0]), targets: new Uint32Array(0) });
    const r = await e.step(5);
    expect(r.stepped).toBe(5);
    expect(e.readPositions().length).toBe(0);
    // 0-1 twice, 2-2 self-loop, 3 and 4 isolated, 5 coincident with 6. The app's toCsr merges the repeat and
    // drops the loop; a CSR written by hand keeps both, and the engine takes it too.
    const edges = new Uint32Array([0, 1, 0, 1, 2, 2, 5, 6]);
    const g = toCsr(edgeListGraph(edges, 7));
    expect(Array.from(g.offsets)).toEqual([0, 1, 2, 2, 2, 2, 3, 4]);
    const raw = { nodeCount: 7, offsets: new Uint32Array([0, 2, 4, 5, 5, 5, 6, 7]), targets: new Uint32Array([1, 1, 0, 0, 2, 6, 5]) };
    e.setGraph(raw);
    await e.step(20);
    expect(allFinite(e.readPositions())).toBe(true);
    const pos = new Float32Array(21).fill(NaN);
    pos.set([1, 1, 1], 15);
    pos.set([1, 1, 1], 18);
    e.setGraph(g, pos);
    await e.step(50);
    const p = e.readPositions();
    expect(allFinite(p)).toBe(true);
    const d56 = Math.hypot(p[15] - p[18], p[16] - p[19], p[17] - p[20]);
    expect(d56).toBeGreaterThan(0.01);
  });
});

describe('bad input gives an error naming what was wrong', () => {
  it('rejects malformed graphs', () => {
    const e = engine({ backend: testBackend });
    expect(() => e.setGraph({ nodeCount: 0, offsets: new Uint32Array(0), targets: new Uint32Array(0) })).toThrow(/offsets/);
    expect(() => e.setGraph({ nodeCount: 2, offsets: new Uint32Array([0, 1, 2]), targets: new Uint32Array([1, 7]) })).toThrow(
      /targets\[1\] = 7.*nodeCount is 2/,
    );
    expect(() => e.setGraph({ nodeCount: 2, offsets: new Uint32Array([0, 2, 1]), targets: new Uint32Array([1]) })).toThrow(/decrease/);
    expect(() => e.setGraph({ nodeCount: 2, offsets: new Uint32Array([0, 1, 3]), targets: new Uint32Array([1, 0]) })).toThrow(
      /offsets\[nodeCount\]/,
    );
    expect(() =>
      e.setGraph({ nodeCount: 2, offsets: new Uint32Array([0, 1, 2]), targets: new Uint32Array([1, 0]), weights: new Float32Array([1, NaN]) }),
    ).toThrow(/weights\[1\]/);
    expect(() => e.setGraph(karate, new Float32Array(5))).toThrow(/positions/);
    expect(() => toCsr(edgeListGraph(new Uint32Array([0, 9]), 3))).toThrow(/node id 9 is out of range/);
    // The engine still works after the rejections.
    e.setGraph(karate);
    expect(e.nodeCount).toBe(34);
  });

  it('rejects a seed the native int64 cannot hold exactly', () => {
    expect(() => engine({ backend: testBackend, seed: 2 ** 60 })).toThrow(/seed/);
    expect(() => engine({ backend: testBackend, seed: 1.5 })).toThrow(/seed/);
    expect(engine({ backend: testBackend, seed: -7 }).backend).toBe(testBackend);
  });

  it('rejects NaN, negative and absurd parameters by name', () => {
    const e = engine({ backend: testBackend });
    expect(() => e.setParams({ theta: NaN })).toThrow(/theta/);
    expect(() => e.setParams({ gravity: -1 })).toThrow(/gravity/);
    expect(() => e.setParams({ damping: 3 })).toThrow(/damping/);
    expect(() => e.setParams({ springLength: Infinity })).toThrow(/springLength/);
    expect(() => e.setParams({ dimensions: 4 as 3 })).toThrow(/dimensions/);
    expect(() => e.setParams({ repulsion: 'x' as unknown as number })).toThrow(/repulsion/);
    expect(e.getParams().theta).toBe(0.8);
    // The native bounds are the protocol's PARAM_BOUNDS.
    for (const [name, [lo, hi]] of Object.entries(PARAM_BOUNDS) as Array<[keyof LayoutParams, [number, number]]>) {
      e.setParams({ [name]: lo });
      e.setParams({ [name]: hi });
      expect(() => e.setParams({ [name]: hi * 1.001 + 1e-3 }), name).toThrow(new RegExp(name));
      expect(() => e.setParams({ [name]: lo - Math.max(1e-6, Math.abs(lo) * 0.5) }), name).toThrow(new RegExp(name));
    }
    expect(() => e.pin(99)).toThrow(/out of range/);
    expect(() => createEngine({ backend: 'gpu' as 'cpu' })).toThrow(/backend/);
  });
});
