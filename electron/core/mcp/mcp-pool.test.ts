// Against the real server-memory (spawned per test on a temp file) and a fake server for the faults.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { McpPool, type McpPoolOptions } from './mcp-pool.js';
import { McpPoolError } from './mcp-errors.js';
import { readKnowledgeGraph } from './mcp-graph-source.js';
import { memorySeedPath } from './memory-server.js';
import type { ServerDefinition } from './server-definition.js';
import { fakeServer, isDead, sleep, tempMemory, until } from './test-helpers.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function pool(defs: ServerDefinition[], opts: McpPoolOptions = {}): { pool: McpPool; pids: Set<number> } {
  const p = new McpPool(defs, { healthIntervalMs: 0, backoffBaseMs: 50, ...opts });
  const pids = new Set<number>();
  p.onSession((e) => e.event === 'open' && e.pid !== null && pids.add(e.pid));
  cleanups.push(async () => {
    await p.dispose();
    for (const pid of pids) expect(isDead(pid), `pid ${pid} left running`).toBe(true);
  });
  return { pool: p, pids };
}

async function memory() {
  const m = await tempMemory();
  cleanups.push(m.cleanup);
  return m;
}

describe('McpPool with server-memory', () => {
  it('loads the Diseasome seed: as many entities and relations as the JSONL', async () => {
    const m = await memory();
    const lines = readFileSync(memorySeedPath(), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string });
    const { pool: p } = pool([m.def]);
    const kg = await readKnowledgeGraph(p, 'memory');
    expect(kg.entities.size).toBe(lines.filter((l) => l.type === 'entity').length);
    expect(kg.relations.size).toBe(lines.filter((l) => l.type === 'relation').length);
    expect(kg.entities.size).toBe(1419);
    expect(kg.relations.size).toBe(2738);
    expect(kg.dangling).toBe(0);
  });

  it('concurrent first requests share one connect; requests spread over sessions; dispose leaves no child', async () => {
    const m = await memory();
    const { pool: p, pids } = pool([m.def], { maxSessions: 2 });
    await Promise.all(Array.from({ length: 5 }, () => p.callTool('memory', 'search_nodes', { query: 'APP' })));
    expect(p.figures().mcpConnects).toBe(1);
    // Keep the one session busy: the pool grows a second in the background.
    await Promise.all(Array.from({ length: 20 }, () => p.callTool('memory', 'read_graph')));
    await until(() => p.figures().mcpSessionsOpen === 2, 10_000, 'a second session');
    const live = p.pids();
    expect(live.length).toBe(2);
    const f = p.figures();
    expect(f.mcpCallP50Ms).toBeGreaterThan(0);
    expect(f.mcpCallP95Ms).toBeGreaterThanOrEqual(f.mcpCallP50Ms);
    await p.dispose();
    for (const pid of [...pids, ...live]) expect(isDead(pid)).toBe(true);
  });

  it('least busy: with two sessions, concurrent calls go to both', async () => {
    const { pool: p } = pool([fakeServer('fake', 'ok')], { maxSessions: 2 });
    await p.callTool('fake', 'echo');
    // The second call finds the only session busy: the pool grows one in the background.
    await Promise.all([p.callTool('fake', 'slow', { ms: 300 }), p.callTool('fake', 'slow', { ms: 300 })]);
    await until(() => p.figures().mcpSessionsOpen === 2, 10_000, 'a second session');
    const answers = await Promise.all(Array.from({ length: 10 }, () => p.callTool('fake', 'pid')));
    const seen = new Set(answers.map((r) => (r.content as Array<{ text: string }>)[0].text));
    expect(seen.size).toBe(2);
  });

  it('pool off: every call spawns and closes its own process', async () => {
    const m = await memory();
    const { pool: p, pids } = pool([m.def]);
    p.setPooling(false);
    for (let i = 0; i < 3; i++) await p.callTool('memory', 'search_nodes', { query: 'gene' });
    expect(pids.size).toBe(3);
    expect(p.figures().mcpConnects).toBe(3);
    expect(p.figures().mcpSessionsOpen).toBe(0);
    for (const pid of pids) expect(isDead(pid)).toBe(true);
    p.setPooling(true);
    await p.callTool('memory', 'search_nodes', { query: 'gene' });
    await p.callTool('memory', 'search_nodes', { query: 'gene' });
    expect(p.figures().mcpConnects).toBe(4);
  });

  it('the server killed mid-call: the call fails naming the server, the session is replaced, the next call works', async () => {
    const m = await memory();
    const { pool: p } = pool([m.def]);
    await p.callTool('memory', 'search_nodes', { query: 'x' });
    const [pid] = p.pids();
    const pending = p.callTool('memory', 'read_graph');
    process.kill(pid, 'SIGKILL');
    await expect(pending).rejects.toThrow(/MCP server "memory": the connection was lost during tool "read_graph"/);
    const kg = await readKnowledgeGraph(p, 'memory');
    expect(kg.entities.size).toBe(1419);
    expect(p.figures().mcpReconnects).toBe(1);
    expect(p.pids()).not.toContain(pid);
  });

  it('an idle session is evicted; the next call reconnects', async () => {
    const m = await memory();
    const { pool: p, pids } = pool([m.def], { idleTimeoutMs: 200 });
    await p.callTool('memory', 'search_nodes', { query: 'x' });
    const [first] = p.pids();
    await until(() => p.figures().mcpIdleEvictions === 1, 5000, 'an idle eviction');
    await until(() => isDead(first), 5000, 'the evicted process to exit');
    expect(p.figures().mcpSessionsOpen).toBe(0);
    await p.callTool('memory', 'search_nodes', { query: 'x' });
    expect(pids.size).toBe(2);
    expect(p.figures().mcpReconnects).toBe(0); // an eviction is not a crash
  });

  it('health checks ping live sessions; one that stops answering is replaced', async () => {
    const m = await memory();
    const { pool: p } = pool([m.def], { healthIntervalMs: 100 });
    await p.callTool('memory', 'search_nodes', { query: 'x' });
    await until(() => p.figures().mcpHealthChecks >= 3, 5000, 'health checks');
    expect(p.figures().mcpHealthFailures).toBe(0);

    const { pool: q } = pool([fakeServer('fake', 'no-ping')], { healthIntervalMs: 150 });
    await q.callTool('fake', 'echo', { value: 'hi' });
    await until(() => q.figures().mcpHealthFailures >= 1, 5000, 'a failed health check');
    await until(() => q.figures().mcpReconnects >= 1, 5000, 'the replacement');
  });
});

