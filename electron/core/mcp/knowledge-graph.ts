// A knowledge graph (server-memory's read_graph: entities and typed relations) as a graph source: validated,
// turned into a LoadedGraph for the engine and the window, and diffed into GraphCommands when it changes.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { GraphCommand } from '../../../protocol/graph-edits.js';
import { GraphBuilder } from '../graph/graph-builder.js';
import type { LoadedGraph } from '../graph/graph-types.js';
import { McpPoolError } from './mcp-errors.js';
import { describeIssues } from './server-definition.js';

// Loose objects: a server may add fields of its own; these three are what a knowledge graph is.
const entitySchema = z.looseObject({
  name: z.string().min(1, { error: 'entity name must not be empty' }),
  entityType: z.string(),
  observations: z.array(z.string()).default([]),
});
const relationSchema = z.looseObject({ from: z.string(), to: z.string(), relationType: z.string() });
export const knowledgeGraphSchema = z.looseObject({ entities: z.array(entitySchema), relations: z.array(relationSchema) });

export interface Entity {
  name: string;
  entityType: string;
  observations: string[];
}
export interface Relation {
  from: string;
  to: string;
  relationType: string;
}

/** Entities by name and relations by (from, to, type), in the server's order; relations to unknown entities dropped. */
export interface KnowledgeGraph {
  entities: Map<string, Entity>;
  relations: Map<string, Relation>;
  /** Relations whose endpoint is not an entity (server-memory allows them); not shown, counted. */
  dangling: number;
}

/** A LoadedGraph that also keeps what a knowledge graph says about its edges. */
export interface KnowledgeLoadedGraph extends LoadedGraph {
  /** relationType per edge (same order as `edges`). */
  edgeTypes: string[];
  /** The entity types, in order of first appearance: the legend's groups (node attribute `category`). */
  categories: string[];
  danglingRelations: number;
}

const relationKey = (r: Relation) => JSON.stringify([r.from, r.to, r.relationType]);

/**
 * The knowledge graph in a tool result: structuredContent when the server sends it, else the JSON of its first
 * text block. Anything else throws naming the server, the tool and what was wrong.
 */
export function parseKnowledgeGraphResult(server: string, tool: string, result: CallToolResult): KnowledgeGraph {
  const fail = (what: string, cause?: unknown) => new McpPoolError('call', server, `MCP server "${server}": ${tool} ${what}`, { tool, cause });
  const text = result.content?.find((c) => c.type === 'text')?.text;
  if (result.isError) throw fail(`returned an error: ${text ?? '(no message)'}`);
  let data: unknown = result.structuredContent;
  if (data === undefined) {
    if (text === undefined) throw fail('returned neither structuredContent nor a text block');
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw fail(`did not return JSON: ${(err as Error).message} (text starts ${JSON.stringify(text.slice(0, 60))})`, err);
    }
  }
  const parsed = knowledgeGraphSchema.safeParse(data);
  if (!parsed.success) throw fail(`did not return a knowledge graph ({ entities, relations }): ${describeIssues(parsed.error)}`);
  const entities = new Map<string, Entity>();
  for (const e of parsed.data.entities) {
    if (!entities.has(e.name)) entities.set(e.name, { name: e.name, entityType: e.entityType, observations: e.observations });
  }
  const relations = new Map<string, Relation>();
  let dangling = 0;
  for (const r of parsed.data.relations) {
    if (!entities.has(r.from) || !entities.has(r.to)) {
      dangling++;
      continue;
    }
    const rel = { from: r.from, to: r.to, relationType: r.relationType };
    relations.set(relationKey(rel), rel);
  }
  return { entities, relations, dangling };
}

/** What the inspector shows and the legend groups by: `category` is the entity type. */
export function entityAttributes(e: Entity): Record<string, string | number> {
  return { label: e.name, category: e.entityType, entityType: e.entityType, observations: e.observations.join('\n'), observationCount: e.observations.length };
}

export function knowledgeGraphToLoaded(kg: KnowledgeGraph, meta: { name: string; source: string }): KnowledgeLoadedGraph {
  const b = new GraphBuilder();
  const categories: string[] = [];
  const seen = new Set<string>();
  for (const e of kg.entities.values()) {
    b.setAttributes(b.node(e.name), entityAttributes(e));
    if (!seen.has(e.entityType)) {
      seen.add(e.entityType);
      categories.push(e.entityType);
    }
  }
  const edgeTypes: string[] = [];
  for (const r of kg.relations.values()) {
    b.addEdge(b.node(r.from), b.node(r.to));
    edgeTypes.push(r.relationType);
  }
  // Relations have a direction ("Alzheimer disease" associated_gene "APP").
  return { ...b.build({ ...meta, directed: true }), edgeTypes, categories, danglingRelations: kg.dangling };
}

/**
 * The store commands that turn `before` into `after`, in the order the store applies them well: edges and nodes
 * out, nodes and edges in, then attribute changes. A removed entity's relations go with its node.
 */
export function diffKnowledgeGraphs(before: KnowledgeGraph, after: KnowledgeGraph): GraphCommand[] {
  const out: GraphCommand[] = [];
  const removeEdges = [...before.relations]
    .filter(([k, r]) => !after.relations.has(k) && after.entities.has(r.from) && after.entities.has(r.to))
    .map(([, r]) => ({ source: r.from, target: r.to, type: r.relationType }));
  if (removeEdges.length) out.push({ op: 'removeEdges', edges: removeEdges });
  const removeIds = [...before.entities.keys()].filter((n) => !after.entities.has(n));
  if (removeIds.length) out.push({ op: 'removeNodes', ids: removeIds });
  const added = [...after.entities.values()].filter((e) => !before.entities.has(e.name));
  if (added.length) out.push({ op: 'addNodes', nodes: added.map((e) => ({ id: e.name, label: e.name, attributes: entityAttributes(e) })) });
  const addEdges = [...after.relations].filter(([k]) => !before.relations.has(k)).map(([, r]) => ({ source: r.from, target: r.to, type: r.relationType }));
  if (addEdges.length) out.push({ op: 'addEdges', edges: addEdges });
  for (const e of after.entities.values()) {
    const old = before.entities.get(e.name);
    if (old && (old.entityType !== e.entityType || old.observations.join('\n') !== e.observations.join('\n'))) {
      out.push({ op: 'setAttributes', id: e.name, attributes: entityAttributes(e) });
    }
  }
  return out;
}

/** Entity names in a search_nodes result (same shape as read_graph). */
export function parseSearchResult(server: string, result: CallToolResult): string[] {
  return [...parseKnowledgeGraphResult(server, 'search_nodes', result).entities.keys()];
}
