// Child process: measures every row of SWITCH_FIGURES with the switch on and off, alternating
// on/off/off/on so drift during the run hits both sides alike.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { serveChildJob } from './child-job.mjs';
import { pathToFileURL } from 'node:url';
import { SWITCH_FIGURES } from './switch-figures.mjs';
import { loadCreateEngine, toCsr } from './engines/forcelab.mjs';
import { randomPositions } from './prng.mjs';
import { median } from './summarise.mjs';
import { REPO_ROOT } from './graph-catalogue.mjs';

const FRAME_MODULE = path.join(REPO_ROOT, 'dist/protocol/frame.js');
const STREAMER_MODULE = path.join(REPO_ROOT, 'dist/electron/core/stream/frame-streamer.js');

/**
 * @typedef {{ switch: string, figure: string, better: 'lower' | 'higher', on: number, off: number, error?: string }} SwitchRow
 */

/**
 * @param {{ graph: import('./bench-graph.mjs').BenchGraph, repeats: number }} job
 * @returns {Promise<{ graph: string, backend: string, rows: SwitchRow[] }>}
 */
export async function runSwitchJob(job) {
  const createEngine = await loadCreateEngine();
  if (!fs.existsSync(FRAME_MODULE)) throw new Error(`${path.relative(REPO_ROOT, FRAME_MODULE)} is missing: run "npm run build:main"`);
  const frame = await import(pathToFileURL(FRAME_MODULE).href);
  const { FrameStreamer } = await import(pathToFileURL(STREAMER_MODULE).href);
  const start = randomPositions(job.graph.nodeCount, 3, 1, 1);
  let backend = 'unknown';
  /** @type {import('./switch-figures.mjs').SwitchContext} */
  const ctx = {
    graph: job.graph,
    frame,
    FrameStreamer,
    engine(switches, params) {
      const engine = createEngine({ backend: 'auto', seed: 1, threads: os.cpus().length });
      if (params) engine.setParams(params);
      for (const [name, on] of Object.entries(switches)) engine.setSwitch(/** @type {any} */ (name), on);
      engine.setGraph(toCsr(job.graph), start);
      backend = engine.backend;
      return engine;
    },
  };
  /** @type {SwitchRow[]} */
  const rows = [];
  for (const row of SWITCH_FIGURES) {
    const values = { on: /** @type {number[]} */ ([]), off: /** @type {number[]} */ ([]) };
    try {
      for (let r = 0; r < job.repeats; r++) {
        const order = r % 2 === 0 ? [true, false] : [false, true];
        for (const on of order) values[on ? 'on' : 'off'].push(await row.measure(ctx, on));
      }
      rows.push({ switch: row.switch, figure: row.figure, better: row.better, on: median(values.on), off: median(values.off) });
    } catch (error) {
      rows.push({ switch: row.switch, figure: row.figure, better: row.better, on: NaN, off: NaN, error: error instanceof Error ? error.message : String(error) });
    }
    process.send?.({ type: 'progress', row: rows.length, of: SWITCH_FIGURES.length, figure: `${row.switch}: ${row.figure}` });
  }
  return { graph: job.graph.name, backend, rows };
}

// Only when this file is the forked script itself, never when imported (a test worker also has process.send).
serveChildJob(import.meta.url, runSwitchJob);
