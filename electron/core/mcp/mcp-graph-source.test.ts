// The live source against the real server-memory: changes made by a second, independent client (its own
// server process on the same file) arrive as GraphCommands.
import { afterEach, describe, expect, it } from 'vitest';
import type { GraphCommand } from '../../../protocol/graph-edits.js';
import { McpGraphSource } from './mcp-graph-source.js';
import { McpPool } from './mcp-pool.js';
import { secondClient, sleep, tempMemory, until } from './test-helpers.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(pollMs = 100) {
  const m = await tempMemory();
  cleanups.push(m.cleanup);
  const pool = new McpPool([m.def], { healthIntervalMs: 0 });
  cleanups.push(() => pool.dispose());
  const source = await McpGraphSource.open(pool, 'memory', { pollMs });
  cleanups.push(() => source.stop());
  const got: GraphCommand[] = [];
  const errors: Error[] = [];
  await source.watch({ onCommands: (c) => got.push(...c), onError: (e) => errors.push(e) });
  return { m, pool, source, got, errors };
}

describe('McpGraphSource', () => {
  it('opens the seed as a LoadedGraph: entity types as categories, relations as typed edges', async () => {
    const { source } = await setup();
    const g = source.graph;
    expect(g.source).toBe('mcp:memory');
    expect(g.nodeIds.length).toBe(1419);
    expect(g.edges.length / 2).toBe(2738);
    expect(g.categories).toEqual(['disorder', 'gene']);
    expect(new Set(g.edgeTypes)).toEqual(new Set(['associated_gene', 'disorder_disorder']));
    const i = g.nodeIds.indexOf('Alzheimer disease');
    expect(g.nodeAttributes?.[i]).toMatchObject({ label: 'Alzheimer disease', category: 'disorder', observations: 'gexf id: 30\ndisclass: Neurological' });
    expect(source.mode).toBe('subscribe+poll'); // server-memory offers resources.subscribe
  });

  it('entities and relations added and deleted by a second client arrive as GraphCommands', async () => {
    const { m, got, errors } = await setup();
    const other = await secondClient(m.def);
    cleanups.push(() => other.close());
    await other.client.callTool({ name: 'create_entities', arguments: { entities: [{ name: 'ForceLab test gene', entityType: 'gene', observations: ['added by a test'] }] } });
    await other.client.callTool({ name: 'create_relations', arguments: { relations: [{ from: 'Alzheimer disease', to: 'ForceLab test gene', relationType: 'associated_gene' }] } });
    await until(() => got.some((c) => c.op === 'addEdges'), 10_000, 'the addEdges command');
    expect(got.find((c) => c.op === 'addNodes')).toEqual({
      op: 'addNodes',
      nodes: [{ id: 'ForceLab test gene', label: 'ForceLab test gene', attributes: expect.objectContaining({ category: 'gene', observations: 'added by a test' }) }],
    });
    expect(got.find((c) => c.op === 'addEdges')).toEqual({ op: 'addEdges', edges: [{ source: 'Alzheimer disease', target: 'ForceLab test gene', type: 'associated_gene' }] });
    got.length = 0;
    await other.client.callTool({ name: 'delete_entities', arguments: { entityNames: ['ForceLab test gene'] } });
    await until(() => got.length > 0, 10_000, 'the removeNodes command');
    expect(got).toEqual([{ op: 'removeNodes', ids: ['ForceLab test gene'] }]);
    expect(errors).toEqual([]);
  });

  it('a change through the pool itself arrives by subscription, before the next poll', async () => {
    const { pool, got } = await setup(60_000);
    await pool.callTool('memory', 'create_entities', { entities: [{ name: 'via pool', entityType: 'x', observations: [] }] });
    await until(() => got.length > 0, 5000, 'the subscription');
    expect(got[0]).toMatchObject({ op: 'addNodes', nodes: [{ id: 'via pool' }] });
  });

  it('search returns matching entity names; stop leaves no timer and emits nothing more', async () => {
    const { m, source, got } = await setup();
    const names = await source.search('Alzheimer');
    expect(names).toContain('Alzheimer disease');
    await source.stop();
    expect(source.mode).toBe('off');
    const other = await secondClient(m.def);
    cleanups.push(() => other.close());
    await other.client.callTool({ name: 'create_entities', arguments: { entities: [{ name: 'after stop', entityType: 'x', observations: [] }] } });
    await sleep(400);
    expect(got).toEqual([]);
  });
});
