// Child process: the main process's own figures, with the real browser host (dist/), its Session and the real
// engine. A window stand-in in a separate process (ack-client.mjs) acknowledges every frame over the WebSocket,
// so the host's event loop carries only the host's own work. Measured: the loop's delay beyond its sampling
// interval idle and while the graph steps and streams (async completion on and off, and with the engine's
// threads at normal priority); the host's steps/s against the CLI's batch layout on the same graph; how fast a
// cancel reaches inside one exact (theta 0) step.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { serveChildJob } from './child-job.mjs';
import { graphPath, REPO_ROOT } from './graph-catalogue.mjs';
import { median } from './summarise.mjs';

const dist = (/** @type {string} */ p) => path.join(REPO_ROOT, 'dist', p);
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const ACK_CLIENT = path.join(REPO_ROOT, 'bench', 'ack-client.mjs');

/**
 * @param {{ graph: string, exactGraph: string, windows: number, cliIterations: number }} job
 * @returns {Promise<{ graph: string, nodes: number, transport: string, idle: LoopFigures, asyncOn: LoopFigures, asyncOff: LoopFigures, foreground: LoopFigures, cli: { iterations: number, stepsPerSecond: number }, exact: { graph: string, nodes: number, stepMs: number, cancelMs: number } }>}
 * @typedef {{ p50Ms: number, p99MedianMs: number, p99WorstMs: number, p99Windows: number[], stepsPerSecond: number }} LoopFigures
 */
export async function runMainProcessJob(job) {
  const hostModule = dist('electron/host/browser-host.js');
  if (!fs.existsSync(hostModule)) throw new Error('dist/ is missing: run "npm run build:main"');
  const { startBrowserHost } = await import(pathToFileURL(hostModule).href);
  const { PROTOCOL_VERSION } = await import(pathToFileURL(dist('protocol/messages.js')).href);
  const { runLayout } = await import(pathToFileURL(dist('electron/cli/layout-command.js')).href);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'forcelab-bench-host-'));
  fs.writeFileSync(path.join(scratch, 'index.html'), '<!doctype html><title>bench</title>');

  /** A host on `graph`, its engine threads in the background class unless `foreground`, and a client process
   *  acknowledging every frame; `measure` reads `job.windows` stats windows (250 ms each) from that client. */
  const openHost = async (/** @type {string} */ graph, /** @type {boolean} */ foreground) => {
    const host = await startBrowserHost({ port: 0, rendererDir: scratch, graphFile: graphPath(graph), engine: { background: !foreground }, onError: () => {}, mcp: { memoryFile: null } });
    const url = `ws://127.0.0.1:${host.port}/ws?token=${host.token}`;
    const client = spawn(process.execPath, [ACK_CLIENT, url, String(PROTOCOL_VERSION)], { stdio: ['ignore', 'pipe', 'inherit'] });
    /** @type {any[]} */ const windows = [];
    /** @type {Array<() => void>} */ let waiters = [];
    createInterface({ input: /** @type {any} */ (client.stdout) }).on('line', (line) => {
      windows.push(JSON.parse(line));
      for (const w of waiters.splice(0)) w();
    });
    const nextWindow = async () => {
      const seen = windows.length;
      while (windows.length === seen) {
        if (client.exitCode !== null) throw new Error(`the ack client ended (${client.exitCode})`);
        await new Promise((/** @type {(v?: unknown) => void} */ r) => {
          waiters.push(r);
          setTimeout(r, 1000);
        });
      }
      return windows[windows.length - 1];
    };
    const measure = async () => {
      await nextWindow(); // a window that began before the change being measured
      const got = [];
      for (let i = 0; i < job.windows; i++) got.push(await nextWindow());
      const p99 = got.map((w) => w.figures.asyncCompletion.eventLoopDelayP99Ms);
      return {
        p50Ms: median(got.map((w) => w.figures.asyncCompletion.eventLoopDelayP50Ms)),
        p99MedianMs: median(p99),
        p99WorstMs: Math.max(...p99),
        p99Windows: p99,
        stepsPerSecond: median(got.map((w) => w.engine.stepsPerSecond)),
      };
    };
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      client.kill();
      await host.close();
    };
    // Wait until the client is attached and getting stats.
    await nextWindow();
    return { host, session: host.session, measure, close };
  };

  let h = await openHost(job.graph, false);
  try {
    const session = h.session;
    session.setPaused(true);
    const idle = await h.measure();
    await session.setSwitch('stabilityGate', false); // keep it stepping for the whole measurement
    session.setPaused(false);
    const asyncOn = await h.measure();
    await session.setSwitch('asyncCompletion', false);
    const asyncOff = await h.measure();
    await session.setSwitch('asyncCompletion', true);
    const nodes = session.engine.nodeCount;
    await h.close();

    // The same stepping and streaming with the engine's threads at normal priority.
    h = await openHost(job.graph, true);
    await h.session.setSwitch('stabilityGate', false);
    const foreground = await h.measure();
    await h.close();

    // The CLI's batch layout on the same graph (forcelab layout), for the host's steps/s against it.
    const cliRun = await runLayout({ graphFile: graphPath(job.graph), iterations: job.cliIterations, out: path.join(scratch, 'positions.csv'), dimensions: 3 });
    const cli = { iterations: job.cliIterations, stepsPerSecond: job.cliIterations / (cliRun.layoutMs / 1000) };

    // One exact step, then a cancel inside the next one (on a graph where one exact step takes seconds).
    h = await openHost(job.exactGraph, false);
    h.session.setPaused(true);
    await h.session.setParams({ theta: 0 });
    const engine = h.session.engine;
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
    return { graph: job.graph, nodes, transport: 'browser host over WebSocket', idle, asyncOn, asyncOff, foreground, cli, exact: { graph: job.exactGraph, nodes: engine.nodeCount, stepMs, cancelMs } };
  } finally {
    await h.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// Only when this file is the forked script itself, never when imported.
serveChildJob(import.meta.url, runMainProcessJob);
