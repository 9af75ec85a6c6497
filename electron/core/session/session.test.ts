// The session with the real native engine and the bundled samples, through an in-process transport.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ServerMessage } from '../../../protocol/messages.js';
import { createEngine } from '../engine/engine.js';
import { Session } from './session.js';
import { InProcessTransport } from './in-process-transport.js';

const dblp = resolve(__dirname, '../../../../shared/data/dblp-2010.mtx.gz');
type Stats = Extract<ServerMessage, { type: 'stats' }>;

let session: Session | undefined;
afterEach(async () => {
  await session?.dispose();
  session = undefined;
});

async function start(sample = 'karate'): Promise<{ s: Session; t: InProcessTransport }> {
  const s = (session = new Session({ engine: await createEngine({ backend: 'cpu', threads: 2 }), onError: () => {} }));
  expect(await s.openSample(sample)).toBe(true);
  const t = new InProcessTransport();
  s.addClient(t);
  const welcome = t.next('welcome');
  t.fromClient({ type: 'hello', protocol: PROTOCOL_VERSION });
  await welcome;
  return { s, t };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const loopDelay = (m: Stats) => m.figures.asyncCompletion!.eventLoopDelayP99Ms!;

describe('session', () => {
  it('reports the event-loop delay beyond the sampling interval: near zero idle, large when the loop is blocked', async () => {
    const { s, t } = await start();
    s.setPaused(true);
    await t.next('stats');
    const idle: number[] = [];
    for (let i = 0; i < 6; i++) idle.push(loopDelay(await t.next('stats')));
    // The interval itself (10 ms) used to be reported as delay, in every window. Other work on these 2 cores can
    // delay an idle loop for real, so the quietest window is held to near zero and the median below the interval.
    expect(Math.min(...idle)).toBeLessThan(3);
    expect(median(idle)).toBeLessThan(10);
    // Block the loop for 60 ms inside one window: that window's p99 shows it.
    const busy = t.next('stats');
    setTimeout(() => {
      const until = performance.now() + 60;
      while (performance.now() < until);
    }, 50);
    const after = [loopDelay(await busy), loopDelay(await t.next('stats'))];
    expect(Math.max(...after)).toBeGreaterThan(40);
  });

  it('shows settled only while the stability gate skips every step, and not for a graph just opened', async () => {
    const { s, t } = await start('karate');
    let m = await t.next('stats', (x) => x.engine.stepsPerSecond > 0);
    expect(m.engine.settled).toBe(false);
    m = await t.next('stats', (x) => x.engine.settled, 40_000);
    expect(m.engine.stepsPerSecond).toBe(0);
    expect(m.figures.stabilityGate!.stepsPerSecond).toBe(0);
    // A new graph: the first stats after it do not carry the old graph's rest.
    const graph = t.next('graph', (g) => g.graph.name.includes('les'));
    expect(await s.openSample('les-miserables')).toBe(true);
    await graph;
    expect((await t.next('stats')).engine.settled).toBe(false);
    // With the gate off the layout always steps, so it never reads as settled.
    await s.setSwitch('stabilityGate', false);
    await t.next('stats');
    for (let i = 0; i < 4; i++) {
      const x = await t.next('stats');
      expect(x.engine.settled).toBe(false);
      expect(x.engine.stepsPerSecond).toBeGreaterThan(0);
    }
  });

  it('carries figures grouped as the switch table declares, with no cancel latency before any cancel', async () => {
    const { t } = await start();
    const m = await t.next('stats');
    expect(Object.keys(m.figures.deviceMemory!)).toEqual(expect.arrayContaining(['allocationsPerStep', 'allocationsPerSecond']));
    expect(m.figures.frameQuantisation!.bytesPerFrame).toBeGreaterThan(0);
    expect(m.figures.general!.tasksRunning).toBeGreaterThanOrEqual(0);
    expect(m.figures.general).not.toHaveProperty('cancelLatencyMs');
    // The store's figures ride along from the start (nothing edited yet: nothing copied).
    expect(m.figures.graphMessages).toEqual({ bytesCopiedPerUpdate: 0, updateLatencyP50Ms: 0, updateLatencyP95Ms: 0 });
  });

  it('reports switches with nothing behind them as off and refuses to flip them', async () => {
    const { s, t } = await start();
    const welcome = t.messages.find((m) => m.type === 'welcome') as Extract<ServerMessage, { type: 'welcome' }>;
    expect(welcome.switches.labelCache).toBe(false);
    expect(welcome.liveSwitches).not.toContain('labelCache');
    expect(welcome.liveSwitches).toContain('mcpPool');
    expect(welcome.switches.frameQuantisation).toBe(true);
    await expect(s.setSwitch('labelCache', true)).rejects.toThrow(/switch labelCache is not wired yet: it lands with communities/);
    const error = t.next('error');
    t.fromClient({ type: 'setSwitch', name: 'labelCache', on: true });
    expect((await error).message).toMatch(/labelCache is not wired yet/);
    expect(s.switches().labelCache).toBe(false);
  });

  it('answers a repeated hello with an error instead of sending the graph again', async () => {
    const { t } = await start();
    const graphs = () => t.messages.filter((m) => m.type === 'graph').length;
    const payloads = t.binaries.length;
    expect(graphs()).toBe(1);
    const error = t.next('error');
    for (let i = 0; i < 20; i++) t.fromClient({ type: 'hello', protocol: PROTOCOL_VERSION });
    expect((await error).message).toMatch(/hello was already answered/);
    await t.next('stats');
    expect(graphs()).toBe(1);
    // Only frames (small) arrived since, no second graph payload.
    expect(t.binaries.slice(payloads).every((b) => b.byteLength < 10_000)).toBe(true);
  });

  it('refuses any message but hello before hello', async () => {
    const s = (session = new Session({ engine: await createEngine({ backend: 'cpu' }), onError: () => {} }));
    const t = new InProcessTransport();
    s.addClient(t);
    const error = t.next('error');
    t.fromClient({ type: 'pause' });
    expect((await error).message).toMatch(/pause before hello/);
    expect(s.paused).toBe(false);
  });

  it('leaves nothing running after dispose, even with clustering and a long exact step in flight', async () => {
    const threads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
    const resources = () => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap');
    await sleep(50);
    const before = { threads: threads(), resources: resources().length };
    const engine = await createEngine({ backend: 'cpu', threads: 2 });
    const s = new Session({ engine, onError: () => {} });
    const t = new InProcessTransport();
    s.addClient(t);
    t.fromClient({ type: 'hello', protocol: PROTOCOL_VERSION });
    expect(await s.openFile(dblp)).toBe(true);
    expect(s.tasks.list().map((x) => x.kind), 'clustering starts with the graph').toContain('cluster');
    // Exact repulsion on 326k nodes: one step takes tens of seconds on two cores.
    await s.setParams({ theta: 0 });
    await sleep(300);
    expect(threads()).toBeGreaterThan(before.threads);
    expect(engine.memory().liveBytes).toBeGreaterThan(0);
    const t0 = performance.now();
    await s.dispose();
    expect(performance.now() - t0, 'dispose answers within a step, not after it').toBeLessThan(1500);
    expect(t.isClosed).toBe(true);
    expect(engine.memory().liveBytes).toBe(0);
    await sleep(50);
    expect(resources().length).toBeLessThanOrEqual(before.resources);
    expect(threads()).toBeLessThanOrEqual(before.threads);
    const stats = t.messages.filter((m) => m.type === 'stats').length;
    await sleep(600);
    expect(t.messages.filter((m) => m.type === 'stats').length, 'no stats after dispose').toBe(stats);
  });
});
