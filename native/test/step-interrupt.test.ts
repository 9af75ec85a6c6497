// One step is interruptible: an exact step (theta 0) on a large graph takes seconds, and a cancel, a
// parameter change or dispose must not wait for it. The backend polls the engine's interrupt flag inside
// the repulsion pass (CPU: between batches of groups; CUDA: between tiles of the kernel).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { CsrGraph } from '../../electron/core/engine/engine-api.js';
import { createEngine, NativeEngineWrapper } from '../../electron/core/engine/engine.js';
import { testBackend } from './test-backend.js';

const engines: NativeEngineWrapper[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

// Large enough that one exact step takes seconds here: 150k nodes on the CPU (2.2e10 pairs), fewer on the
// CUDA emulator, which runs a kernel's threads one after another.
const n = testBackend === 'cuda' ? 30_000 : 150_000;
function ring(count: number): CsrGraph {
  const offsets = new Uint32Array(count + 1);
  const targets = new Uint32Array(2 * count);
  for (let i = 0; i < count; i++) {
    offsets[i + 1] = 2 * (i + 1);
    targets[2 * i] = (i + 1) % count;
    targets[2 * i + 1] = (i + count - 1) % count;
  }
  return { nodeCount: count, offsets, targets };
}
const graph = ring(n);

function exactEngine(): NativeEngineWrapper {
  const e = createEngine({ backend: testBackend, seed: 4 });
  engines.push(e);
  e.setGraph(graph);
  e.setParams({ theta: 0 });
  return e;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Answers are due within 250 ms; the bound leaves room for a loaded machine and stays far below a step.
const answerBound = 1000;
let exactStepMs = 0;

describe('a single step is interruptible', () => {
  beforeAll(async () => {
    const e = exactEngine();
    const t0 = performance.now();
    const r = await e.step(1);
    exactStepMs = performance.now() - t0;
    expect(r.stepped).toBe(1);
    e.dispose();
  }, 120_000);

  it('one exact step takes seconds: what the bounds below are held against', () => {
    expect(exactStepMs).toBeGreaterThan(3 * answerBound);
  });

  it('cancel ends the running exact step within the bound, with nothing stepped', async () => {
    const e = exactEngine();
    const before = e.readPositions();
    const abort = new AbortController();
    const p = e.step(1, abort.signal);
    await sleep(300);
    const t0 = performance.now();
    abort.abort();
    const r = await p;
    const answered = performance.now() - t0;
    expect(r).toMatchObject({ stepped: 0, cancelled: true });
    expect(answered).toBeLessThan(answerBound);
    expect(Array.from(e.readPositions())).toEqual(Array.from(before)); // the abandoned step changed nothing
  });

  it('a parameter change interrupts the exact step and the step runs again with the new parameters', async () => {
    const e = exactEngine();
    const p = e.step(1);
    await sleep(300);
    const t0 = performance.now();
    e.setParams({ theta: 0.8 }); // Barnes-Hut: the restarted step takes a fraction of the exact one
    const r = await p;
    const answered = performance.now() - t0;
    expect(r).toMatchObject({ stepped: 1, cancelled: false });
    expect(answered).toBeLessThan(answerBound);
    expect(e.stats().iterations).toBe(1);
  });

  it('dispose during an exact step returns within the bound and frees everything', async () => {
    const e = exactEngine();
    const p = e.step(1);
    await sleep(300);
    const t0 = performance.now();
    e.dispose();
    const took = performance.now() - t0;
    expect(took).toBeLessThan(answerBound);
    await expect(p).resolves.toMatchObject({ stepped: 0, cancelled: true });
    expect(e.memory().liveBytes).toBe(0);
  });
});
