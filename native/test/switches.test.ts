// Each engine switch flipped while the layout runs: its live figure shows the change, and the layout
// stays what it would have been with the switch untouched (the gate, which skips steps, aside).
import { afterEach, describe, expect, it } from 'vitest';

import type { EngineSwitchName } from '../../protocol/switches.js';
import { createEngine, NativeEngineWrapper } from '../../electron/core/engine/engine.js';
import { readCsr } from './read-graph.js';
import { testBackend } from './test-backend.js';

const engines: NativeEngineWrapper[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

const grqc = readCsr('ca-GrQc.csv');

function make(): NativeEngineWrapper {
  const e = createEngine({ backend: testBackend, seed: 5 });
  engines.push(e);
  e.setGraph(grqc);
  return e;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** Runs 20 steps, flips `name` off, runs 20 more, and compares with an engine that never flipped it. */
async function flipMidRun(name: EngineSwitchName) {
  const flipped = make();
  const reference = make();
  await flipped.step(20);
  await reference.step(20);
  const figuresOn = flipped.stats().figures;
  flipped.setSwitch(name, false);
  expect(flipped.getSwitches()[name]).toBe(false);
  await flipped.step(20);
  await reference.step(20);
  return { figuresOn, figuresOff: flipped.stats().figures, diff: maxDiff(flipped.readPositions(), reference.readPositions()), flipped };
}

describe('engine switches, flipped mid-run', () => {
  it('deviceMemory: pooled buffers allocate nothing per step; off allocates and frees every step', async () => {
    const { figuresOn, figuresOff, diff, flipped } = await flipMidRun('deviceMemory');
    expect(figuresOn.allocationsPerStep).toBe(0);
    expect(figuresOff.allocationsPerStep).toBeGreaterThan(5);
    expect(diff).toBeLessThan(1e-5);
    const m = flipped.memory();
    // Between steps the naive path holds no scratch buffers.
    expect(Object.keys(m.buffers).some((b) => b.startsWith('morton.'))).toBe(false);
  });

  it('asyncCompletion: off blocks the JS thread for the step, on costs it only the delivery', async () => {
    const { figuresOn, figuresOff, diff } = await flipMidRun('asyncCompletion');
    // Measured, not assumed: on, the JS thread spends a little time taking the completion; off, it waits
    // for all 20 steps.
    expect(figuresOn.jsBlockedMs).toBeGreaterThan(0);
    expect(figuresOff.jsBlockedMs).toBeGreaterThan(20 * figuresOn.jsBlockedMs);
    expect(figuresOff.jsBlockedMs).toBeGreaterThan(0.5 * 20 * figuresOff.stepMs);
    expect(diff).toBeLessThan(1e-5);
  });

  it('asyncCompletion off really blocks: no timer runs during the step', async () => {
    const e = make();
    e.setSwitch('asyncCompletion', false);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const t0 = performance.now();
    const p = e.step(60);
    const blocked = performance.now() - t0; // the call itself took the whole step
    await p;
    clearInterval(timer);
    expect(blocked).toBeGreaterThan(20);
    expect(ticks).toBe(0);
  });

  it('overlappedCopy: on writes the frame inside the step, off copies after it', async () => {
    const { figuresOn, figuresOff, diff } = await flipMidRun('overlappedCopy');
    expect(figuresOff.copyMs).toBeGreaterThan(figuresOn.copyMs);
    expect(diff).toBeLessThan(1e-5);
  });

  it('launchSizing: chunk sizes from cores and N versus fixed chunks', async () => {
    const { figuresOn, figuresOff, diff } = await flipMidRun('launchSizing');
    // 5242 nodes: a fixed 256-item chunk cuts every phase into many more pieces.
    expect(figuresOff.chunks).toBeGreaterThan(figuresOn.chunks * 2);
    expect(figuresOn.stepMs).toBeGreaterThan(0);
    expect(diff).toBeLessThan(1e-5);
  });

  it('labelCache: on reuses the compact mapping per label version, off recomputes it every frame', async () => {
    const e = make();
    const labels = await e.cluster();
    const clusters = Math.max(...labels) + 1;
    expect(clusters).toBeGreaterThan(10);
    expect(clusters).toBeLessThan(grqc.nodeCount / 2);
    // compact and ordered by size: cluster 0 is the largest
    const size = new Array<number>(clusters).fill(0);
    for (const l of labels) size[l]++;
    for (let k = 1; k < clusters; k++) expect(size[k]).toBeLessThanOrEqual(size[k - 1]);
    const before = e.stats().figures;
    for (let i = 0; i < 10; i++) expect(Array.from(e.readLabels()!.labels)).toEqual(Array.from(labels));
    const on = e.stats().figures;
    expect(on.labelCacheHits - before.labelCacheHits).toBe(10);
    expect(on.labelCacheMisses).toBe(before.labelCacheMisses);
    e.setSwitch('labelCache', false);
    for (let i = 0; i < 10; i++) expect(Array.from(e.readLabels()!.labels)).toEqual(Array.from(labels));
    const off = e.stats().figures;
    expect(off.labelCacheHits).toBe(on.labelCacheHits);
    expect(off.labelCacheMisses - on.labelCacheMisses).toBe(10);
    expect(off.labelMapMs).toBeGreaterThan(0);
    // positions are untouched by clustering
    const p = e.readPositions();
    await e.cluster();
    expect(Array.from(e.readPositions())).toEqual(Array.from(p));
  });

  it('stabilityGate: skips steps once the layout is at rest, never during warm-up; off keeps stepping', async () => {
    const e = createEngine({ backend: testBackend, seed: 5 });
    engines.push(e);
    e.setGraph(readCsr('dolphins.mtx'));
    e.setParams({ stabilityThreshold: 1e-3, cooling: 0.97 });
    const warm = await e.step(40);
    expect(warm.skipped).toBe(0); // warm-up
    const rest = await e.step(400);
    expect(rest.skipped).toBeGreaterThan(0);
    expect(e.stats().figures.gateSkipped).toBe(rest.skipped);
    const frozen = e.readPositions();
    const more = await e.step(50);
    expect(more.skipped).toBe(50);
    expect(Array.from(e.readPositions())).toEqual(Array.from(frozen));
    e.setSwitch('stabilityGate', false);
    const ungated = await e.step(20);
    expect(ungated).toMatchObject({ stepped: 20, skipped: 0 });
    e.setSwitch('stabilityGate', true);
    e.reheat(); // a change restarts cooling and warm-up
    const reheated = await e.step(30);
    expect(reheated).toMatchObject({ stepped: 30, skipped: 0 });
    expect(e.stats().temperature).toBeGreaterThan(0.3);
  });
});
