// GML (networkx, igraph, Newman's data sets, yEd): `key value` pairs, a value being a number, a "string" or a
// [ list ]. The graph is `graph [ directed 0|1  node [ id .. label ".." .. ]  edge [ source .. target .. ] ]`;
// keys outside it (Newman's `Creator "..."`) are allowed. Read as a stream, token by token, so a file is never
// held whole; nested lists inside a node or edge (yEd's `graphics [ x y w h fill ]`) become dotted keys
// (`graphics.x`), and the usual ones also the attributes the window reads (x, y, z, size, color).
// Hand-written: no maintained streaming GML reader exists for JavaScript (the npm ones read a whole string).
import { checkedWeight } from './edge-weight.js';
import { GraphBuilder } from './graph-builder.js';
import { GraphFormatError, type LoadedGraph } from './graph-types.js';
import type { TextParser } from './text-parser.js';

/** Lists nested deeper than this are refused (a real file nests 3 or 4 levels). */
export const MAX_GML_DEPTH = 64;

type Value = number | string;
interface Frame {
  key: string;
  line: number;
  /** Flattened attributes of a node or edge block (dotted keys for nested lists), else null. */
  attrs: Record<string, Value> | null;
  /** Dotted prefix of nested lists inside a node or edge. */
  prefix: string;
}

