// A kernel fault on the CUDA emulator (FORCELAB_EMU_FAIL_LAUNCH): sticky for the whole process, as on a
// device, so it has a test file (a process) of its own.
import { afterEach, expect, it } from 'vitest';

import { createEngine } from '../../electron/core/engine/engine.js';
import { toCsr } from '../../electron/core/graph/csr.js';
import { edgeListGraph } from '../../electron/core/graph/edge-graph.js';

afterEach(() => {
  delete process.env.FORCELAB_EMU_FAIL_LAUNCH;
});

function ringGraph(n: number) {
  const edges: number[] = [];
  for (let i = 0; i < n; i++) edges.push(i, (i + 1) % n, i, (i * 7 + 3) % n);
  return toCsr(edgeListGraph(new Uint32Array(edges), n));
}

it('a kernel fault mid-run moves the engine to the CPU, keeps the layout, and the layout goes on', async () => {
  const g = ringGraph(3000);
  const e = createEngine({ backend: 'cuda', seed: 5 });
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
  e.dispose();
});
