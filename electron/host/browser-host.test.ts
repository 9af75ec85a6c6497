// The browser host end to end in-process: a real HTTP server on 127.0.0.1, real `ws` clients, the real engine.
import { createHook } from 'node:async_hooks';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGraphText } from '../core/graph/load-graph.js';
import { decodeFrame, isFrame, type Frame } from '../../protocol/frame.js';
import { decodeGraphPayload, isGraphPayload, type GraphPayload } from '../../protocol/graph-payload.js';
import { PROTOCOL_VERSION, type ServerMessage } from '../../protocol/messages.js';
import { startBrowserHost, type BrowserHost } from './browser-host.js';

type Event = { kind: 'json'; msg: ServerMessage } | { kind: 'graph'; payload: GraphPayload } | { kind: 'frame'; frame: Frame };

class TestClient {
  readonly events: Event[] = [];
  private waiters: Array<() => void> = [];
  closed = false;
  autoAck = true;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const buf = data as Buffer;
        const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
        if (isGraphPayload(ab)) this.events.push({ kind: 'graph', payload: decodeGraphPayload(ab) });
        else if (isFrame(ab)) {
          const frame = decodeFrame(ab);
          this.events.push({ kind: 'frame', frame });
          if (this.autoAck) this.send({ type: 'ack', seq: frame.seq });
        } else throw new Error('unknown binary message');
      } else this.events.push({ kind: 'json', msg: JSON.parse(data.toString()) });
      for (const w of this.waiters.splice(0)) w();
    });
    ws.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const c = new TestClient(ws);
      ws.once('open', () => resolve(c));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(m: unknown): void {
    this.ws.send(typeof m === 'string' ? m : JSON.stringify(m));
  }

  /** Waits for the first event after index `from` that matches. */
  async next<T extends Event>(match: (e: Event) => e is T, from = 0, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      if (this.closed) throw new Error('socket closed while waiting');
      if (Date.now() > deadline) throw new Error(`timed out; saw ${this.events.map((e) => (e.kind === 'json' ? e.msg.type : e.kind)).join(',')}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }
}

const json = <T extends ServerMessage['type']>(type: T) => (e: Event): e is { kind: 'json'; msg: Extract<ServerMessage, { type: T }> } => e.kind === 'json' && e.msg.type === type;
const isGraph = (e: Event): e is { kind: 'graph'; payload: GraphPayload } => e.kind === 'graph';
const isFrameEvent = (e: Event): e is { kind: 'frame'; frame: Frame } => e.kind === 'frame';

let host: BrowserHost;
let rendererDir: string;
const wsUrl = (token = host.token) => `ws://127.0.0.1:${host.port}/ws?token=${token}`;

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'forcelab-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ForceLab test page</title>');
  host = await startBrowserHost({ port: 0, rendererDir });
});

