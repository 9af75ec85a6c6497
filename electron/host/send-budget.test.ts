// A client that asks and never reads, against the real browser host serving dblp-2010 (326k nodes). A repeated
// hello used to be answered with the whole graph (payload and names, ~15 MB) each time; the session now refuses
// it, and the send budget holds on its own: every graph swapped in goes to every client, so a client that stops
// reading while graphs keep arriving is cut off, told why, and the host's memory stays within a bound.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../protocol/messages.js';
import { HARD_BUDGET_FLOOR_BYTES } from '../core/transport/send-budget.js';
import { startBrowserHost, type BrowserHost } from './browser-host.js';

const dblp = resolve(__dirname, '../../../shared/data/dblp-2010.mtx.gz');
/** Growth of this process's RSS (host and test client together) allowed while the client floods; today it is GBs. */
const RSS_GROWTH_BOUND = 512 * 2 ** 20;
const HELLOS = 1000;

let host: BrowserHost;
let rendererDir: string;
const logged: string[] = [];

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'forcelab-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ForceLab test page</title>');
  host = await startBrowserHost({ graphFile: dblp, rendererDir, onError: (m) => logged.push(m) });
  host.session.setPaused(true); // the layout's CPU is not what this test is about
}, 120_000);

afterAll(async () => {
  await host?.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('browser host send budget', () => {
  it(`keeps memory bounded for a client that sends hello ${HELLOS} times and reads nothing, and cuts it off (1008, with the reason) once graphs pile up`, async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: reason.toString() })));
    // Stop reading: what the host sends piles up in the kernel, then in the host.
    (ws as unknown as { _socket: Socket })._socket.pause();

    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const refused = () => logged.find((m) => m.includes('client stopped reading'));
    for (let i = 0; i < HELLOS; i++) {
      ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION }));
      if (i % 10 === 9) {
        await tick(20); // let the host answer these before the next batch
        peak = Math.max(peak, process.memoryUsage().rss);
        // Without a bound this would take the machine's memory: stop asking once it is clearly exceeded.
        if (peak - rss0 > RSS_GROWTH_BOUND) break;
      }
    }
    await tick(200);
    // Repeated hellos are refused with a short error each, so they alone never reach the budget.
    expect(refused()).toBeUndefined();
    // Graphs keep arriving (a person opening files): each goes to every client, this one included.
    for (let i = 0; i < 8 && !refused(); i++) {
      expect(await host.session.openFile(dblp)).toBe(true);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    await tick(200);
    peak = Math.max(peak, process.memoryUsage().rss);
    const growth = peak - rss0;
    console.log(`send budget: RSS ${(rss0 / 2 ** 20).toFixed(0)} MiB before, peak growth ${(growth / 2 ** 20).toFixed(0)} MiB; ${refused() ?? 'no refusal'}`);
    expect(growth).toBeLessThan(RSS_GROWTH_BOUND);

    const message = refused();
    expect(message, `host log: ${logged.join(' | ')}`).toMatch(/^disconnected a client: client stopped reading: [\d.]+ MiB unsent, over the [\d.]+ MiB send budget$/);
    const [unsent, budget] = [...message!.matchAll(/([\d.]+) MiB/g)].map((m) => Number(m[1]) * 2 ** 20);
    expect(budget).toBeGreaterThanOrEqual(HARD_BUDGET_FLOOR_BYTES);
    expect(unsent).toBeGreaterThan(budget);
    expect(unsent).toBeLessThan(budget + 32 * 2 ** 20); // the budget is checked before every message, so it overshoots by at most one
    expect(logged.filter((m) => m.includes('client stopped reading'))).toHaveLength(1);

    // Reading again, the client gets what was queued and then the close frame with the reason.
    (ws as unknown as { _socket: Socket })._socket.resume();
    const { code, reason } = await closed;
    expect(code).toBe(1008);
    expect(reason).toMatch(/^client stopped reading: [\d.]+ MiB unsent, over the [\d.]+ MiB send budget$/);
    await expect.poll(() => host.session.clientCount).toBe(0);
  }, 120_000);

  it('answers a reading client one graph for its first hello and a short error for each repeat, and keeps it', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const got: string[] = [];
    ws.on('message', (data, isBinary) => got.push(isBinary ? `binary:${(data as Buffer).byteLength}` : JSON.parse(data.toString()).type));
    for (let i = 0; i < 5; i++) ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION }));
    await expect.poll(() => got.filter((t) => t === 'error').length, { timeout: 30_000 }).toBe(4);
    await expect.poll(() => got.filter((t) => t === 'nodeNames').length, { timeout: 30_000 }).toBe(1);
    await tick(300);
    expect(got.filter((t) => t === 'nodeNames')).toHaveLength(1);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  }, 60_000);
});
