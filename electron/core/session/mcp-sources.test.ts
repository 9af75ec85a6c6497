// MCP sources through the session, as a window drives them (client messages over an in-process transport), with
// the real native engine and the real server-memory on a temp knowledge-graph file; a second, independent MCP
// client (its own server process on the same file) plays the other app that changes the graph.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ServerMessage } from '../../../protocol/messages.js';
import { createEngine } from '../engine/engine.js';
import { isDead, secondClient, tempMemory, until } from '../mcp/test-helpers.js';
import { InProcessTransport } from './in-process-transport.js';
import type { McpSourcesOptions } from './mcp-sources.js';
import { Session } from './session.js';

type Servers = Extract<ServerMessage, { type: 'mcpServers' }>;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(mcp: McpSourcesOptions = {}) {
  const m = await tempMemory();
  cleanups.push(m.cleanup);
  const errors: string[] = [];
  const s = new Session({
    engine: await createEngine({ backend: 'cpu', threads: 2 }),
    onError: (e) => errors.push(e),
    mcp: { memoryFile: m.file, pollMs: 150, pool: { healthIntervalMs: 0 }, ...mcp },
  });
  cleanups.push(() => s.dispose());
  expect(await s.openSample('karate')).toBe(true);
  const t = new InProcessTransport();
  s.addClient(t);
  const servers = t.next('mcpServers');
  t.fromClient({ type: 'hello', protocol: PROTOCOL_VERSION });
  const first = await servers;
  return { s, t, m, errors, first };
}

const row = (msg: Servers, name: string) => msg.servers.find((x) => x.name === name);

