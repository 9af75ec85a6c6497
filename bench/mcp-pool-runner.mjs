// The "mcp pool" section: the MCP pool (dist/electron/core/mcp) against the real server-memory on a temp copy of
// the Diseasome seed. Sequential read_graph and search_nodes latency with the pool on and off (off spawns a
// server per call, so it runs fewer calls, stated in the output), and how long a relation added by a second,
// independent client takes to arrive as a GraphCommand from the watching source (polling at the app's default
// rate), and one added through the pool itself (resource subscription).
// Run alone: node bench/mcp-pool-runner.mjs [--calls N] [--off-calls N] [--trials N]; npm run bench runs it too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainModule, serveChildJob } from './child-job.mjs';
import { REPO_ROOT } from './graph-catalogue.mjs';

const dist = (/** @type {string} */ p) => pathToFileURL(path.join(REPO_ROOT, 'dist', p)).href;

/**
 * @typedef {{ calls: number, p50Ms: number, p95Ms: number, meanMs: number }} Latency
 * @typedef {{ tool: string, on: Latency, off: Latency, ratioP50: number, ratioP95: number }} ToolRow
 * @typedef {{ via: string, pollMs: number, trials: number, p50Ms: number, maxMs: number }} WatchRow
 * @typedef {{ entities: number, relations: number, tools: ToolRow[], watch: WatchRow[], figures: Record<string, number>, node: string }} McpPoolResult
 */

/**
 * @param {{ calls?: number, offCalls?: number, trials?: number, pollMs?: number }} job
 * @returns {Promise<McpPoolResult>}
 */
