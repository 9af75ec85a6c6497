// Memory discipline and cancellation: pooled steps allocate nothing, the tracker reads zero after dispose,
// and an AbortSignal stops a long step(n) within one iteration.
import { afterEach, describe, expect, it } from 'vitest';

import { createEngine, NativeEngineWrapper } from '../../electron/core/engine/engine.js';
import { readCsr } from './read-graph.js';
import { testBackend } from './test-backend.js';

const engines: NativeEngineWrapper[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});
function make(file: string): NativeEngineWrapper {
  const e = createEngine({ backend: testBackend, seed: 2 });
  engines.push(e);
  e.setGraph(readCsr(file));
  return e;
}

describe('memory', () => {
  it('with pooled memory on, a thousand steps allocate nothing', async () => {
    const e = make('dolphins.mtx');
    e.setSwitch('stabilityGate', false); // make every one of the thousand steps run
    await e.step(20); // first steps size the pool
    const before = e.memory();
    const r = await e.step(1000);
    expect(r.stepped).toBe(1000);
    const after = e.memory();
    expect(after.allocations).toBe(before.allocations);
    expect(after.frees).toBe(before.frees);
    expect(after.liveBytes).toBe(before.liveBytes);
  });

  it('with pooled memory off, every step allocates and frees its scratch buffers', async () => {
    const e = make('dolphins.mtx');
    e.setSwitch('deviceMemory', false);
    const before = e.memory();
    await e.step(10);
    const after = e.memory();
    expect(after.allocations - before.allocations).toBeGreaterThanOrEqual(10 * 5);
    expect(after.frees - before.frees).toBe(after.allocations - before.allocations);
    expect(after.liveBytes).toBe(before.liveBytes);
  });

  it('a pooled buffer is reused across a resize to a smaller graph', async () => {
    const e = make('ca-GrQc.csv');
    await e.step(5);
    const big = e.memory();
    e.setGraph(readCsr('karate.csv')); // new graph: persistent buffers change, scratch pool is reset
    await e.step(5);
    expect(e.memory().liveBytes).toBeLessThan(big.liveBytes);
  });

  it('peak bytes are the current graph\'s: since it was set, not an older, larger graph\'s', async () => {
    const e = make('ca-GrQc.csv');
    await e.step(5);
    const bigPeak = e.memory().peakBytes;
    e.setGraph(readCsr('karate.csv'));
    const small = e.memory();
    expect(small.peakBytes).toBe(small.liveBytes); // nothing of the old graph counts
    await e.step(5);
    const after = e.memory();
    expect(after.peakBytes).toBeGreaterThanOrEqual(after.liveBytes);
    expect(after.peakBytes).toBeLessThan(bigPeak / 4);
  });

  it('reports live and peak bytes per named buffer, and zero after dispose', async () => {
    const e = make('ca-GrQc.csv');
    await e.step(3);
    const m = e.memory();
    const sum = Object.values(m.buffers).reduce((a, b) => a + b, 0);
    expect(sum).toBe(m.liveBytes);
    // Both position sets of the backend: the CPU keeps them as one buffer, CUDA as two device buffers.
    expect(m.buffers[`${testBackend}.positions`]).toBeGreaterThanOrEqual(5242 * 6 * 4);
    expect(m.peakBytes).toBeGreaterThanOrEqual(m.liveBytes);
    e.dispose();
    expect(e.memory().liveBytes).toBe(0);
    expect(e.memory().frees).toBe(e.memory().allocations);
  });
});

describe('cancellation', () => {
  it('an AbortSignal stops a long step(n) within one iteration', async () => {
    const e = make('ca-HepTh.csv');
    await e.step(3);
    const perStep = e.stats().msPerStep;
    const controller = new AbortController();
    const run = e.step(100_000, controller.signal);
    await new Promise((r) => setTimeout(r, 150));
    const t0 = performance.now();
    controller.abort();
    const r = await run;
    const stopMs = performance.now() - t0;
    expect(r.cancelled).toBe(true);
    expect(r.stepped).toBeGreaterThan(0);
    expect(r.stepped).toBeLessThan(100_000);
    // one iteration plus scheduling slack on a busy 2-core machine
    expect(stopMs).toBeLessThan(perStep * 2 + 100);
    // the engine keeps working afterwards
    expect((await e.step(2)).stepped).toBe(2);
  });

  it('an already aborted signal does not step; cluster() rejects when aborted', async () => {
    const e = make('dolphins.mtx');
    const controller = new AbortController();
    controller.abort();
    const r = await e.step(10, controller.signal);
    expect(r).toMatchObject({ cancelled: true, stepped: 0 });
    await expect(e.cluster(controller.signal)).rejects.toThrow(/abort/i);
  });

  it('dispose during a long step resolves it as cancelled and joins the engine thread', async () => {
    const e = make('ca-HepTh.csv');
    const run = e.step(100_000);
    await new Promise((r) => setTimeout(r, 50));
    e.dispose();
    const r = await run;
    expect(r.cancelled).toBe(true);
    expect(e.memory().liveBytes).toBe(0);
  });
});
