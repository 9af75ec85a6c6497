// GDF (Gephi, GUESS): `nodedef>name VARCHAR,label VARCHAR,x DOUBLE,...` then one node per line, then
// `edgedef>node1,node2,weight DOUBLE,directed BOOLEAN,...` then one edge per line. Values are comma-separated;
// "..." and '...' quote a value with commas (Gephi writes colours as '21,245,0'). Gephi does not escape a quote
// inside a quoted label (spb-gis-graph.gdf: "... "Spu_orb" ..."), so a quote closes a value only where a comma
// or the end of the line follows it. Values keep their declared types (DOUBLE, INTEGER, BOOLEAN, VARCHAR).
// Hand-written: a line format, and the quoting quirks above are Gephi's own.
import { checkedWeight } from './edge-weight.js';
import { GraphBuilder } from './graph-builder.js';
import { GraphFormatError, type LoadedGraph } from './graph-types.js';
import type { LineParser } from './line-parser.js';

type ColumnType = 'string' | 'number' | 'integer' | 'boolean';
interface Column {
  name: string;
  type: ColumnType;
}

const TYPES: Record<string, ColumnType> = {
  varchar: 'string', string: 'string', char: 'string', text: 'string',
  double: 'number', float: 'number', real: 'number', decimal: 'number',
  int: 'integer', integer: 'integer', tinyint: 'integer', smallint: 'integer', bigint: 'integer', long: 'integer',
  boolean: 'boolean', bool: 'boolean',
};

export function createGdfParser(file: string, meta: { name: string; source: string }): LineParser {
  const builder = new GraphBuilder();
  const declared = new Set<string>();
  let section: 'none' | 'nodes' | 'edges' = 'none';
  let columns: Column[] = [];
  const pending: Array<{ s: number; t: number; w: number | undefined; directed: boolean; attrs?: Record<string, unknown> }> = [];
  let anyDirected = false;

  return {
    line(raw, lineNo) {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (text.trim() === '') return;
      const where = `line ${lineNo}`;
      const head = /^\s*(nodedef|edgedef)\s*>\s*(.*)$/i.exec(text);
      if (head) {
        const kind = head[1].toLowerCase() === 'nodedef' ? 'nodes' : 'edges';
        if (kind === 'nodes' && section !== 'none') throw new GraphFormatError(file, where, 'a second nodedef> section');
        if (kind === 'edges' && section === 'edges') throw new GraphFormatError(file, where, 'a second edgedef> section');
        section = kind;
        columns = splitValues(head[2], file, where).map((c) => column(c, file, where));
        const need = kind === 'nodes' ? ['name'] : ['node1', 'node2'];
        for (const name of need) if (!columns.some((c) => c.name === name)) throw new GraphFormatError(file, where, `${head[1]}> needs a "${name}" column`);
        return;
      }
      if (section === 'none') throw new GraphFormatError(file, where, 'expected "nodedef>name VARCHAR,..." first');
      const values = splitValues(text, file, where);
      if (values.length > columns.length) throw new GraphFormatError(file, where, `${values.length} values for ${columns.length} columns`);
      const record: Record<string, unknown> = {};
      columns.forEach((c, k) => {
        const v = values[k];
        if (v !== undefined && v !== '') record[c.name] = typed(v, c, file, where);
      });
      if (section === 'nodes') {
        const id = record.name === undefined ? undefined : String(record.name);
        if (id === undefined) throw new GraphFormatError(file, where, 'a node without a name');
        if (declared.has(id)) throw new GraphFormatError(file, where, `duplicate node name ${JSON.stringify(id)}`);
        declared.add(id);
        const { name: _name, ...attrs } = record;
        if (typeof attrs.color === 'string') attrs.color = rgbColour(attrs.color);
        if (attrs.size === undefined && typeof attrs.width === 'number') attrs.size = attrs.width;
        const i = builder.node(id);
        if (Object.keys(attrs).length) builder.setAttributes(i, attrs);
        return;
      }
      const ends = ['node1', 'node2'].map((k) => {
        const id = record[k] === undefined ? undefined : String(record[k]);
        if (id === undefined) throw new GraphFormatError(file, where, `an edge without ${k}`);
        if (!declared.has(id)) throw new GraphFormatError(file, where, `${k} ${JSON.stringify(id)} is not the name of a node`);
        return builder.node(id);
      });
      const directed = record.directed === true;
      if (directed) anyDirected = true;
      const w = record.weight === undefined ? undefined : checkedWeight(record.weight, file, where);
      const { node1: _a, node2: _b, weight: _w, directed: _d, ...attrs } = record;
      if (typeof attrs.color === 'string') attrs.color = rgbColour(attrs.color);
      pending.push({ s: ends[0], t: ends[1], w, directed, ...(Object.keys(attrs).length ? { attrs } : {}) });
    },
    finish(): LoadedGraph {
      if (section === 'none') throw new GraphFormatError(file, 'end of file', 'no nodedef> section: not a GDF file');
      // Mixed files are directed; an undirected edge there is two arcs.
      for (const e of pending) {
        const k = builder.addEdge(e.s, e.t, e.w);
        if (e.attrs) builder.setEdgeAttributes(k, e.attrs);
        if (anyDirected && !e.directed && e.s !== e.t) {
          const back = builder.addEdge(e.t, e.s, e.w);
          if (e.attrs) builder.setEdgeAttributes(back, e.attrs);
        }
      }
      return builder.build({ ...meta, directed: anyDirected });
    },
  };
}

