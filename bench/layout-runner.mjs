// Child process: runs one engine on one graph and reports time, memory and quality to the parent.
// Each run gets a fresh process so no engine inherits another's heap, JIT state or threads.
import { isMainModule } from './child-job.mjs';
import { engineById } from './engines/index.mjs';
import { scoreLayout, NP_SAMPLE } from './quality/score-layout.mjs';
import { neighbourhoodPreservation } from './quality/neighbourhood-preservation.mjs';
import { randomPositions } from './prng.mjs';

/**
 * @typedef {object} LayoutJob
 * @property {import('./bench-graph.mjs').BenchGraph} graph
 * @property {string} engineId
 * @property {number} iterations  planned count
 * @property {number} snapshotEvery  neighbourhood preservation is measured every this many iterations
 * @property {number} budgetMs  step time after which the run stops early (stated in the report)
 * @property {number} seed  start positions
 * @property {boolean} wantPositions  send the final layout back (for the picture)
 */

/**
 * @typedef {object} LayoutRunResult
 * @property {string} engineId
 * @property {number} iterations  iterations actually run
 * @property {number} plannedIterations
 * @property {boolean} stoppedByBudget
 * @property {number} stepMs  time inside step() only
 * @property {number} setupMs  building the engine's own graph structures
 * @property {{ iteration: number, stepMs: number, np: number }[]} snapshots
 * @property {import('./quality/score-layout.mjs').LayoutQuality} quality
 * @property {number} baselineRssBytes  before the engine was created
 * @property {number} peakRssBytes  the process's maximum resident set
 * @property {Record<string, number | string>} figures
 * @property {Float32Array} [positions]
 */

/**
 * @param {LayoutJob} job
 * @returns {Promise<LayoutRunResult>}
 */
export async function runLayoutJob(job) {
  const { graph, iterations, snapshotEvery, budgetMs } = job;
  const engine = engineById(job.engineId);
  const start = randomPositions(graph.nodeCount, engine.dims, engine.startScale, job.seed);
  global.gc?.();
  const baselineRssBytes = process.memoryUsage().rss;
  const setupStarted = performance.now();
  const run = await engine.create(graph, start, iterations);
  const setupMs = performance.now() - setupStarted;
  /** @type {LayoutRunResult['snapshots']} */
  const snapshots = [];
  const snapshot = (/** @type {number} */ iteration, /** @type {number} */ stepMs) => {
    const np = neighbourhoodPreservation(graph, run.positions(), engine.dims, { sample: NP_SAMPLE });
    snapshots.push({ iteration, stepMs, np });
    send({ type: 'progress', iteration, np });
  };
  snapshot(0, 0);
  let done = 0, stepMs = 0, lastChunkMsPerIter = 0;
  while (done < iterations) {
    // The first chunk is a single iteration: it tells how many more fit in the budget.
    let chunk = done === 0 ? 1 : Math.min(snapshotEvery - (done % snapshotEvery), iterations - done);
    if (done > 0) {
      // Judge by the latest chunk: first iterations pay for JIT warm-up and tree allocation.
      const fit = Math.floor((budgetMs - stepMs) / lastChunkMsPerIter);
      // After the probe, take at least one more iteration (unless the probe alone used the budget),
      // so a slow first iteration does not end the run on its own.
      const floor = done === 1 && stepMs < budgetMs ? 1 : 0;
      if (fit < chunk) chunk = Math.max(floor, fit);
      if (chunk === 0) break;
    }
    const t = performance.now();
    await run.step(chunk);
    const ms = performance.now() - t;
    stepMs += ms;
    lastChunkMsPerIter = ms / chunk;
    done += chunk;
    if (done % snapshotEvery === 0) snapshot(done, stepMs);
  }
  const stoppedByBudget = done < iterations;
  // The last layout is always a snapshot, whether the run ended on the schedule or on the budget.
  if (snapshots[snapshots.length - 1].iteration !== done) snapshot(done, stepMs);
  const positions = Float32Array.from(run.positions());
  const figures = run.figures?.() ?? {};
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  run.dispose();
  const quality = scoreLayout(graph, positions, engine.dims);
  return {
    engineId: engine.id, iterations: done, plannedIterations: iterations, stoppedByBudget, stepMs, setupMs, snapshots, quality,
    baselineRssBytes, peakRssBytes, figures, positions: job.wantPositions ? positions : undefined,
  };
}

/** @param {unknown} message */
function send(message) {
  process.send?.(message);
}

// Entry when forked by run.mjs: one job in, one result (or error) out, then exit.
// Only when this file is the forked script itself, never when imported (a test worker also has process.send).
if (process.send && isMainModule(import.meta.url)) {
  process.once('message', async (/** @type {any} */ message) => {
    try {
      const result = await runLayoutJob(message.job);
      send({ type: 'result', result });
      process.disconnect?.();
    } catch (error) {
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      process.exitCode = 1;
      process.disconnect?.();
    }
  });
}