const DELIMITER = /[\s[\]"#]/;

export function createGmlParser(file: string, meta: { name: string; source: string }): TextParser {
  const builder = new GraphBuilder();
  const declared = new Set<string>();
  /** Edges whose ends were not declared yet: checked at the end of the file. */
  const pendingRefs = new Map<string, number>();
  const stack: Frame[] = [];
  let key: { name: string; line: number } | null = null;
  let sawGraph = false;
  let directed = false;
  let buf = '';
  let line = 1;

  const fail = (where: number, detail: string): never => {
    throw new GraphFormatError(file, `line ${where}`, detail);
  };

  const inGraph = () => stack.length >= 1 && stack[0].key === 'graph';
  const top = () => stack[stack.length - 1];

  const value = (v: Value, at: number) => {
    if (!key) return fail(at, `expected a key, found the value ${JSON.stringify(String(v).slice(0, 40))}`);
    const k = key.name;
    key = null;
    const frame = top();
    if (frame?.attrs) {
      frame.attrs[frame.prefix + k] = v;
      return;
    }
    if (stack.length === 1 && inGraph() && k === 'directed') directed = v === 1 || v === '1';
  };

  const open = (at: number) => {
    if (!key) return fail(at, 'expected a key before "["');
    const k = key.name;
    key = null;
    if (stack.length >= MAX_GML_DEPTH) fail(at, `lists nested deeper than ${MAX_GML_DEPTH} levels`);
    const parent = top();
    if (!parent) {
      if (k === 'graph') {
        if (sawGraph) fail(at, 'a second "graph [" block; one graph per file');
        sawGraph = true;
      }
      stack.push({ key: k, line: at, attrs: null, prefix: '' });
    } else if (parent.attrs) stack.push({ key: k, line: at, attrs: parent.attrs, prefix: `${parent.prefix}${k}.` });
    else if (stack.length === 1 && inGraph() && (k === 'node' || k === 'edge')) stack.push({ key: k, line: at, attrs: {}, prefix: '' });
    else stack.push({ key: k, line: at, attrs: null, prefix: '' });
  };

  const close = (at: number) => {
    if (key) fail(key.line, `key "${key.name}" has no value`);
    const frame = stack.pop();
    if (!frame) return fail(at, '"]" without a matching "["');
    if (stack.length !== 1 || !inGraph() || !frame.attrs) return;
    if (frame.key === 'node') addNode(frame);
    else if (frame.key === 'edge') addEdge(frame);
  };

  const idOf = (v: Value | undefined, what: string, frame: Frame): string => {
    if (v === undefined) return fail(frame.line, `${frame.key} has no ${what}`);
    return String(v);
  };

  const addNode = (frame: Frame) => {
    const a = frame.attrs!;
    const id = idOf(a.id, 'id', frame);
    if (declared.has(id)) fail(frame.line, `duplicate node id ${JSON.stringify(id)}`);
    declared.add(id);
    pendingRefs.delete(id);
    const node = builder.node(id);
    const { id: _id, ...rest } = a;
    const attrs: Record<string, unknown> = { ...rest };
    for (const [from, to] of [['graphics.x', 'x'], ['graphics.y', 'y'], ['graphics.z', 'z'], ['graphics.w', 'size'], ['graphics.fill', 'color']] as const) {
      if (a[from] !== undefined && attrs[to] === undefined) attrs[to] = a[from];
    }
    if (Object.keys(attrs).length) builder.setAttributes(node, attrs);
  };

  const addEdge = (frame: Frame) => {
    const a = frame.attrs!;
    const s = idOf(a.source, 'source', frame);
    const t = idOf(a.target, 'target', frame);
    for (const end of [s, t]) if (!declared.has(end) && !pendingRefs.has(end)) pendingRefs.set(end, frame.line);
    const raw = a.weight ?? a.value;
    const weight = raw === undefined ? undefined : checkedWeight(raw, file, `line ${frame.line}`);
    const index = builder.addEdge(builder.node(s), builder.node(t), weight);
    const { source: _s, target: _t, weight: _w, ...rest } = a;
    if (a.weight === undefined) delete rest.value; // Newman's files give the weight as `value`
    if (Object.keys(rest).length) builder.setEdgeAttributes(index, rest);
  };

  /** Reads every complete token of buf; leaves an unfinished one for the next chunk (or `end`). */
  const scan = (end: boolean) => {
    let i = 0;
    const n = buf.length;
    while (i < n) {
      const c = buf.charCodeAt(i);
      if (c === 10) {
        line++;
        i++;
      } else if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) i++;
      else if (c === 35 /* # */) {
        const nl = buf.indexOf('\n', i);
        if (nl < 0 && !end) break;
        i = nl < 0 ? n : nl;
      } else if (c === 91 /* [ */) {
        open(line);
        i++;
      } else if (c === 93 /* ] */) {
        close(line);
        i++;
      } else if (c === 34 /* " */) {
        const q = buf.indexOf('"', i + 1);
        if (q < 0) {
          if (end) fail(line, 'a string that is never closed (no ending ")');
          break;
        }
        const text = buf.slice(i + 1, q);
        const at = line;
        for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) line++;
        value(decodeEntities(text), at);
        i = q + 1;
      } else {
        let j = i;
        while (j < n && !DELIMITER.test(buf[j])) j++;
        if (j === n && !end) break; // the token may go on in the next chunk
        const word = buf.slice(i, j);
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word) && !key) key = { name: word, line };
        else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(word)) value(Number(word), line);
        else if (key) fail(line, `key "${key.name}" needs a number, a "string" or a [ list ], got ${JSON.stringify(word.slice(0, 40))}`);
        else fail(line, `expected a key, got ${JSON.stringify(word.slice(0, 40))}`);
        i = j;
      }
    }
    buf = buf.slice(i);
  };

  return {
    push(text) {
      if (buf === '' && line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      buf += text;
      scan(false);
    },
    finish(): LoadedGraph {
      scan(true);
      if (key) fail(key.line, `key "${key.name}" has no value`);
      if (stack.length) fail(stack[stack.length - 1].line, `"${stack[stack.length - 1].key} [" is never closed`);
      if (!sawGraph) fail(1, 'no "graph [ ... ]" block');
      for (const [id, at] of pendingRefs) fail(at, `edge names node ${JSON.stringify(id)}, which no node block declares`);
      if (builder.nodeCount === 0) fail(line, 'the graph has no nodes');
      return builder.build({ ...meta, directed });
    },
  };
}

/** GML strings carry &quot; &amp; &lt; &gt; and numeric entities for what they cannot hold. */
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(quot|amp|lt|gt|apos|#\d+|#x[0-9a-fA-F]+);/g, (m, e: string) => {
    if (e === 'quot') return '"';
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'apos') return "'";
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}
