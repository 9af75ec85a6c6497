// Child process: the main process's own figures, with the real Session (dist/) and the real engine: the event
// loop's delay beyond its sampling interval idle and while a graph steps and streams to a client that acknowledges
// every frame (async completion on and off), and how fast a cancel reaches inside one exact (theta 0) step.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainModule } from './child-job.mjs';
import { graphPath, REPO_ROOT } from './graph-catalogue.mjs';
import { median } from './summarise.mjs';

const dist = (/** @type {string} */ p) => path.join(REPO_ROOT, 'dist', p);
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {{ graph: string, exactGraph: string, windows: number }} job
 * @returns {Promise<{ graph: string, nodes: number, idle: LoopFigures, asyncOn: LoopFigures, asyncOff: LoopFigures, foreground: LoopFigures, exact: { graph: string, nodes: number, stepMs: number, cancelMs: number } }>}
 * @typedef {{ p50Ms: number, p99MedianMs: number, p99WorstMs: number, stepsPerSecond: number }} LoopFigures
 */
export async function runMainProcessJob(job) {
  const sessionModule = dist('electron/core/session/session.js');
  if (!fs.existsSync(sessionModule)) throw new Error('dist/ is missing: run "npm run build:main"');
  const { Session } = await import(pathToFileURL(sessionModule).href);
  const { InProcessTransport } = await import(pathToFileURL(dist('electron/core/session/in-process-transport.js')).href);
  const { createEngine } = await import(pathToFileURL(dist('electron/core/engine/engine.js')).href);
  const { PROTOCOL_VERSION } = await import(pathToFileURL(dist('protocol/messages.js')).href);
  const { FRAME_MAGIC } = await import(pathToFileURL(dist('protocol/frame.js')).href);

  // As the hosts build it: the engine's threads in the background class (create-session.ts); `foreground`
  // below measures the same with threads at normal priority.
  /** Opens the graph and attaches a window that draws and acknowledges every frame as it arrives (frame
   *  header: seq at byte 8). @param {any} s @param {string} graph */
  const attach = async (s, graph) => {
    if (!(await s.openFile(graphPath(graph)))) throw new Error(`could not open ${graph}`);
    // Frames are acknowledged and dropped, as a socket client's are: their buffers may be reused.
    const client = new InProcessTransport({ recycleFrames: true });
    client.binaries = { push: () => 0 };
    client.onBinary((/** @type {ArrayBuffer} */ data) => {
      const view = new DataView(data);
      if (data.byteLength >= 12 && view.getUint32(0, true) === FRAME_MAGIC) client.fromClient({ type: 'ack', seq: view.getUint32(8, true) });
    });
    s.addClient(client);
    client.fromClient({ type: 'hello', protocol: PROTOCOL_VERSION });
    return client;
  };
  const session = new Session({ engine: await createEngine({ backend: 'auto', background: true }), onError: () => {}, mcp: { memoryFile: null } });
  try {
    const client = await attach(session, job.graph);

    /** Loop figures over `job.windows` stats windows (250 ms each). */
    const measure = async (/** @type {any} */ client) => {
      await client.next('stats');
      const windows = [];
      for (let i = 0; i < job.windows; i++) windows.push(await client.next('stats'));
      const p99 = windows.map((w) => w.figures.asyncCompletion.eventLoopDelayP99Ms);
      return {
        p50Ms: median(windows.map((w) => w.figures.asyncCompletion.eventLoopDelayP50Ms)),
        p99MedianMs: median(p99),
        p99WorstMs: Math.max(...p99),
        stepsPerSecond: median(windows.map((w) => w.engine.stepsPerSecond)),
      };
    };
    session.setPaused(true);
    const idle = await measure(client);
    await session.setSwitch('stabilityGate', false); // keep it stepping for the whole measurement
    session.setPaused(false);
    const asyncOn = await measure(client);
    await session.setSwitch('asyncCompletion', false);
    const asyncOff = await measure(client);
    await session.setSwitch('asyncCompletion', true);

    const nodes = session.engine.nodeCount;
    // The same stepping and streaming with the engine's threads at normal priority.
    session.setPaused(true);
    let foreground;
    {
      const other = new Session({ engine: await createEngine({ backend: 'auto', background: false }), onError: () => {}, mcp: { memoryFile: null } });
      try {
        const c = await attach(other, job.graph);
        await other.setSwitch('stabilityGate', false);
        foreground = await measure(c);
      } finally {
        await other.dispose();
      }
    }
    // One exact step, then a cancel inside the next one (on a graph where one exact step takes seconds).
    session.setPaused(true);
    if (job.exactGraph !== job.graph && !(await session.openFile(graphPath(job.exactGraph)))) throw new Error(`could not open ${job.exactGraph}`);
    session.setPaused(true);
    await session.setParams({ theta: 0 });
    const engine = session.engine;
    let t = performance.now();
    await engine.step(1);
    const stepMs = performance.now() - t;
    const controller = new AbortController();
    const running = engine.step(1, controller.signal).catch(() => undefined);
    await sleep(Math.min(stepMs / 3, 2000));
    t = performance.now();
    controller.abort();
    await running;
    const cancelMs = performance.now() - t;
    return { graph: job.graph, nodes, idle, asyncOn, asyncOff, foreground, exact: { graph: job.exactGraph, nodes: engine.nodeCount, stepMs, cancelMs } };
  } finally {
    await session.dispose();
  }
}

// Only when this file is the forked script itself, never when imported.
if (process.send && isMainModule(import.meta.url)) {
  process.once('message', async (/** @type {any} */ message) => {
    try {
      process.send?.({ type: 'result', result: await runMainProcessJob(message.job) });
    } catch (error) {
      process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      process.exitCode = 1;
    }
    process.disconnect?.();
  });
}
