// JSON node-link graphs (d3, networkx node_link_data): {nodes:[{id,...}], links|edges:[{source,target,weight?}]}.
// source/target name a node id; a number that is no id is taken as an index into `nodes` (d3's convention).
import { checkedWeight } from './edge-weight.js';
import { GraphBuilder } from './graph-builder.js';
import { jsonErrorIndex, lineOfIndex } from './json-error-position.js';
import { GraphFormatError, type LoadedGraph } from './graph-types.js';

export function parseJsonGraph(file: string, text: string, meta: { name: string; source: string }): LoadedGraph {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new GraphFormatError(file, jsonErrorWhere(text), `invalid JSON (${(err as Error).message})`);
  }
  if (!isObj(doc)) throw new GraphFormatError(file, 'top level', 'expected an object {nodes: [...], links: [...]}');
  const nodes = doc.nodes;
  const linksKey = Array.isArray(doc.links) ? 'links' : 'edges';
  const links = doc[linksKey];
  if (!Array.isArray(nodes)) throw new GraphFormatError(file, 'nodes', 'expected an array of nodes');
  if (!Array.isArray(links)) throw new GraphFormatError(file, 'links', 'expected an array "links" or "edges"');

  const builder = new GraphBuilder();
  nodes.forEach((n, i) => {
    const id = isObj(n) ? n.id : undefined;
    if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
      throw new GraphFormatError(file, `nodes[${i}]`, 'needs an "id" (string or number)');
    }
    const key = String(id);
    if (builder.hasNode(key)) throw new GraphFormatError(file, `nodes[${i}]`, `duplicate id ${JSON.stringify(key)}`);
    const node = builder.node(key);
    const { id: _id, ...attrs } = n as Record<string, unknown>;
    if (Object.keys(attrs).length) builder.setAttributes(node, attrs);
  });

  const endpoint = (v: unknown, where: string, end: string): number => {
    // d3 mutates links to hold node objects; accept {id} there too.
    const key = isObj(v) ? v.id : v;
    if (typeof key === 'string' || typeof key === 'number') {
      const byId = builder.indexOf(String(key));
      if (byId !== undefined) return byId;
      if (typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < builder.nodeCount) return key;
    }
    throw new GraphFormatError(file, where, `${end} ${JSON.stringify(key)} is not the id of a node`);
  };

  links.forEach((l, i) => {
    const where = `${linksKey}[${i}]`;
    if (!isObj(l)) throw new GraphFormatError(file, where, 'expected an object {source, target}');
    const s = endpoint(l.source, where, 'source');
    const t = endpoint(l.target, where, 'target');
    let weight: number | undefined;
    if (l.weight !== undefined) {
      if (typeof l.weight !== 'number') throw new GraphFormatError(file, where, `weight ${JSON.stringify(l.weight)} is not a number`);
      weight = checkedWeight(l.weight, file, where);
    }
    const index = builder.addEdge(s, t, weight);
    const { source: _s, target: _t, weight: _w, ...attrs } = l;
    if (Object.keys(attrs).length) builder.setEdgeAttributes(index, attrs);
  });
  return builder.build({ ...meta, directed: doc.directed === true });
}

/** The line where the JSON first breaks, for a message a person can act on. */
function jsonErrorWhere(text: string): string {
  const at = jsonErrorIndex(text);
  return at < 0 ? 'JSON' : `line ${lineOfIndex(text, at)}`;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
