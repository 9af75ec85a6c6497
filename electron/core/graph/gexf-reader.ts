// GEXF (1.1-1.3 and the older Gephi dialect, diseasome.gexf's) read as a stream of elements. Kept per node: its
// label, the declared attributes (by id, or by title where the id is a number) with their declared types, and viz:position / viz:color / viz:size as
// x, y, z, color ("rgb(r,g,b)") and size, the names the window reads. Edges keep their weight, label, kind and
// declared attributes. Without a
// defaultedgetype the graph is directed, as GEXF says; an edge of type "directed" makes it directed too.
// Nested (hierarchical) nodes are read as nodes of the one graph.
import { checkedWeight } from './edge-weight.js';
import { GraphBuilder } from './graph-builder.js';
import { GraphFormatError, type LoadedGraph } from './graph-types.js';
import type { TextParser } from './text-parser.js';
import { XmlGraphRefs } from './xml-graph-refs.js';
import { createXmlStream, typedValue, type XmlElement } from './xml-stream.js';

interface Declared {
  title: string;
  type?: string;
}

export function createGexfReader(file: string, meta: { name: string; source: string }): TextParser {
  const builder = new GraphBuilder();
  const refs = new XmlGraphRefs(builder, file);
  const attributes: Record<'node' | 'edge', Map<string, Declared>> = { node: new Map(), edge: new Map() };
  let attributeClass: 'node' | 'edge' | null = null;
  let sawRoot = false;
  let directed = true;
  let anyDirectedEdge = false;
  /** The node whose children are being read (nested nodes stack). */
  const nodes: Array<{ index: number; attrs: Record<string, unknown> }> = [];
  /** The edge whose children are being read, with its attributes. */
  let edge: { index: number; attrs: Record<string, unknown> } | null = null;

  const where = (el: XmlElement) => `line ${el.line} <${el.local}>`;
  const need = (el: XmlElement, name: string): string => refs.need(el, name);
  const number = (el: XmlElement, name: string): number | undefined => {
    const raw = el.attrs[name];
    if (raw === undefined) return undefined;
    const v = Number(raw);
    if (!Number.isFinite(v)) throw new GraphFormatError(file, where(el), `${name}="${raw.slice(0, 40)}" is not a number`);
    return v;
  };

  const xml = createXmlStream(file, {
    open(el, depth) {
      if (depth === 1) {
        if (el.local !== 'gexf') throw new GraphFormatError(file, `line ${el.line}`, `expected a <gexf> document, found <${el.local}>`);
        sawRoot = true;
        return;
      }
      switch (el.local) {
        case 'graph':
          directed = (el.attrs.defaultedgetype ?? 'directed') !== 'undirected';
          return;
        case 'attributes':
          attributeClass = el.attrs.class === 'edge' ? 'edge' : el.attrs.class === 'node' || el.attrs.class === undefined ? 'node' : null;
          return;
        case 'attribute':
          if (attributeClass) {
            // Keyed by its id, a stable name (Gephi's "modularity_class"), unless the id is a bare number (Gephi's
            // "0", "1"): then by its title.
            const id = need(el, 'id');
            attributes[attributeClass].set(id, { title: /^\d+$/.test(id) ? (el.attrs.title ?? id) : id, type: el.attrs.type });
          }
          return;
        case 'node': {
          const index = refs.declareNode(el);
          const attrs: Record<string, unknown> = {};
          if (el.attrs.label !== undefined) attrs.label = el.attrs.label;
          nodes.push({ index, attrs });
          return;
        }
        case 'edge': {
          const [si, ti] = refs.edgeEnds(el);
          if (el.attrs.type === 'directed') anyDirectedEdge = true;
          const w = el.attrs.weight === undefined ? undefined : checkedWeight(el.attrs.weight, file, where(el));
          const attrs: Record<string, unknown> = {};
          if (el.attrs.label !== undefined) attrs.label = el.attrs.label;
          if (el.attrs.kind !== undefined) attrs.kind = el.attrs.kind;
          edge = { index: builder.addEdge(si, ti, w), attrs };
          return;
        }
        case 'attvalue': {
          const owner = edge ?? nodes[nodes.length - 1];
          if (!owner) return;
          const key = el.attrs.for ?? el.attrs.id; // `id` in the older dialect
          if (key === undefined) throw new GraphFormatError(file, where(el), 'has no for attribute');
          const decl = attributes[edge ? 'edge' : 'node'].get(key);
          owner.attrs[decl?.title ?? key] = typedValue(el.attrs.value ?? '', decl?.type);
          return;
        }
        case 'position': {
          const node = nodes[nodes.length - 1];
          if (edge || !node) return;
          for (const axis of ['x', 'y', 'z'] as const) {
            const v = number(el, axis);
            if (v !== undefined) node.attrs[axis] = v;
          }
          return;
        }
        case 'color': {
          const node = nodes[nodes.length - 1];
          if (edge || !node) return;
          if (el.attrs.hex) node.attrs.color = el.attrs.hex;
          else {
            const [r, g, b] = (['r', 'g', 'b'] as const).map((c) => number(el, c) ?? 0);
            const a = number(el, 'a');
            node.attrs.color = a === undefined ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${a})`;
          }
          return;
        }
        case 'size': {
          const node = nodes[nodes.length - 1];
          const v = number(el, 'value');
          if (!edge && node && v !== undefined) node.attrs.size = v;
          return;
        }
      }
    },
    close(local) {
      if (local === 'node') {
        const node = nodes.pop()!;
        if (Object.keys(node.attrs).length) builder.setAttributes(node.index, node.attrs);
      } else if (local === 'edge' && edge) {
        if (Object.keys(edge.attrs).length) builder.setEdgeAttributes(edge.index, edge.attrs);
        edge = null;
      }
      else if (local === 'attributes') attributeClass = null;
    },
  });

  return {
    push: (text) => xml.push(text),
    finish(): LoadedGraph {
      xml.end();
      if (!sawRoot) throw new GraphFormatError(file, 'line 1', 'no <gexf> element: not a GEXF file');
      refs.check();
      if (builder.nodeCount === 0) throw new GraphFormatError(file, 'GEXF', 'the graph has no nodes');
      return builder.build({ ...meta, directed: directed || anyDirectedEdge });
    },
  };
}
