// The CUDA backend through the real engine. Against the app's addon on a machine without a device only the
// fallback is checked (the rest is skipped); the cuda-emulator project (vitest.config.ts) runs this file on
// the CUDA emulator build, and scripts/gpu-check.sh on a GPU, both with FORCELAB_REQUIRE_CUDA=1, where a
// missing CUDA backend fails instead of skipping.
import { afterEach, describe, expect, it } from 'vitest';

import type { CsrGraph } from '../../electron/core/engine/engine-api.js';
import { createEngine, NativeEngineWrapper } from '../../electron/core/engine/engine.js';
import { toCsr } from '../../electron/core/graph/csr.js';
import { edgeListGraph } from '../../electron/core/graph/edge-graph.js';

const engines: NativeEngineWrapper[] = [];
function engine(backend: 'cpu' | 'cuda'): NativeEngineWrapper {
  const e = createEngine({ backend, seed: 3 });
  engines.push(e);
  return e;
}
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

const probe = createEngine({ backend: 'cuda' });
const cudaActive = probe.backend === 'cuda';
const fallbackReason = probe.fallbackReason;
probe.dispose();
if (!cudaActive && process.env.FORCELAB_REQUIRE_CUDA === '1') {
  throw new Error(`FORCELAB_REQUIRE_CUDA=1 but the CUDA backend is not active: ${fallbackReason ?? 'unknown reason'}`);
}
if (!cudaActive) {
  console.log(
    `CUDA backend tests on a device skipped here: ${fallbackReason ?? 'no CUDA backend'} ` +
      '(the cuda-emulator test project runs them on the CUDA emulator, scripts/gpu-check.sh on a GPU)',
  );
}

/** A ring with deterministic chords, clustered so the tree is uneven. */
function testGraph(n: number): CsrGraph {
  const edges: number[] = [];
  let s = 99;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  for (let i = 0; i < n; i++) {
    edges.push(i, (i + 1) % n);
    if (i % 3 === 0) edges.push(i, Math.floor(rnd() * n));
  }
  return toCsr(edgeListGraph(new Uint32Array(edges), n));
}

function positions(n: number, dims: 2 | 3): Float32Array {
  const p = new Float32Array(3 * n);
  let s = 7;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  for (let i = 0; i < n; i++) {
    const c = i % 5;
    p[3 * i] = c * 8 + (rnd() - 0.5) * 6;
    p[3 * i + 1] = (c % 2) * 8 + (rnd() - 0.5) * 6;
    p[3 * i + 2] = dims === 3 ? (rnd() - 0.5) * 6 : 0;
  }
  return p;
}

/**
 * Worst per-node difference, each over the larger of that node's reference vector and the RMS of all (at
 * most 10 times the RMS): a float sum's rounding grows with the sum, so a node with 10 times the typical
 * force may differ by 10 times as much, while a near-zero vector is judged against the typical size.
 */
function relError(a: Float32Array, ref: Float32Array): number {
  let rms = 0;
  for (let i = 0; i < ref.length; i++) rms += ref[i] ** 2;
  rms = Math.sqrt(rms / (ref.length / 3));
  let worst = 0;
  for (let i = 0; i < ref.length; i += 3) {
    const diff = Math.hypot(a[i] - ref[i], a[i + 1] - ref[i + 1], a[i + 2] - ref[i + 2]);
    worst = Math.max(worst, diff / Math.min(10 * rms, Math.max(rms, Math.hypot(ref[i], ref[i + 1], ref[i + 2]))));
  }
  return worst;
}

