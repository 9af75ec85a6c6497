import { describe, expect, it } from 'vitest';
import { graphCommandSchema } from '../../../protocol/graph-edits.js';
import { diffKnowledgeGraphs, knowledgeGraphToLoaded, parseKnowledgeGraphResult } from './knowledge-graph.js';
import { parseServerDefinition } from './server-definition.js';

const result = (data: unknown) => ({ content: [{ type: 'text' as const, text: JSON.stringify(data) }] });
const kg = (entities: Array<[string, string, string[]?]>, relations: Array<[string, string, string]>) =>
  parseKnowledgeGraphResult('t', 'read_graph', {
    content: [],
    structuredContent: {
      entities: entities.map(([name, entityType, observations = []]) => ({ name, entityType, observations })),
      relations: relations.map(([from, to, relationType]) => ({ from, to, relationType })),
    },
  });

describe('knowledge graph', () => {
  it('reads structuredContent or a JSON text block into a LoadedGraph with categories and typed edges', () => {
    const g = parseKnowledgeGraphResult('mem', 'read_graph', result({ entities: [{ name: 'a', entityType: 'gene', observations: ['x'] }, { name: 'b', entityType: 'disorder', observations: [] }], relations: [{ from: 'a', to: 'b', relationType: 'r' }, { from: 'a', to: 'zz', relationType: 'r' }] }));
    const loaded = knowledgeGraphToLoaded(g, { name: 'n', source: 'mcp:mem' });
    expect(loaded.nodeIds).toEqual(['a', 'b']);
    expect([...loaded.edges]).toEqual([0, 1]);
    expect(loaded.edgeTypes).toEqual(['r']);
    expect(loaded.categories).toEqual(['gene', 'disorder']);
    expect(loaded.danglingRelations).toBe(1);
    expect(loaded.nodeAttributes?.[0]).toMatchObject({ label: 'a', category: 'gene', observations: 'x' });
  });

  it('a result of the wrong shape names the server, the tool and the field', () => {
    expect(() => parseKnowledgeGraphResult('mem', 'read_graph', result({ entities: [{ name: 3 }], relations: [] }))).toThrow(/MCP server "mem": read_graph did not return a knowledge graph.*entities\.0\.name/);
    expect(() => parseKnowledgeGraphResult('mem', 'read_graph', { content: [{ type: 'text', text: 'oops' }] })).toThrow(/MCP server "mem": read_graph did not return JSON/);
    expect(() => parseKnowledgeGraphResult('mem', 'read_graph', { isError: true, content: [{ type: 'text', text: 'boom' }] })).toThrow(/returned an error: boom/);
  });

  it('diffs into valid GraphCommands: removals first, a removed entity takes its relations', () => {
    const before = kg([['a', 't'], ['b', 't'], ['c', 't', ['o']]], [['a', 'b', 'r'], ['b', 'c', 'r'], ['a', 'c', 's']]);
    const after = kg([['a', 't'], ['c', 't', ['o', 'p']], ['d', 'u']], [['a', 'c', 'r'], ['c', 'd', 'r']]);
    const cmds = diffKnowledgeGraphs(before, after);
    for (const c of cmds) expect(graphCommandSchema.safeParse(c).success).toBe(true);
    expect(cmds.map((c) => c.op)).toEqual(['removeEdges', 'removeNodes', 'addNodes', 'addEdges', 'setAttributes']);
    expect(cmds[0]).toEqual({ op: 'removeEdges', edges: [{ source: 'a', target: 'c', type: 's' }] });
    expect(cmds[1]).toEqual({ op: 'removeNodes', ids: ['b'] });
    expect(cmds[3]).toEqual({ op: 'addEdges', edges: [{ source: 'a', target: 'c', type: 'r' }, { source: 'c', target: 'd', type: 'r' }] });
    expect(diffKnowledgeGraphs(after, after)).toEqual([]);
  });

  it('server definitions: stdio or http, errors name the server and field', () => {
    expect(parseServerDefinition({ name: 'm', command: 'node' })).toEqual({ name: 'm', command: 'node', args: [], env: {} });
    expect(parseServerDefinition({ name: 'h', url: 'http://127.0.0.1:3000/mcp' })).toMatchObject({ url: 'http://127.0.0.1:3000/mcp', headers: {} });
    expect(() => parseServerDefinition({ name: 'x', url: 'ftp://a' })).toThrow(/"x"/);
    expect(() => parseServerDefinition({ name: 'x' })).toThrow(/"x"/);
  });
});
