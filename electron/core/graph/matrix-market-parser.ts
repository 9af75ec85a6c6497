// MatrixMarket coordinate files (SuiteSparse, cuGraph): `%%MatrixMarket matrix coordinate <field> <symmetry>`,
// `%` comments, a size line `rows cols entries`, then `row col [value]` with 1-based indices.
// Every declared node is kept, also those without an entry (netscience declares 128 isolated authors), so node
// i has id String(i) and index i-1. A symmetric file stores each undirected edge once (lower triangle).
//
// The size line is a claim, not a fact: a 75-byte file can declare 16 million rows. Memory follows the entries
// actually read (ids are made once, at the end, after the entry count checked out), and a declared size no real
// graph file has is refused at its line.
import { checkedWeight } from './edge-weight.js';
import { GraphBuilder } from './graph-builder.js';
import { GraphFormatError, type LoadedGraph } from './graph-types.js';
import type { LineParser } from './line-parser.js';

type Field = 'pattern' | 'real' | 'integer' | 'complex';

/** Most nodes a file may declare: 2^26 (67 million) nodes already need gigabytes of ids, positions and tree. */
export const MAX_DECLARED_NODES = 2 ** 26;
/** Nodes a file may declare beyond the two each entry can touch: isolated rows are real (netscience declares 128
 *  of 1589), a million more isolated nodes than the entries could reach is not a graph anyone draws. */
export const MAX_ISOLATED_NODES = 2 ** 20;

/** Why a declared node count is refused, or undefined when it is plausible for this many entries. */
export function declaredSizeProblem(n: number, entries: number): string | undefined {
  if (n > MAX_DECLARED_NODES) return `the size line declares ${n} nodes, more than the ${MAX_DECLARED_NODES} (2^26) ForceLab can lay out`;
  const reachable = 2 * entries + MAX_ISOLATED_NODES;
  if (n > reachable) {
    return `the size line declares ${n} nodes but only ${entries} entries; at most 2 × entries + ${MAX_ISOLATED_NODES} = ${reachable} nodes are accepted (every node beyond that would be isolated)`;
  }
  return undefined;
}

export function createMatrixMarketParser(file: string, meta: { name: string; source: string }): LineParser {
  const builder = new GraphBuilder();
  let banner: { field: Field; symmetric: boolean } | null = null;
  let size: { n: number; entries: number } | null = null;
  let seen = 0;

  return {
    line(raw: string, lineNo: number): void {
      const text = raw.trim();
      if (!banner) {
        const m = /^%%MatrixMarket\s+matrix\s+(\w+)\s+(\w+)\s+(\w+)/i.exec(text);
        if (!m) throw new GraphFormatError(file, `line ${lineNo}`, 'expected the banner "%%MatrixMarket matrix coordinate <field> <symmetry>"');
        const [, layout, field, symmetry] = m.map((s) => s.toLowerCase());
        if (layout !== 'coordinate') throw new GraphFormatError(file, `line ${lineNo}`, `only coordinate matrices are graphs, this one is "${layout}"`);
        if (!['pattern', 'real', 'integer', 'complex'].includes(field)) throw new GraphFormatError(file, `line ${lineNo}`, `unknown field "${field}"`);
        if (!['general', 'symmetric', 'skew-symmetric', 'hermitian'].includes(symmetry)) throw new GraphFormatError(file, `line ${lineNo}`, `unknown symmetry "${symmetry}"`);
        banner = { field: field as Field, symmetric: symmetry !== 'general' };
        return;
      }
      if (text === '' || text[0] === '%') return;
      const parts = text.split(/\s+/);
      if (!size) {
        const [rows, cols, entries] = parts.map(Number);
        if (parts.length !== 3 || ![rows, cols, entries].every((v) => Number.isInteger(v) && v >= 0)) {
          throw new GraphFormatError(file, `line ${lineNo}`, `expected the size line "rows cols entries", got ${JSON.stringify(text.slice(0, 80))}`);
        }
        // A rectangular matrix is read as a graph on max(rows, cols) nodes: its entries still name node pairs.
        const n = Math.max(rows, cols);
        const problem = declaredSizeProblem(n, entries);
        if (problem) throw new GraphFormatError(file, `line ${lineNo}`, problem);
        size = { n, entries };
        return;
      }
      const need = banner.field === 'pattern' ? 2 : 3;
      if (parts.length < need) throw new GraphFormatError(file, `line ${lineNo}`, `expected "row col${need === 3 ? ' value' : ''}", got ${JSON.stringify(text.slice(0, 80))}`);
      const r = Number(parts[0]);
      const c = Number(parts[1]);
      for (const [what, v] of [['row', r], ['column', c]] as const) {
        if (!Number.isInteger(v) || v < 1 || v > size.n) {
          throw new GraphFormatError(file, `line ${lineNo}`, `${what} index ${JSON.stringify(what === 'row' ? parts[0] : parts[1])} is not an integer in 1..${size.n}`);
        }
      }
      let weight: number | undefined;
      if (need === 3) {
        weight = checkedWeight(parts[2], file, `line ${lineNo}`, 'value'); // |value|: a negative entry still connects
      }
      seen++;
      if (seen > size.entries) throw new GraphFormatError(file, `line ${lineNo}`, `more entries than the ${size.entries} declared in the size line`);
      builder.addEdge(r - 1, c - 1, weight);
    },
    finish(): LoadedGraph {
      if (!banner) throw new GraphFormatError(file, 'line 1', 'empty file, expected a %%MatrixMarket banner');
      if (!size) throw new GraphFormatError(file, 'end of file', 'no size line "rows cols entries"');
      if (seen !== size.entries) throw new GraphFormatError(file, 'end of file', `${seen} entries, but the size line declares ${size.entries}`);
      // Entries are node indices already; the builder's id map would cost a Map entry per declared node.
      const graph = builder.build({ ...meta, directed: !banner.symmetric });
      graph.nodeIds = Array.from({ length: size.n }, (_, i) => String(i + 1));
      return graph;
    },
  };
}
