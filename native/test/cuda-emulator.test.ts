// The CUDA backend on the CUDA emulator (native/cuda/emu; the `cuda-emulator` project in vitest.config.ts
// builds it and points FORCELAB_ADDON at it): what only the emulator can show on a machine without a GPU.
// cuda-backend.test.ts runs in the same project, so the device tests run here too.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createEngine, findPackageRoot, NativeEngineWrapper } from '../../electron/core/engine/engine.js';
import { toCsr } from '../../electron/core/graph/csr.js';
import { edgeListGraph } from '../../electron/core/graph/edge-graph.js';

const root = findPackageRoot();
const engines: NativeEngineWrapper[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

/** What scripts/gpu-check.mjs prints, run on the emulator build (no warm-up: its timings mean nothing here). */
function gpuCheck(graphs: string, iterations: number, env: Record<string, string> = {}): string {
  return execFileSync(
    process.execPath,
    [path.join(root, 'scripts/gpu-check.mjs'), '--iterations', String(iterations), '--warmup-ms', '0', '--graphs', graphs],
    { cwd: root, encoding: 'utf8', env: { ...process.env, FORCELAB_ADDON: path.resolve(root, process.env.FORCELAB_ADDON!), ...env } },
  );
}

function ringGraph(n: number) {
  const edges: number[] = [];
  for (let i = 0; i < n; i++) edges.push(i, (i + 1) % n, i, (i * 7 + 3) % n);
  return toCsr(edgeListGraph(new Uint32Array(edges), n));
}

describe('CUDA backend on the CUDA emulator', () => {
  it('runs the CUDA backend', () => {
    const e = createEngine({ backend: 'cuda' });
    engines.push(e);
    expect(e.backend).toBe('cuda');
    expect(e.fallbackReason).toBeUndefined();
  });

  it('scripts/gpu-check.mjs finds CPU/CUDA parity on real graphs', () => {
    // The script a GPU session runs, end to end: forces (theta 0.8 and 0), one step, every switch timed.
    const out = gpuCheck('karate.mtx,dolphins.mtx,netscience.mtx', 3);
    expect(out).toContain('backend requested: cuda -> cuda');
    expect(out).toMatch(/netscience\.mtx\s+1589\s+2742/);
    expect(out).toContain('gpu-check: parity OK');
  });

  it('kernels give the same forces and step whatever order their threads run in', () => {
    // On a GPU, threads and blocks run in no fixed order: the result must not depend on it.
    for (const seed of ['1', '77']) {
      expect(gpuCheck('dolphins.mtx,netscience.mtx', 2, { FORCELAB_EMU_SHUFFLE: seed })).toContain('gpu-check: parity OK');
    }
  });

  it('reading positions during a step returns the newest frame at once instead of waiting for the step', async () => {
    const g = ringGraph(20_000);
    const e = createEngine({ backend: 'cuda', seed: 2 });
    engines.push(e);
    e.setSwitch('stabilityGate', false);
    e.setGraph(g);
    await e.step(1);
    const steps = 8;
    const t0 = performance.now();
    let done = false;
    const job = e.step(steps).then(() => {
      done = true;
    });
    const reads: number[] = [];
    while (!done) {
      const r0 = performance.now();
      const frame = e.readPositions();
      reads.push(performance.now() - r0);
      expect(frame.every(Number.isFinite)).toBe(true);
      await new Promise((r) => setTimeout(r, 3));
    }
    await job;
    const stepMs = (performance.now() - t0) / steps;
    reads.sort((a, b) => a - b);
    const median = reads[Math.floor(reads.length / 2)];
    // Waiting for the running step's frame would block a read for half a step on average.
    expect(reads.length).toBeGreaterThan(steps);
    expect(median).toBeLessThan(stepMs / 10);
  });
});