function column(def: string, file: string, where: string): Column {
  const [name, type] = def.trim().split(/\s+/);
  if (!name) throw new GraphFormatError(file, where, 'an empty column name');
  if (type === undefined) return { name: name.toLowerCase(), type: 'string' };
  const t = TYPES[type.toLowerCase()];
  if (!t) throw new GraphFormatError(file, where, `column "${name}" has the unknown type ${JSON.stringify(type)}`);
  return { name: name.toLowerCase(), type: t };
}

function typed(v: string, c: Column, file: string, where: string): unknown {
  if (c.type === 'string') return v;
  if (c.type === 'boolean') {
    const l = v.toLowerCase();
    if (l === 'true' || l === '1') return true;
    if (l === 'false' || l === '0') return false;
    throw new GraphFormatError(file, where, `column "${c.name}" is BOOLEAN, got ${JSON.stringify(v.slice(0, 40))}`);
  }
  const x = Number(v);
  if (!Number.isFinite(x) || (c.type === 'integer' && !Number.isInteger(x))) {
    throw new GraphFormatError(file, where, `column "${c.name}" is ${c.type === 'integer' ? 'INTEGER' : 'DOUBLE'}, got ${JSON.stringify(v.slice(0, 40))}`);
  }
  return x;
}

/** Comma-separated values; a quote closes a quoted value only before a comma or the end of the line. */
export function splitValues(line: string, file: string, where: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    const q = line[i];
    if (q === '"' || q === "'") {
      let j = i + 1;
      let close = -1;
      while ((j = line.indexOf(q, j)) >= 0) {
        if (closesValue(line, j)) {
          close = j;
          break;
        }
        j++;
      }
      if (close < 0) throw new GraphFormatError(file, where, `a ${q === '"' ? 'double' : 'single'}-quoted value that is never closed`);
      out.push(line.slice(i + 1, close));
      i = close + 1;
      while (i < n && line[i] !== ',') i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      out.push(line.slice(i, end).trim());
      i = end;
    }
    if (i >= n) return out;
    i++; // the comma
    if (i >= n) {
      out.push('');
      return out;
    }
  }
}

/** Whether the quote at j ends its value: only spaces, then a comma or the end of the line, follow it. */
function closesValue(line: string, j: number): boolean {
  let k = j + 1;
  while (k < line.length && (line[k] === ' ' || line[k] === '\t')) k++;
  return k >= line.length || line[k] === ',';
}

/** Gephi's 'r,g,b' colours as #rrggbb; any other colour text is kept as written. */
function rgbColour(v: string): string {
  const m = /^\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*$/.exec(v);
  if (!m) return v;
  return `#${m.slice(1, 4).map((c) => Math.min(255, Number(c)).toString(16).padStart(2, '0')).join('')}`;
}