describe('MCP sources in the session', () => {
  it('lists the built-in memory server on hello, opens its graph, and a second client’s additions arrive without a reload', async () => {
    const { s, t, m } = await start();
    expect(row({ type: 'mcpServers', servers: s.mcpSources.list() } as Servers, 'memory')).toMatchObject({ status: 'idle', open: false, builtIn: true, transport: 'stdio', sessions: 0 });
    const live = t.next('mcpServers', (x) => row(x, 'memory')?.open === true);
    const graph = t.next('graph', (x) => x.graph.source === 'mcp:memory');
    t.fromClient({ type: 'mcpOpen', name: 'memory' });
    expect((await graph).graph).toMatchObject({ nodeCount: 1419, edgeCount: 2738, name: 'memory knowledge graph' });
    expect(row(await live, 'memory')).toMatchObject({ status: 'live', open: true });
    // The read ran as a task the window saw, with its label.
    expect(t.messages.some((x) => x.type === 'task' && x.task.kind === 'mcp' && x.task.state === 'done' && /memory knowledge graph/.test(x.task.label))).toBe(true);

    // Hold the layout still: what moves now is the edit, not the layout.
    s.setPaused(true);
    await s.reheat(); // runs once the engine is idle: no step is in flight after it
    const before = s.engine.readPositions().slice();
    const nBefore = s.engine.nodeCount;
    const graphId = s.store.info()!.graphId;

    const other = await secondClient(m.def);
    cleanups.push(() => other.close());
    const delta = t.next('graphDelta', (d) => d.addNodes.ids.includes('ForceLab session test gene'), 15_000);
    await other.client.callTool({ name: 'create_entities', arguments: { entities: [{ name: 'ForceLab session test gene', entityType: 'gene', observations: ['from the session test'] }] } });
    await other.client.callTool({ name: 'create_relations', arguments: { relations: [{ from: 'Alzheimer disease', to: 'ForceLab session test gene', relationType: 'associated_gene' }] } });
    const d = await delta;
    expect(d.graphId).toBe(graphId);
    // Store and engine hold one more node, the same graph (no reload), and the edge once the relation arrived.
    const view = () => s.store.view()!;
    await until(() => view().edgeCount === 2739, 15_000, 'the relation as an edge');
    expect(view().nodeCount).toBe(1420);
    expect(s.engine.nodeCount).toBe(nBefore + 1);
    expect(s.store.info()!.graphId).toBe(graphId);
    // The rest of the layout is undisturbed: every old node is exactly where it was.
    const after = s.engine.readPositions();
    const dim = before.length / nBefore;
    expect(Array.from(after.subarray(0, before.length))).toEqual(Array.from(before));
    // The new node sits near the node it is related to, not at a random place.
    const alz = s.store.get()!.graph.nodeIds.indexOf('Alzheimer disease');
    const dist = Math.hypot(...[0, 1].map((k) => after[nBefore * dim + k]! - after[alz * dim + k]!));
    let extent = 0;
    for (let i = 0; i < before.length; i++) extent = Math.max(extent, Math.abs(before[i]!));
    expect(dist).toBeLessThan(extent / 4);

    // Search goes to the server's search_nodes and answers with node ids.
    const found = t.next('mcpSearchResult', (x) => x.requestId === 7);
    t.fromClient({ type: 'mcpSearch', requestId: 7, query: 'from the session test' });
    expect(await found).toMatchObject({ query: 'from the session test', ids: ['ForceLab session test gene'] });
    expect(s.engineStats().figures.mcpPool).toMatchObject({ mcpSessionsOpen: 1, mcpConnects: 1 });
  });

  it('a server that cannot start fails with its command named, the graph on screen stays, and the row says why', async () => {
    const { s, t } = await start();
    const graphBefore = s.store.info();
    t.fromClient({ type: 'mcpAdd', server: { transport: 'stdio', name: 'missing', command: '/nonexistent/forcelab-mcp-server', args: ['--x'] } });
    await t.next('mcpServers', (x) => !!row(x, 'missing'));
    const error = t.next('error');
    const failed = t.next('mcpServers', (x) => row(x, 'missing')?.status === 'failed');
    t.fromClient({ type: 'mcpOpen', name: 'missing' });
    expect((await error).message).toMatch(/\/nonexistent\/forcelab-mcp-server/);
    expect(row(await failed, 'missing')!.error).toMatch(/forcelab-mcp-server/);
    expect(s.store.info()).toEqual(graphBefore);
    // Unknown names and removing the built-in server are refused with a reason.
    const e2 = t.next('error');
    t.fromClient({ type: 'mcpOpen', name: 'nobody' });
    expect((await e2).message).toMatch(/no MCP server "nobody"/);
    const e3 = t.next('error');
    t.fromClient({ type: 'mcpRemove', name: 'memory' });
    expect((await e3).message).toMatch(/comes with the app/);
    // Search with no MCP source open says so instead of hanging.
    const r = t.next('mcpSearchResult');
    t.fromClient({ type: 'mcpSearch', requestId: 1, query: 'x' });
    expect((await r).error).toMatch(/no MCP source is open/);
  });

  it('keeps added servers in the settings file, beside its other settings; remove takes them out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forcelab-settings-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ theme: 'dark' }));
    const a = await start({ settingsFile });
    const added = a.t.next('mcpServers', (x) => !!row(x, 'remote'));
    a.t.fromClient({ type: 'mcpAdd', server: { transport: 'http', name: 'remote', url: 'http://127.0.0.1:9/mcp' } });
    expect(row(await added, 'remote')).toMatchObject({ transport: 'http', target: 'http://127.0.0.1:9/mcp', builtIn: false, status: 'idle' });
    await until(() => readFileSync(settingsFile, 'utf8').includes('remote'), 5000, 'the settings write');
    const saved = JSON.parse(readFileSync(settingsFile, 'utf8'));
    expect(saved).toEqual({ theme: 'dark', mcpServers: [{ name: 'remote', url: 'http://127.0.0.1:9/mcp', headers: {} }] });
    // A second add under the same name is refused.
    const dup = a.t.next('error');
    a.t.fromClient({ type: 'mcpAdd', server: { transport: 'http', name: 'remote', url: 'http://127.0.0.1:10/mcp' } });
    expect((await dup).message).toMatch(/already defined/);

    // The next session starts with it.
    const b = await start({ settingsFile });
    expect(row(b.first, 'remote')).toMatchObject({ transport: 'http', builtIn: false });
    const gone = b.t.next('mcpServers', (x) => !row(x, 'remote'));
    b.t.fromClient({ type: 'mcpRemove', name: 'remote' });
    await gone;
    await until(() => !readFileSync(settingsFile, 'utf8').includes('remote'), 5000, 'the settings write');
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ theme: 'dark', mcpServers: [] });
  });

  it('a broken settings file is reported and left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forcelab-settings-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, '{"mcpServers": [{"name": "x"}');
    const { t, errors } = await start({ settingsFile });
    const e = t.next('error');
    t.fromClient({ type: 'mcpAdd', server: { transport: 'http', name: 'remote', url: 'http://127.0.0.1:9/mcp' } });
    expect((await e).message).toMatch(/could not be read, so it is not overwritten/);
    expect(errors.join('\n')).toMatch(/settings .*settings\.json: not JSON/);
    expect(readFileSync(settingsFile, 'utf8')).toBe('{"mcpServers": [{"name": "x"}');
  });

  it('opening another graph stops following the server; disconnect closes its sessions; dispose leaves no child', async () => {
    const { s, t, m } = await start();
    const opened = t.next('mcpServers', (x) => row(x, 'memory')?.open === true);
    t.fromClient({ type: 'mcpOpen', name: 'memory' });
    await opened;
    const pids = s.mcpSources.pool.pids();
    expect(pids.length).toBe(1);
    const closed = t.next('mcpServers', (x) => row(x, 'memory')?.open === false);
    expect(await s.openSample('les-miserables')).toBe(true);
    await closed;
    // Changes on the server no longer reach the graph now on screen.
    const other = await secondClient(m.def);
    cleanups.push(() => other.close());
    await other.client.callTool({ name: 'create_entities', arguments: { entities: [{ name: 'late', entityType: 'x', observations: [] }] } });
    await new Promise((r) => setTimeout(r, 600));
    expect(s.store.view()!.nodeCount).toBe(77);
    const idle = t.next('mcpServers', (x) => row(x, 'memory')?.status === 'idle');
    t.fromClient({ type: 'mcpDisconnect', name: 'memory' });
    await idle;
    expect(s.mcpSources.pool.pids()).toEqual([]);
    await until(() => pids.every(isDead), 5000, 'the server to exit');

    // The "MCP pool" switch reaches the pool; off, each request has its own process.
    await s.setSwitch('mcpPool', false);
    expect(s.mcpSources.pool.isPooling).toBe(false);
    t.fromClient({ type: 'mcpOpen', name: 'memory' });
    await until(() => s.mcpSources.pool.figures().mcpConnects >= 2, 10_000, 'a one-shot connect');
    await s.setSwitch('mcpPool', true);
    t.fromClient({ type: 'mcpOpen', name: 'memory' });
    await until(() => s.mcpSources.pool.pids().length > 0, 10_000, 'a pooled session');
    const live = s.mcpSources.pool.pids();
    await s.dispose();
    await until(() => live.every(isDead), 5000, 'every server process to exit');
  });

  it('dispose while an MCP fetch task is still reading the graph cancels it and leaves no server process', async () => {
    const { s, t, m } = await start();
    // A knowledge graph big enough that read_graph is still in flight when dispose comes.
    const lines = Array.from({ length: 40_000 }, (_, i) => JSON.stringify({ type: 'entity', name: `e${i}`, entityType: 'thing', observations: [`fact ${i}`] }));
    writeFileSync(m.file, `${lines.join('\n')}\n`);
    t.fromClient({ type: 'mcpOpen', name: 'memory' });
    await until(() => s.mcpSources.pool.pids().length > 0, 10_000, 'the server process');
    const pids = s.mcpSources.pool.pids();
    expect(s.tasks.list().filter((x) => x.kind === 'mcp' && x.state === 'running'), 'the fetch is still running').toHaveLength(1);
    await s.dispose();
    expect(s.tasks.list().filter((x) => x.state === 'running')).toEqual([]);
    expect(s.store.view()!.nodeCount, 'the graph on screen was not replaced').toBe(34);
    await until(() => pids.every(isDead), 5000, 'the server process to exit');
  });
});