afterAll(async () => {
  await host?.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

describe('browser host', () => {
  it('binds 127.0.0.1 and serves the renderer, nothing outside it', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('ForceLab test page');
    const escape = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fpackage.json`);
    expect([403, 404]).toContain(escape.status);
  });

  it('refuses a wrong or missing token with 401 and a foreign Origin with 403', async () => {
    await expect(TestClient.open(wsUrl('not-the-token'))).rejects.toThrow('HTTP 401');
    await expect(TestClient.open(`ws://127.0.0.1:${host.port}/ws`)).rejects.toThrow('HTTP 401');
    await expect(TestClient.open(wsUrl(), { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(TestClient.open(wsUrl(), { Origin: `http://127.0.0.1:${host.port + 1}` })).rejects.toThrow('HTTP 403');
    const ok = await TestClient.open(wsUrl(), { Origin: `http://localhost:${host.port}` });
    ok.ws.close();
  });

  it('answers an upgrade with a malformed URL with 400 and keeps serving', async () => {
    // `new URL('//[', base)` throws; an exception in the upgrade handler would take the whole host down.
    const reply = await new Promise<string>((resolve, reject) => {
      const sock = connect(host.port, '127.0.0.1', () => {
        sock.write(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
      });
      let text = '';
      sock.on('data', (d) => (text += d.toString()));
      sock.on('close', () => resolve(text));
      sock.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    const ok = await TestClient.open(wsUrl());
    ok.ws.close();
  });

  it('greets a client with welcome, the graph, its payload, then frames, and keeps at most 2 unacked', async () => {
    const c = await TestClient.open(wsUrl(), { Origin: `http://127.0.0.1:${host.port}` });
    c.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    const welcome = await c.next(json('welcome'));
    expect(welcome.msg.samples).toContain('les-miserables');
    expect(['cpu', 'cuda']).toContain(welcome.msg.backend);
    expect(welcome.msg.switches.frameQuantisation).toBe(true);
    // Only switches with something behind them are offered as working.
    expect(welcome.msg.liveSwitches).toContain('frameQuantisation');
    expect(welcome.msg.liveSwitches).toContain('stabilityGate');
    expect(welcome.msg.liveSwitches).toContain('graphMessages');
    expect(welcome.msg.liveSwitches).not.toContain('labelCache');
    expect(welcome.msg.liveSwitches).toContain('mcpPool');
    const graph = await c.next(json('graph'));
    expect(graph.msg.graph).toMatchObject({ name: 'les-miserables', nodeCount: 77, edgeCount: 254, source: 'sample:les-miserables' });
    const payload = await c.next(isGraph);
    expect(payload.payload).toMatchObject({ graphId: graph.msg.graph.graphId, nodeCount: 77, edgeCount: 254 });
    const names = await c.next(json('nodeNames'));
    expect(names.msg.graphId).toBe(graph.msg.graph.graphId);
    expect(names.msg.ids).toHaveLength(77);
    expect(names.msg.labels?.[0]).toBe('Myriel');
    const order = c.events.map((e) => (e.kind === 'json' ? e.msg.type : e.kind));
    expect(order.indexOf('welcome')).toBeLessThan(order.indexOf('graph'));
    const frame = await c.next(isFrameEvent, c.events.indexOf(payload));
    expect(frame.frame.nodeCount).toBe(77);
    for (const v of frame.frame.positions.subarray(0, 77 * 3)) expect(Number.isFinite(v)).toBe(true);
    // Acked frames keep coming while the layout moves (reheat: by now the first layout may have settled,
    // and a settled layout sends nothing new).
    c.send({ type: 'reheat' });
    await c.next((e): e is { kind: 'frame'; frame: Frame } => isFrameEvent(e) && e.frame.seq > frame.frame.seq + 3);
    await c.next(json('stats'));
    // Stop acking: the host must stop at 2 frames in flight.
    c.autoAck = false;
    c.send({ type: 'reheat' });
    const mark = c.events.length;
    await new Promise((r) => setTimeout(r, 600));
    const unacked = c.events.slice(mark).filter(isFrameEvent).length;
    expect(unacked).toBeLessThanOrEqual(2);
    c.ws.close();
  });

  it('answers malformed messages with an error and keeps the connection', async () => {
    const c = await TestClient.open(wsUrl());
    c.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    await c.next(json('welcome'));
    let mark = c.events.length;
    c.send('this is not json');
    expect((await c.next(json('error'), mark)).msg.message).toMatch(/bad message: not JSON/);
    mark = c.events.length;
    c.send({ type: 'setParams', params: { theta: 42 } });
    expect((await c.next(json('error'), mark)).msg.message).toMatch(/parameter theta must be a number in \[0, 2\]/);
    mark = c.events.length;
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await c.next(json('error'), mark)).msg.message).toMatch(/binary/);
    mark = c.events.length;
    c.send({ type: 'openSample', name: 'no-such-sample' });
    expect((await c.next(json('error'), mark)).msg.message).toMatch(/unknown sample "no-such-sample"; samples are les-miserables, karate/);
    mark = c.events.length;
    c.send({ type: 'reheat' });
    c.send({ type: 'pause' });
    expect((await c.next(json('paused'), mark)).msg.paused).toBe(true);
    expect(c.closed).toBe(false);
    // Paused means the engine does not step: iterations stand still between stats reports.
    const s1 = await c.next(json('stats'), c.events.length);
    const s2 = await c.next(json('stats'), c.events.indexOf(s1) + 1);
    expect(s2.msg.engine.iterations).toBe(s1.msg.engine.iterations);
    c.send({ type: 'resume' });
    await c.next((e): e is { kind: 'json'; msg: { type: 'paused'; paused: false } } => e.kind === 'json' && e.msg.type === 'paused' && !e.msg.paused, mark);
    c.ws.close();
  });

  it('applies parameters for everyone, refuses another protocol version, and cancels a running import', async () => {
    const c = await TestClient.open(wsUrl());
    c.send({ type: 'hello', protocol: 99 });
    expect((await c.next(json('error'))).msg.message).toMatch(/protocol version 99 is not supported/);
    c.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    const before = (await c.next(json('graph'))).msg.graph;
    let mark = c.events.length;
    c.send({ type: 'setParams', params: { gravity: 0.5, dimensions: 2 } });
    const params = await c.next(json('params'), mark);
    expect(params.msg.params).toMatchObject({ gravity: 0.5, dimensions: 2 });
    const flat = await c.next((e): e is { kind: 'frame'; frame: Frame } => isFrameEvent(e) && e.frame.positions.subarray(0, 77 * 3).every((v, i) => i % 3 !== 2 || v === 0), mark);
    expect(flat.frame.nodeCount).toBe(77); // 2D: z = 0 for every node
    c.send({ type: 'setParams', params: { gravity: 0.02, dimensions: 3 } });
    await c.next(json('params'), c.events.length - 1);

    // A big import runs as a task; cancelling it leaves the graph as it was.
    mark = c.events.length;
    const importing = host.session.openFile(resolve(__dirname, '../../../shared/data/dblp-2010.mtx.gz'));
    const running = await c.next((e): e is { kind: 'json'; msg: Extract<ServerMessage, { type: 'task' }> } => json('task')(e) && e.msg.task.kind === 'import' && e.msg.task.state === 'running', mark);
    c.send({ type: 'cancelTask', taskId: running.msg.task.taskId });
    expect(await importing).toBe(false);
    const cancelled = await c.next((e): e is { kind: 'json'; msg: Extract<ServerMessage, { type: 'task' }> } => json('task')(e) && e.msg.task.taskId === running.msg.task.taskId && e.msg.task.state !== 'running', mark);
    expect(cancelled.msg.task.state).toBe('cancelled');
    expect(host.session.store.info()?.graphId).toBe(before.graphId);
    // Cancelled after parsing, while the swap waited for the engine: the swap must not happen either.
    const parsed = await parseGraphText('late.csv', 'a,b\nb,c\n');
    const late = new AbortController();
    late.abort(new DOMException('cancelled', 'AbortError'));
    await expect(host.session.setGraph(parsed, late.signal)).rejects.toThrow(/cancelled/);
    expect(host.session.store.info()?.graphId).toBe(before.graphId);
    expect(host.session.engine.nodeCount).toBe(77);
    mark = c.events.length;
    c.send({ type: 'cancelTask', taskId: running.msg.task.taskId });
    expect((await c.next(json('error'), mark)).msg.message).toMatch(/no running task/);
    c.ws.close();
  });

  it('rejects a bad file naming the line and keeps the graph; then opens a sample for every client', async () => {
    const a = await TestClient.open(wsUrl());
    const b = await TestClient.open(wsUrl());
    for (const c of [a, b]) c.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    const before = (await a.next(json('graph'))).msg.graph;
    await b.next(json('graph'));
    let mark = a.events.length;
    a.send({ type: 'openFile', name: 'broken.csv', text: '1 2\n2 3\nthree-is-not-an-edge\n' });
    expect((await a.next(json('error'), mark)).msg.message).toMatch(/broken\.csv: line 3/);
    const failed = await a.next((e): e is { kind: 'json'; msg: Extract<ServerMessage, { type: 'task' }> } => e.kind === 'json' && e.msg.type === 'task' && e.msg.task.state === 'failed', mark);
    expect(failed.msg.task.kind).toBe('import');
    expect(a.events.slice(mark).some(json('graph'))).toBe(false);
    // Frames still describe the old graph.
    const frame = await a.next(isFrameEvent, mark);
    expect(frame.frame.nodeCount).toBe(before.nodeCount);

    mark = a.events.length;
    const markB = b.events.length;
    a.send({ type: 'openSample', name: 'karate' });
    const g = await a.next(json('graph'), mark);
    expect(g.msg.graph).toMatchObject({ name: 'karate', nodeCount: 34, edgeCount: 78 });
    expect(g.msg.graph.graphId).toBeGreaterThan(before.graphId);
    expect((await b.next(json('graph'), markB)).msg.graph.graphId).toBe(g.msg.graph.graphId);
    const karateFrame = await b.next((e): e is { kind: 'frame'; frame: Frame } => isFrameEvent(e) && e.frame.nodeCount === 34, markB);
    expect(karateFrame.frame.nodeCount).toBe(34);
    a.send({ type: 'openSample', name: 'les-miserables' }); // leave the default for other tests
    await a.next((e): e is { kind: 'json'; msg: Extract<ServerMessage, { type: 'graph' }> } => json('graph')(e) && e.msg.graph.nodeCount === 77, mark);
    a.ws.close();
    b.ws.close();
  });

  it('switches frame encoding live and reports switch changes to everyone', async () => {
    const c = await TestClient.open(wsUrl());
    c.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    await c.next(isFrameEvent);
    const mark = c.events.length;
    c.send({ type: 'setSwitch', name: 'frameQuantisation', on: false });
    const sw = await c.next(json('switches'), mark);
    expect(sw.msg.switches.frameQuantisation).toBe(false);
    c.send({ type: 'reheat' });
    const f = await c.next((e): e is { kind: 'frame'; frame: Frame } => isFrameEvent(e) && e.frame.encoding === 0, mark);
    expect(f.frame.nodeCount).toBe(77);
    c.send({ type: 'setSwitch', name: 'frameQuantisation', on: true });
    await c.next((e): e is { kind: 'json'; msg: Extract<ServerMessage, { type: 'switches' }> } => json('switches')(e) && e.msg.switches.frameQuantisation, mark);
    // A switch with nothing behind it yet is refused, not silently flipped.
    const markUnwired = c.events.length;
    c.send({ type: 'setSwitch', name: 'labelCache', on: true });
    expect((await c.next(json('error'), markUnwired)).msg.message).toMatch(/switch labelCache is not wired yet: it lands with communities/);
    expect(c.events.slice(markUnwired).some((e) => e.kind === 'json' && e.msg.type === 'switches')).toBe(false);
    c.ws.close();
  });
});

describe('browser host shutdown', () => {
  it('close() disconnects clients, frees the engine, stops listening and leaves no timer or socket', async () => {
    // Track every timer and socket created while the host lives; all must be destroyed after close().
    const live = new Map<number, string>();
    const hook = createHook({
      init: (id, type) => void (['Timeout', 'TCPWRAP', 'TCPSERVERWRAP'].includes(type) && live.set(id, type)),
      destroy: (id) => void live.delete(id),
    }).enable();
    try {
      const h = await startBrowserHost({ port: 0, rendererDir });
      const c = await TestClient.open(`ws://127.0.0.1:${h.port}/ws?token=${h.token}`);
      c.send({ type: 'hello', protocol: PROTOCOL_VERSION });
      await c.next(isFrameEvent);
      await h.close();
      await c.next((e): e is never => false, 0, 3000).catch(() => {});
      expect(c.closed).toBe(true);
      expect(h.session.clientCount).toBe(0);
      expect(h.session.engine.memory().liveBytes).toBe(0);
      // Destroy hooks run on a later tick; poll with immediates, which are not tracked.
      const until = Date.now() + 2000;
      while (live.size && Date.now() < until) await new Promise((r) => setImmediate(r));
      expect([...live.values()]).toEqual([]);
      const refused = await new Promise<string>((resolve) => connect(h.port, '127.0.0.1').on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')).on('connect', () => resolve('connected')));
      expect(refused).toBe('ECONNREFUSED');
    } finally {
      hook.disable();
    }
  });
});
