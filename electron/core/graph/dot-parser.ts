// Graphviz DOT through @ts-graphviz/ast's parser (maintained, with line numbers in its syntax errors). The
// parser reads a whole string, so the text is gathered (bounded by MAX_DOT_CHARS) and parsed at the end. Nodes
// come from node statements and from edges that name them; `a -> b -> c` and `a -> {b c}` give every pair; a
// strict graph merges repeated edges. Defaults (`node [color=red]`) apply within their (sub)graph.
import { parse } from '@ts-graphviz/ast';
import { checkedWeight } from './edge-weight.js';
import { GraphBuilder } from './graph-builder.js';
import { GraphFormatError, type LoadedGraph } from './graph-types.js';
import type { TextParser } from './text-parser.js';

/** Largest DOT text read (its parser builds a tree of the whole file). */
export const MAX_DOT_CHARS = 256 * 1024 * 1024;
/** Subgraphs nested deeper than this are refused before parsing (the parser recurses per level). */
export const MAX_DOT_DEPTH = 500;

type Attrs = Record<string, string>;
/** The parser's tree, read loosely: only the fields used below. */
type Node = { type: string; children: Node[]; [k: string]: unknown };

export function createDotParser(file: string, meta: { name: string; source: string }): TextParser {
  const parts: string[] = [];
  let size = 0;
  return {
    push(text) {
      size += text.length;
      if (size > MAX_DOT_CHARS) throw new GraphFormatError(file, 'file', `a DOT file of more than ${MAX_DOT_CHARS / (1024 * 1024)} MiB of text is not read (its parser holds it whole)`);
      parts.push(text);
    },
    finish: () => parseDot(file, parts.join('').replace(/^\uFEFF/, ''), meta),
  };
}

function parseDot(file: string, text: string, meta: { name: string; source: string }): LoadedGraph {
  checkDepth(file, text);
  let root: Node;
  try {
    root = parse(text, { maxASTNodes: Math.max(100_000, text.length) }) as unknown as Node;
  } catch (err) {
    const e = err as Error & { cause?: { location?: { start?: { line: number; column: number } } } };
    const at = e.cause?.location?.start;
    throw new GraphFormatError(file, at ? `line ${at.line}` : 'DOT', `not valid DOT: ${e.message.split('\n')[0]}`);
  }
  const graphs = root.children.filter((c) => c.type === 'Graph');
  if (graphs.length === 0) throw new GraphFormatError(file, 'DOT', 'no graph or digraph in the file');
  const graph = graphs[0];
  const directed = graph.directed === true;
  const strict = graph.strict === true;
  const builder = new GraphBuilder();
  const attrsOf: Array<Record<string, unknown> | undefined> = [];
  const seenPairs = strict ? new Set<string>() : null;

  const literal = (n: unknown): string => String((n as { value: unknown }).value);
  const attributes = (list: Node[]): Attrs => {
    const out: Attrs = {};
    for (const a of list) if (a.type === 'Attribute') out[literal(a.key)] = literal(a.value);
    return out;
  };
  const touchNode = (id: string, attrs: Attrs | undefined, defaults: Attrs): number => {
    const known = builder.hasNode(id);
    const i = builder.node(id);
    if (!known || attrs) {
      const merged = { ...(attrsOf[i] ?? {}), ...(known ? {} : nodeAttributes(defaults)), ...(attrs ? nodeAttributes(attrs) : {}) };
      attrsOf[i] = Object.keys(merged).length ? merged : undefined;
    }
    return i;
  };
  const idsOf = (target: Node, defaults: Attrs): number[] => {
    if (target.type === 'NodeRef') return [touchNode(literal(target.id), undefined, defaults)];
    if (target.type === 'NodeRefGroup') return target.children.flatMap((c) => idsOf(c, defaults));
    return [];
  };
  const addEdge = (s: number, t: number, attrs: Attrs, line: number) => {
    if (seenPairs) {
      const key = directed || s < t ? `${s},${t}` : `${t},${s}`;
      if (seenPairs.has(key)) return;
      seenPairs.add(key);
    }
    const w = attrs.weight === undefined ? undefined : checkedWeight(attrs.weight, file, `line ${line}`);
    const index = builder.addEdge(s, t, w);
    const { weight: _w, ...rest } = attrs;
    if (Object.keys(rest).length) builder.setEdgeAttributes(index, rest);
  };

  // Statements, depth first, each (sub)graph with its own copy of the defaults.
  const walk = (statements: Node[], nodeDefaults: Attrs, edgeDefaults: Attrs) => {
    let nd = nodeDefaults, ed = edgeDefaults;
    for (const st of statements) {
      if (st.type === 'AttributeList') {
        if (st.kind === 'Node') nd = { ...nd, ...attributes(st.children) };
        else if (st.kind === 'Edge') ed = { ...ed, ...attributes(st.children) };
      } else if (st.type === 'Node') touchNode(literal(st.id), attributes(st.children), nd);
      else if (st.type === 'Edge') {
        const attrs = { ...ed, ...attributes(st.children) };
        const line = (st as { location?: { start?: { line: number } } }).location?.start?.line ?? 0;
        const targets = (st.targets as Node[]).map((t) => idsOf(t, nd));
        for (let k = 0; k + 1 < targets.length; k++) for (const s of targets[k]) for (const t of targets[k + 1]) addEdge(s, t, attrs, line);
      } else if (st.type === 'Subgraph') walk(st.children, nd, ed);
    }
  };
  walk(graph.children, {}, {});
  if (builder.nodeCount === 0) throw new GraphFormatError(file, 'DOT', 'the graph has no nodes');
  attrsOf.forEach((a, i) => a && builder.setAttributes(i, a));
  return builder.build({ ...meta, directed });
}

/** The attributes the window reads, from DOT's names: pos "x,y[!]" gives x and y, width the size. */
function nodeAttributes(a: Attrs): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  if (a.pos !== undefined) {
    const [x, y] = a.pos.replace(/!$/, '').split(',').map(Number);
    if (Number.isFinite(x) && Number.isFinite(y)) Object.assign(out, { x, y });
  }
  if (a.width !== undefined && Number.isFinite(Number(a.width))) out.size = Number(a.width);
  return out;
}

/** Brace depth outside quoted strings, refused past MAX_DOT_DEPTH with the line where it went too deep. */
function checkDepth(file: string, text: string): void {
  let depth = 0, line = 1, quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (quoted) {
      if (c === 92 /* \ */) i++;
      else if (c === 34) quoted = false;
    } else if (c === 34) quoted = true;
    else if (c === 123 /* { */ && ++depth > MAX_DOT_DEPTH) throw new GraphFormatError(file, `line ${line}`, `subgraphs nested deeper than ${MAX_DOT_DEPTH} levels`);
    else if (c === 125) depth--;
  }
}
