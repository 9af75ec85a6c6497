// CSV / TSV / SNAP / cuGraph edge lists: `source target [weight] [ignored columns...]`.
// - `#` and `%` start comment lines (SNAP, KONECT); blank lines are skipped.
// - The separator is taken from the first data line: tab, comma or semicolon, else runs of whitespace.
// - The first data line is a header when its third field is not a number, or when its first two fields are
//   header words (source/target, from/to, src/dst, node1/node2...). A header picks the columns by name
//   (source, target, weight), so "source,target,type,weight" works; without a header, columns are 1, 2, 3.
// - Ids stay strings exactly as written (ca-GrQc's ids are sparse SNAP ids, they must survive a layout).
import { checkedWeight } from './edge-weight.js';
import { GraphBuilder } from './graph-builder.js';
import { GraphFormatError, type LoadedGraph } from './graph-types.js';
import type { LineParser } from './line-parser.js';

// Single letters (u, v, a, b) are left out on purpose: "a b" is more likely an edge than a header.
const SOURCE_WORDS = new Set(['source', 'src', 'from', 'node1', 'node_1', 'id1', 'source_id', 'sourceid', 'tail', 'start']);
const TARGET_WORDS = new Set(['target', 'dst', 'to', 'node2', 'node_2', 'id2', 'target_id', 'targetid', 'head', 'end']);
const WEIGHT_WORDS = new Set(['weight', 'value', 'w', 'strength']);

interface Columns {
  source: number;
  target: number;
  /** -1: no weight column. */
  weight: number;
}

type Splitter = (line: string) => string[];

const splitters: Record<string, Splitter> = {
  tab: (l) => l.split('\t').map((s) => s.trim()),
  comma: (l) => splitQuoted(l, ','),
  semicolon: (l) => splitQuoted(l, ';'),
  space: (l) => l.trim().split(/\s+/),
};

export function createEdgeListParser(file: string, meta: { name: string; source: string }): LineParser {
  const builder = new GraphBuilder();
  let split: Splitter | null = null;
  let sawData = false;
  let cols: Columns = { source: 0, target: 1, weight: 2 };

  return {
    line(raw: string, lineNo: number): void {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const trimmed = text.trim();
      if (trimmed === '' || trimmed[0] === '#' || trimmed[0] === '%') return;
      if (!split) split = splitters[text.includes('\t') ? 'tab' : text.includes(',') ? 'comma' : text.includes(';') ? 'semicolon' : 'space'];
      const fields = split(text);
      if (!sawData) {
        sawData = true;
        const header = headerColumns(fields);
        if (header) {
          cols = header;
          return;
        }
      }
      const need = Math.max(cols.source, cols.target) + 1;
      if (fields.length < need || fields[cols.source] === '' || fields[cols.target] === '') {
        throw new GraphFormatError(file, `line ${lineNo}`, `expected "source target [weight]", got ${JSON.stringify(clip(trimmed))}`);
      }
      let weight: number | undefined;
      const w = cols.weight >= 0 ? fields[cols.weight] : undefined;
      if (w !== undefined && w !== '') weight = checkedWeight(w, file, `line ${lineNo}`);
      builder.addEdge(builder.node(fields[cols.source]), builder.node(fields[cols.target]), weight);
    },
    finish(): LoadedGraph {
      if (builder.edgeCount === 0) throw new GraphFormatError(file, 'end of file', 'no edges found (expected lines of "source target [weight]")');
      return builder.build({ ...meta, directed: false });
    },
  };
}

/** The columns a header line names, or undefined when the line is data. */
function headerColumns(fields: string[]): Columns | undefined {
  const lower = fields.map((f) => f.toLowerCase());
  const thirdIsText = fields.length >= 3 && fields[2] !== '' && !Number.isFinite(Number(fields[2]));
  if (!thirdIsText && !(SOURCE_WORDS.has(lower[0]) && TARGET_WORDS.has(lower[1]))) return undefined;
  const find = (words: Set<string>, fallback: number) => {
    const i = lower.findIndex((f) => words.has(f));
    return i >= 0 ? i : fallback;
  };
  return { source: find(SOURCE_WORDS, 0), target: find(TARGET_WORDS, 1), weight: find(WEIGHT_WORDS, -1) };
}

/** Splits on `sep`, honouring double-quoted fields ("a,b" stays one field; "" is an escaped quote). */
function splitQuoted(line: string, sep: string): string[] {
  if (!line.includes('"')) return line.split(sep).map((s) => s.trim());
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
