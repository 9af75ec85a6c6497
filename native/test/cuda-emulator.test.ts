// The CUDA backend on the CUDA emulator (native/cuda/emu; the `cuda-emulator` project in vitest.config.ts
// builds it and points FORCELAB_ADDON at it): what only the emulator can show on a machine without a GPU.
// cuda-backend.test.ts runs in the same project, so the device tests run here too.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createEngine, findPackageRoot, NativeEngineWrapper, toCsr } from '../../electron/core/engine/engine.js';

const root = findPackageRoot();
const engines: NativeEngineWrapper[] = [];
afterEach(() => {
  delete process.env.FORCELAB_EMU_FAIL_LAUNCH;
  for (const e of engines.splice(0)) e.dispose();
});

function ringGraph(n: number) {
  const edges: number[] = [];
  for (let i = 0; i < n; i++) edges.push(i, (i + 1) % n, i, (i * 7 + 3) % n);
  return toCsr(new Uint32Array(edges), n);
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
    const out = execFileSync(
      process.execPath,
      [path.join(root, 'scripts/gpu-check.mjs'), '--iterations', '3', '--graphs', 'karate.mtx,dolphins.mtx,netscience.mtx'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, FORCELAB_ADDON: path.resolve(root, process.env.FORCELAB_ADDON!) } },
    );
    expect(out).toContain('backend requested: cuda -> cuda');
    expect(out).toMatch(/netscience\.mtx\s+1589\s+2742/);
    expect(out).toContain('gpu-check: parity OK');
  });

  it('a kernel fault mid-run moves the engine to the CPU, keeps the layout, and the layout goes on', async () => {
    const g = ringGraph(3000);
    const e = createEngine({ backend: 'cuda', seed: 5 });
    engines.push(e);
    e.setSwitch('stabilityGate', false);
    e.setGraph(g);
    await e.step(40); // past the first, wide steps
    const p4 = e.readPositions().slice();
    await e.step(1);
    const p5 = e.readPositions().slice();
    process.env.FORCELAB_EMU_FAIL_LAUNCH = '4'; // the 4th kernel launch from now faults (sticky, as on a device)
    await e.step(1);
    expect(e.backend).toBe('cpu');
    expect(e.fallbackReason).toMatch(/^CUDA error during a step: .*cudaErrorLaunchFailure/);
    // The CPU took over from the last frame the device delivered and did the failed step: it moved about
    // as far as a step on the device did (a reseed would have moved every node across the layout).
    const p6 = e.readPositions().slice();
    const largestMove = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    const deviceMove = largestMove(p5, p4);
    expect(deviceMove).toBeGreaterThan(0);
    expect(largestMove(p6, p5)).toBeGreaterThan(0);
    expect(largestMove(p6, p5)).toBeLessThan(3 * deviceMove);
    await e.step(3);
    const after = e.readPositions();
    expect(after.every(Number.isFinite)).toBe(true);
    expect(largestMove(after, p6)).toBeGreaterThan(0);
  });
});