describe('CUDA backend', () => {
  it.runIf(!cudaActive)('without a device, asking for CUDA gives the CPU backend and says why', () => {
    const e = engine('cuda');
    expect(e.backend).toBe('cpu');
    expect(e.fallbackReason).toMatch(/^(no CUDA device: .+|built without CUDA)$/);
  });

  describe.runIf(cudaActive)('on a device', () => {
    it.each([3, 2] as const)('forces match the CPU backend in %iD (theta 0.8 and exact theta 0)', (dims) => {
      const g = testGraph(4000);
      const p = positions(g.nodeCount, dims);
      const cpu = engine('cpu');
      const gpu = engine('cuda');
      for (const e of [cpu, gpu]) {
        e.setParams({ dimensions: dims });
        e.setGraph(g, p);
      }
      for (const theta of [0.8, 0]) {
        const err = relError(gpu.computeForces({ theta }), cpu.computeForces({ theta }));
        expect(err, `theta ${theta}`).toBeLessThan(1e-4);
      }
    });

    it('steps like the CPU backend, keeps pinned nodes and reports device memory', async () => {
      const g = testGraph(3000);
      const p = positions(g.nodeCount, 3);
      const cpu = engine('cpu');
      const gpu = engine('cuda');
      for (const e of [cpu, gpu]) {
        e.setSwitch('stabilityGate', false);
        e.setGraph(g, p);
        e.pin(5);
      }
      await cpu.step(1);
      await gpu.step(1);
      const a = gpu.readPositions(), b = cpu.readPositions();
      let moved = 0, diff = 0;
      for (let i = 0; i < a.length; i++) {
        moved = Math.max(moved, Math.abs(b[i] - p[i]));
        diff = Math.max(diff, Math.abs(a[i] - b[i]));
      }
      expect(moved).toBeGreaterThan(0.01);
      expect(diff).toBeLessThan(1e-3 * moved);
      await gpu.step(20);
      const after = gpu.readPositions();
      expect(after.every(Number.isFinite)).toBe(true);
      expect([after[15], after[16], after[17]]).toEqual([p[15], p[16], p[17]]);
      // Device time of each phase, between events on the compute stream, inside the step's wall time.
      const f = gpu.stats().figures;
      for (const phase of ['phaseTreeMs', 'phaseRepulsionMs', 'phaseIntegrateMs']) expect(f[phase], phase).toBeGreaterThan(0);
      expect(f.phaseTreeMs + f.phaseRepulsionMs + f.phaseIntegrateMs).toBeLessThanOrEqual(f.stepMs);
      const m = gpu.memory();
      expect(m.deviceTotalBytes).toBeGreaterThan(0);
      expect(m.deviceFreeBytes).toBeGreaterThan(0);
      expect(Object.keys(m.buffers).some((k) => k.startsWith('cuda.'))).toBe(true);
    });

    it('separates a graph collapsed onto one point exactly as the CPU does', async () => {
      // 3000 nodes on one point: a run of equal Morton keys far longer than a GPU block.
      const g = testGraph(3000);
      const p = new Float32Array(3 * g.nodeCount).fill(0.25);
      const cpu = engine('cpu');
      const gpu = engine('cuda');
      for (const e of [cpu, gpu]) {
        e.setSwitch('stabilityGate', false);
        e.setGraph(g, p);
      }
      await cpu.step(1);
      await gpu.step(1);
      const a = gpu.readPositions(), b = cpu.readPositions();
      const points = (q: Float32Array) => new Set(Array.from({ length: q.length / 3 }, (_, i) => `${q[3 * i]},${q[3 * i + 1]},${q[3 * i + 2]}`)).size;
      expect(points(b)).toBeGreaterThan(1400); // the CPU's pass moves every other node apart
      // The same nodes move (a pass capped at a GPU block's worth would leave about 2500 on the point); a
      // couple of moved nodes may round onto one float after the step on one backend and not the other.
      expect(Math.abs(points(a) - points(b))).toBeLessThan(10);
      let diff = 0, moved = 0;
      for (let i = 0; i < a.length; i++) {
        diff = Math.max(diff, Math.abs(a[i] - b[i]));
        moved = Math.max(moved, Math.abs(b[i] - p[i]));
      }
      expect(diff).toBeLessThan(1e-3 * moved);
    });

    it('every switch changes how, not what: positions are identical with each switch off', async () => {
      const g = testGraph(5000);
      const p = positions(g.nodeCount, 3);
      const run = async (off?: 'deviceMemory' | 'asyncCompletion' | 'overlappedCopy' | 'launchSizing') => {
        const e = engine('cuda');
        e.setSwitch('stabilityGate', false);
        if (off) e.setSwitch(off, false);
        e.setGraph(g, p);
        await e.step(10);
        return e.readPositions();
      };
      const reference = await run();
      for (const sw of ['deviceMemory', 'asyncCompletion', 'overlappedCopy', 'launchSizing'] as const) {
        expect(Array.from(await run(sw)), sw).toEqual(Array.from(reference));
      }
    });

    it('pools device memory: no allocation per step when on, allocations every step when off', async () => {
      const g = testGraph(5000);
      const e = engine('cuda');
      e.setSwitch('stabilityGate', false);
      e.setGraph(g, positions(g.nodeCount, 3));
      await e.step(3); // the pool fills
      let before = e.memory().allocations;
      await e.step(10);
      expect(e.memory().allocations - before).toBe(0);
      e.setSwitch('deviceMemory', false);
      before = e.memory().allocations;
      await e.step(10);
      expect(e.memory().allocations - before).toBeGreaterThanOrEqual(10 * 10);
      const live = e.memory().liveBytes;
      expect(live).toBeGreaterThan(0);
    });

    it('dispose leaves the memory tracker at zero after pooled and unpooled steps', async () => {
      const g = testGraph(2000);
      const e = createEngine({ backend: 'cuda' });
      e.setGraph(g, positions(g.nodeCount, 3));
      await e.step(5);
      e.setSwitch('deviceMemory', false);
      await e.step(5);
      const m = e.memory();
      expect(m.liveBytes).toBeGreaterThan(0);
      e.dispose();
      const after = e.memory();
      expect(after.liveBytes).toBe(0);
    });

    it('clusters on the device: a two-community graph gets two labels', async () => {
      const edges: number[] = [];
      for (const base of [0, 40])
        for (let i = 0; i < 40; i++) for (let j = i + 1; j < 40; j++) if ((i + j) % 3 !== 0) edges.push(base + i, base + j);
      edges.push(0, 40);
      const e = engine('cuda');
      e.setGraph(toCsr(edgeListGraph(new Uint32Array(edges), 80)));
      const labels = await e.cluster();
      expect(new Set(labels.slice(0, 40)).size).toBe(1);
      expect(new Set(labels.slice(40)).size).toBe(1);
      expect(labels[0]).not.toBe(labels[40]);
    });
  });
});