export async function runMcpPoolJob(job = {}) {
  const calls = job.calls ?? 1000;
  const offCalls = job.offCalls ?? 50;
  const trials = job.trials ?? 5;
  const pollMs = job.pollMs ?? 2000;
  const poolModule = path.join(REPO_ROOT, 'dist/electron/core/mcp/mcp-pool.js');
  if (!fs.existsSync(poolModule)) throw new Error('dist/ is missing the MCP pool: run "npm run build:main"');
  /** @type {any} */ const { McpPool } = await import(dist('electron/core/mcp/mcp-pool.js'));
  /** @type {any} */ const { McpGraphSource } = await import(dist('electron/core/mcp/mcp-graph-source.js'));
  /** @type {any} */ const memory = await import(dist('electron/core/mcp/memory-server.js'));
  /** @type {any} */ const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  /** @type {any} */ const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forcelab-mcp-bench-'));
  const file = path.join(dir, 'memory.jsonl');
  await memory.ensureMemoryFile(file);
  const def = memory.defaultMemoryServer(file);
  const pool = new McpPool([def], { healthIntervalMs: 0 });
  /** @type {any} */ let other;
  try {
    const queries = ['cancer', 'APP', 'Neurological', 'gene', 'Alzheimer', 'BRCA'];
    /** @type {Record<string, [string, Record<string, unknown>][]>} */
    const tools = {
      read_graph: [['read_graph', {}]],
      search_nodes: queries.map((q) => /** @type {[string, Record<string, unknown>]} */ (['search_nodes', { query: q }])),
    };
    const time = async (/** @type {string} */ tool, /** @type {number} */ n) => {
      const ms = [];
      const variants = tools[tool];
      for (let i = 0; i < n; i++) {
        const [name, args] = variants[i % variants.length];
        const t = performance.now();
        await pool.callTool('memory', name, args);
        ms.push(performance.now() - t);
      }
      return latency(ms);
    };
    const first = await pool.callTool('memory', 'read_graph', {});
    const kg = /** @type {{ entities: unknown[], relations: unknown[] }} */ (first.structuredContent);
    for (let i = 0; i < 20; i++) await pool.callTool('memory', 'search_nodes', { query: 'x' }); // warm-up

    /** @type {ToolRow[]} */
    const rows = [];
    for (const tool of Object.keys(tools)) {
      pool.setPooling(true);
      const on = await time(tool, calls);
      pool.setPooling(false);
      const off = await time(tool, offCalls);
      rows.push({ tool, on, off, ratioP50: off.p50Ms / on.p50Ms, ratioP95: off.p95Ms / on.p95Ms });
    }
    pool.setPooling(true);
    const figures = pool.figures();

    // A relation added elsewhere: the source sees it on its next poll.
    const transport = new StdioClientTransport({ command: def.command, args: def.args, env: def.env, stderr: 'pipe' });
    transport.stderr?.on('data', () => {});
    other = new Client({ name: 'bench-second-client', version: '1' });
    await other.connect(transport);
    /** @type {WatchRow[]} */
    const watch = [];
    for (const [via, ms] of /** @type {const} */ ([['second client (poll)', pollMs], ['same pool (subscription)', 600_000]])) {
      const source = await McpGraphSource.open(pool, 'memory', { pollMs: ms });
      /** @type {((cmds: any[]) => void) | undefined} */ let waiting;
      await source.watch({ onCommands: (/** @type {any[]} */ cmds) => waiting?.(cmds), onError: () => {} });
      const times = [];
      for (let t = 0; t < trials; t++) {
        const to = `bench relation target ${via} ${t}`;
        const arrived = new Promise((resolve) => {
          waiting = (cmds) => {
            if (cmds.some((c) => c.op === 'addEdges' && c.edges.some((/** @type {any} */ e) => e.target === to))) resolve(undefined);
          };
        });
        const entities = { entities: [{ name: to, entityType: 'bench', observations: [] }] };
        const relations = { relations: [{ from: 'Alzheimer disease', to, relationType: 'bench' }] };
        // Entity first, untimed; then wait past one re-read so only the relation is new.
        if (via.startsWith('second')) await other.callTool({ name: 'create_entities', arguments: entities });
        else await pool.callTool('memory', 'create_entities', entities);
        await new Promise((r) => setTimeout(r, via.startsWith('second') ? ms + 300 : 300));
        // Stagger the start against the poll phase, so the figure is not one fixed offset.
        await new Promise((r) => setTimeout(r, ((t * 0.37) % 1) * Math.min(ms, 2000)));
        const t0 = performance.now();
        if (via.startsWith('second')) await other.callTool({ name: 'create_relations', arguments: relations });
        else await pool.callTool('memory', 'create_relations', relations);
        await arrived;
        times.push(performance.now() - t0);
      }
      await source.stop();
      const sorted = [...times].sort((a, b) => a - b);
      watch.push({ via, pollMs: via.startsWith('second') ? ms : 0, trials, p50Ms: sorted[Math.floor((sorted.length - 1) / 2)], maxMs: sorted[sorted.length - 1] });
    }
    return { entities: kg.entities.length, relations: kg.relations.length, tools: rows, watch, figures, node: process.version };
  } finally {
    await other?.close().catch(() => {});
    await pool.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** @param {number[]} ms */
function latency(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (/** @type {number} */ p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { calls: s.length, p50Ms: at(0.5), p95Ms: at(0.95), meanMs: s.reduce((a, b) => a + b, 0) / s.length };
}

/**
 * The section as Markdown lines.
 * @param {McpPoolResult | { error: string } | undefined} r
 */
export function renderMcpPool(r) {
  const out = ['', '## MCP pool', ''];
  if (!r) return [...out, 'Not measured (--no-switches).'];
  if ('error' in r) return [...out, `Not measured: ${r.error}`];
  const f = (/** @type {number} */ x) => x.toFixed(x < 10 ? 2 : 1);
  out.push(`server-memory on the Diseasome seed (${r.entities} entities, ${r.relations} relations), sequential calls, Node ${r.node}.`);
  out.push('Pool off connects, initialises, calls and closes (a new server process) per call, so it runs fewer calls; the call counts are in the table.', '');
  out.push('| tool | on: calls | on p50 ms | on p95 ms | off: calls | off p50 ms | off p95 ms | off/on p50 | off/on p95 |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const t of r.tools) {
    out.push(`| ${t.tool} | ${t.on.calls} | ${f(t.on.p50Ms)} | ${f(t.on.p95Ms)} | ${t.off.calls} | ${f(t.off.p50Ms)} | ${f(t.off.p95Ms)} | ${t.ratioP50.toFixed(1)}x | ${t.ratioP95.toFixed(1)}x |`);
  }
  out.push('', 'Relation added on the server until its GraphCommand arrives from the watching source:', '');
  out.push('| change made by | poll ms | trials | p50 ms | max ms |', '|---|---:|---:|---:|---:|');
  for (const w of r.watch) out.push(`| ${w.via} | ${w.pollMs || '-'} | ${w.trials} | ${f(w.p50Ms)} | ${f(w.maxMs)} |`);
  return out;
}

if (!serveChildJob(import.meta.url, runMcpPoolJob) && isMainModule(import.meta.url)) {
  const argv = process.argv.slice(2);
  const opt = (/** @type {string} */ k) => {
    const i = argv.indexOf(`--${k}`);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const result = await runMcpPoolJob({ calls: opt('calls'), offCalls: opt('off-calls'), trials: opt('trials'), pollMs: opt('poll-ms') });
  process.stdout.write(`${renderMcpPool(result).join('\n')}\n`);
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
