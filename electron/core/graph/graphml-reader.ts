// GraphML read as a stream of elements. Kept per node: every <data> by its key's attr.name, typed as declared
// (keys for "node", "edge" or "all", with their <default>); yEd's node graphics (y:NodeLabel, y:Geometry,
// y:Fill) also give label, x, y and color, and Gephi's r, g, b keys one color. Edges keep a weight from the key
// named "weight", and their other <data> as attributes. The graph is
// directed unless edgedefault="undirected"; an edge with directed="true" makes it directed too. Nodes of nested
// graphs are read as nodes of the one graph.
import { checkedWeight } from './edge-weight.js';
import { GraphBuilder } from './graph-builder.js';
import { GraphFormatError, type LoadedGraph } from './graph-types.js';
import type { TextParser } from './text-parser.js';
import { XmlGraphRefs } from './xml-graph-refs.js';
import { createXmlStream, typedValue, type XmlElement } from './xml-stream.js';

interface Key {
  name: string;
  type?: string;
  for: string;
  default?: string;
}

/** Largest text kept for one <data> value: a value is a label or a number, not a document. */
const MAX_DATA_CHARS = 1 << 20;

export function createGraphmlReader(file: string, meta: { name: string; source: string }): TextParser {
  const builder = new GraphBuilder();
  const refs = new XmlGraphRefs(builder, file);
  const keys = new Map<string, Key>();
  let sawRoot = false;
  let sawGraph = false;
  let directed = true;
  let anyDirectedEdge = false;
  let keyDefault: { key: Key; text: string } | null = null;
  type Owner = { kind: 'node'; index: number; attrs: Record<string, unknown>; rgb?: [unknown, unknown, unknown] } | { kind: 'edge'; line: number; s: number; t: number; weight?: number; attrs: Record<string, unknown> };
  const owners: Owner[] = [];
  /** The <data> being read: its key and the depth of the element, so text of nested markup (yEd) is skipped. */
  let data: { key: string; depth: number; text: string; line: number } | null = null;
  let yedLabel: { depth: number; text: string } | null = null;

  const need = (el: XmlElement, name: string): string => refs.need(el, name);
  const defaultsFor = (kind: 'node' | 'edge'): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const k of keys.values()) if ((k.for === kind || k.for === 'all') && k.default !== undefined) out[k.name] = typedValue(k.default, k.type);
    return out;
  };
  let nodeDefaults: Record<string, unknown> | null = null;

  const xml = createXmlStream(file, {
    open(el, depth) {
      if (depth === 1) {
        if (el.local !== 'graphml') throw new GraphFormatError(file, `line ${el.line}`, `expected a <graphml> document, found <${el.local}>`);
        sawRoot = true;
        return;
      }
      if (data) {
        // Markup inside a <data>: yEd's graphics.
        const owner = owners[owners.length - 1];
        if (owner?.kind === 'node') {
          if (el.local === 'NodeLabel') yedLabel = { depth, text: '' };
          else if (el.local === 'Geometry') {
            for (const axis of ['x', 'y'] as const) if (el.attrs[axis] !== undefined && Number.isFinite(Number(el.attrs[axis]))) owner.attrs[axis] ??= Number(el.attrs[axis]);
          } else if (el.local === 'Fill' && el.attrs.color) owner.attrs.color ??= el.attrs.color;
        }
        return;
      }
      switch (el.local) {
        case 'key': {
          const id = need(el, 'id');
          const key: Key = { name: el.attrs['attr.name'] ?? id, type: el.attrs['attr.type'], for: el.attrs.for ?? 'all' };
          keys.set(id, key);
          keyDefault = { key, text: '' };
          nodeDefaults = null;
          return;
        }
        case 'graph':
          if (!sawGraph) directed = (el.attrs.edgedefault ?? 'directed') !== 'undirected';
          sawGraph = true;
          return;
        case 'node': {
          const index = refs.declareNode(el);
          nodeDefaults ??= defaultsFor('node');
          owners.push({ kind: 'node', index, attrs: Object.keys(nodeDefaults).length ? { ...nodeDefaults } : {} });
          return;
        }
        case 'edge': {
          const [si, ti] = refs.edgeEnds(el);
          if (el.attrs.directed === 'true') anyDirectedEdge = true;
          owners.push({ kind: 'edge', line: el.line, s: si, t: ti, attrs: {} });
          return;
        }
        case 'data':
          if (owners.length) data = { key: need(el, 'key'), depth, text: '', line: el.line };
          return;
      }
    },
    text(t) {
      if (yedLabel) yedLabel.text += t;
      else if (data && data.text.length < MAX_DATA_CHARS) data.text += t;
      else if (keyDefault) keyDefault.text += t;
    },
    close(local, depth) {
      if (yedLabel && depth === yedLabel.depth) {
        const owner = owners[owners.length - 1];
        if (owner?.kind === 'node' && yedLabel.text.trim() !== '') owner.attrs.label ??= yedLabel.text.trim();
        yedLabel = null;
        return;
      }
      if (data) {
        if (depth !== data.depth) return;
        const owner = owners[owners.length - 1];
        const key = keys.get(data.key);
        const name = key?.name ?? data.key;
        if (owner.kind === 'node') {
          const v = typedValue(data.text, key?.type);
          const channel = name === 'r' ? 0 : name === 'g' ? 1 : name === 'b' ? 2 : -1;
          // Gephi's r, g, b keys are one colour; kept aside until the node ends.
          if (channel >= 0 && isByte(v)) (owner.rgb ??= [undefined, undefined, undefined] as [unknown, unknown, unknown])[channel as 0 | 1 | 2] = v;
          else if (data.text.trim() !== '' || !owner.attrs[name]) owner.attrs[name] = v;
        } else if (name === 'weight') {
          if (data.text.trim() !== '') owner.weight = checkedWeight(data.text.trim(), file, `line ${data.line} <data key="${data.key}">`);
        } else owner.attrs[name] = typedValue(data.text, key?.type);
        data = null;
        return;
      }
      if (local === 'default' && keyDefault) {
        keyDefault.key.default = keyDefault.text;
      } else if (local === 'key') keyDefault = null;
      else if (local === 'node') {
        const node = owners.pop() as Extract<Owner, { kind: 'node' }>;
        const attrs = node.attrs;
        if (node.rgb) {
          const [r, g, b] = node.rgb;
          if (isByte(r) && isByte(g) && isByte(b) && attrs.color === undefined) attrs.color = `#${hex(r)}${hex(g)}${hex(b)}`;
          else node.rgb.forEach((v, k) => v !== undefined && (attrs['rgb'[k]] = v));
        }
        for (const _ in attrs) {
          builder.setAttributes(node.index, attrs);
          break;
        }
      } else if (local === 'edge') {
        const e = owners.pop() as Extract<Owner, { kind: 'edge' }>;
        const index = builder.addEdge(e.s, e.t, e.weight);
        for (const _ in e.attrs) {
          builder.setEdgeAttributes(index, e.attrs);
          break;
        }
      }
    },
  });

  return {
    push: (text) => xml.push(text),
    finish(): LoadedGraph {
      xml.end();
      if (!sawRoot) throw new GraphFormatError(file, 'line 1', 'no <graphml> element: not a GraphML file');
      refs.check();
      if (builder.nodeCount === 0) throw new GraphFormatError(file, 'GraphML', 'the graph has no nodes');
      return builder.build({ ...meta, directed: directed || anyDirectedEdge });
    },
  };
}

const isByte = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 255;
const hex = (v: number) => Math.round(v).toString(16).padStart(2, '0');