describe('McpPool faults', () => {
  it('a server that hangs: the call times out naming server, tool and timeout; an AbortSignal cancels', async () => {
    const { pool: p } = pool([fakeServer('fake', 'ok')]);
    await expect(p.callTool('fake', 'hang', {}, { timeoutMs: 300 })).rejects.toThrow('MCP server "fake": tool "hang" timed out after 300 ms');
    const ac = new AbortController();
    const call = p.callTool('fake', 'hang', {}, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect((await p.callTool('fake', 'echo', { value: 'still here' })).content).toEqual([{ type: 'text', text: 'still here' }]);
    expect(p.figures().mcpTimeouts).toBe(1);
  });

  it('the fake server killed during a slow call', async () => {
    const { pool: p } = pool([fakeServer('fake', 'ok')]);
    await p.callTool('fake', 'echo');
    const [pid] = p.pids();
    const pending = p.callTool('fake', 'slow', { ms: 2000 });
    await sleep(100);
    process.kill(pid, 'SIGKILL');
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpPoolError);
    expect(err).toMatchObject({ kind: 'closed', server: 'fake' });
    await p.callTool('fake', 'echo');
    expect(p.figures().mcpReconnects).toBe(1);
  });

  it('a command that is not installed: the error names it', async () => {
    const { pool: p } = pool([{ name: 'nope', command: 'forcelab-no-such-mcp-server', args: ['--x'], env: {} }]);
    await expect(p.callTool('nope', 'read_graph')).rejects.toThrow(/MCP server "nope": could not start "forcelab-no-such-mcp-server --x": command not found/);
  });

  it('a server that fails to start: the error names the command and quotes its stderr', async () => {
    const { pool: p } = pool([fakeServer('crashy', 'crash')]);
    const err = (await p.callTool('crashy', 'read_graph').catch((e: unknown) => e)) as McpPoolError;
    expect(err.kind).toBe('start');
    expect(err.message).toContain('fake-mcp-server.mjs crash" exited before it answered initialize');
    expect(err.message).toContain('stderr: Error: cannot read /nonexistent/config.json');
    expect(err.detail.stderrTail).toContain('fake server: loading config');
  });

  it('read_graph of the wrong shape or not JSON: a clear error', async () => {
    const { pool: p } = pool([fakeServer('badjson', 'bad-json'), fakeServer('badshape', 'bad-shape')]);
    await expect(readKnowledgeGraph(p, 'badjson')).rejects.toThrow(/MCP server "badjson": read_graph did not return JSON/);
    await expect(readKnowledgeGraph(p, 'badshape')).rejects.toThrow(/MCP server "badshape": read_graph did not return a knowledge graph \(\{ entities, relations \}\): entities: /);
  });

  it('a server that never answers initialize: the call fails within acquireTimeoutMs naming the server', async () => {
    const { pool: p } = pool([fakeServer('silent', 'silent')], { acquireTimeoutMs: 500 });
    const t = performance.now();
    const err = (await p.callTool('silent', 'echo').catch((e: unknown) => e)) as McpPoolError;
    expect(performance.now() - t).toBeLessThan(2000);
    expect(['acquire', 'start']).toContain(err.kind);
    expect(err.message).toMatch(/^MCP server "silent": (no session within 500 ms|.*did not answer initialize in time)/);
  });

  it('after a failed start the next attempt waits its backoff; past acquireTimeoutMs the call fails at once', async () => {
    const { pool: p } = pool([fakeServer('crashy', 'crash')], { backoffBaseMs: 5000, acquireTimeoutMs: 1000 });
    await expect(p.callTool('crashy', 'x')).rejects.toMatchObject({ kind: 'start' });
    const t = performance.now();
    await expect(p.callTool('crashy', 'x')).rejects.toThrow(/MCP server "crashy" is not available \(retrying in \d+ ms\) \(last error: MCP server "crashy": .* exited before it answered initialize/);
    expect(performance.now() - t).toBeLessThan(200);
    expect(p.figures().mcpConnects).toBe(0);
  });

  it('an unknown server name lists the defined ones', async () => {
    const { pool: p } = pool([fakeServer('fake', 'ok')]);
    await expect(p.callTool('other', 'x')).rejects.toThrow('MCP server "other" is not defined (defined: fake)');
  });
});
