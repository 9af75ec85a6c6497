// A device fault while an edit (a pin with a position) is uploaded, on the CUDA emulator
// (FORCELAB_EMU_FAIL_UPLOAD): the engine moves to the CPU and applies the edit there. Sticky for the whole
// process, as on a device, so it has a test file (a process) of its own.
import { afterEach, expect, it } from 'vitest';

import { createEngine } from '../../electron/core/engine/engine.js';
import { toCsr } from '../../electron/core/graph/csr.js';
import { edgeListGraph } from '../../electron/core/graph/edge-graph.js';

afterEach(() => {
  delete process.env.FORCELAB_EMU_FAIL_UPLOAD;
});

it('a fault while uploading a pinned position moves the engine to the CPU with the edit applied', async () => {
  const n = 500;
  const edges: number[] = [];
  for (let i = 0; i < n; i++) edges.push(i, (i + 1) % n);
  const e = createEngine({ backend: 'cuda', seed: 4 });
  e.setSwitch('stabilityGate', false);
  e.setGraph(toCsr(edgeListGraph(new Uint32Array(edges), n)));
  await e.step(5);
  const before = e.readPositions().slice();
  process.env.FORCELAB_EMU_FAIL_UPLOAD = '1'; // the next host-to-device copy faults
  e.pin(7, [3, -2, 1]); // idle engine: applied now, which uploads the position
  expect(e.backend).toBe('cpu');
  expect(e.fallbackReason).toMatch(/^CUDA error while applying edits: .*cudaErrorLaunchFailure/);
  const now = e.readPositions();
  expect([now[21], now[22], now[23]]).toEqual([3, -2, 1]);
  // Every other node kept the device's last frame.
  expect(now.every((v, i) => (i >= 21 && i < 24) || v === before[i])).toBe(true);
  await e.step(5);
  const after = e.readPositions();
  expect([after[21], after[22], after[23]]).toEqual([3, -2, 1]); // still pinned, on the CPU
  expect(after.some((v, i) => v !== now[i])).toBe(true);
  e.dispose();
});
