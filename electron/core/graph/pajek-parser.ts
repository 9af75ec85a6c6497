// Pajek .net: `*Vertices n` then `id "label" [x y [z]] [shape and colour words]` lines (ids 1..n; a vertex
// not listed still exists), then `*Arcs` (directed) and `*Edges` (undirected) with `u v [weight ...]`, or
// `*Arcslist` / `*Edgeslist` with `u v1 v2 ...`, and `*Matrix` rows. `%` starts a comment; CRLF is common
// (USAir97.net). A file with both arcs and edges is directed, each edge then read as two arcs.
// Hand-written: it is a line format, like the edge lists.
import { checkedWeight } from './edge-weight.js';
import { GraphBuilder } from './graph-builder.js';
import { GraphFormatError, type LoadedGraph } from './graph-types.js';
import type { LineParser } from './line-parser.js';

/** Most vertices a `*Vertices n` line may declare: every one is made at that line, before any is listed. */
export const MAX_PAJEK_VERTICES = 2 ** 22;

type Section = 'none' | 'vertices' | 'arcs' | 'edges' | 'arcslist' | 'edgeslist' | 'matrix' | 'skip';

export function createPajekParser(file: string, meta: { name: string; source: string }): LineParser {
  const builder = new GraphBuilder();
  let n = -1;
  let section: Section = 'none';
  let matrixRow = 0;
  const arcs: number[] = [];
  const arcWeights: number[] = [];
  const edges: number[] = [];
  const edgeWeights: number[] = [];
  let weighted = false;
  let headerLine = 0;

  const index = (raw: string, lineNo: number): number => {
    const i = Number(raw);
    if (!Number.isInteger(i) || i < 1 || i > n) throw new GraphFormatError(file, `line ${lineNo}`, `vertex ${JSON.stringify(raw)} is not a number in 1..${n}`);
    return i - 1;
  };
  const add = (directed: boolean, u: number, v: number, w: number | undefined) => {
    (directed ? arcs : edges).push(u, v);
    (directed ? arcWeights : edgeWeights).push(w ?? 1);
    if (w !== undefined && w !== 1) weighted = true;
  };

  return {
    line(raw, lineNo) {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const t = text.trim();
      if (t === '' || t[0] === '%') return;
      if (t[0] === '*') {
        const [word, count] = t.slice(1).split(/\s+/);
        const w = word.toLowerCase();
        if (w === 'vertices' || w === 'network') {
          if (w === 'network') return;
          n = Number(count);
          if (!Number.isInteger(n) || n < 0) throw new GraphFormatError(file, `line ${lineNo}`, `expected "*Vertices n", got ${JSON.stringify(t.slice(0, 60))}`);
          if (n > MAX_PAJEK_VERTICES) throw new GraphFormatError(file, `line ${lineNo}`, `*Vertices declares ${n} vertices, more than the ${MAX_PAJEK_VERTICES} (2^22) a Pajek file may declare`);
          for (let i = 1; i <= n; i++) builder.node(String(i));
          section = 'vertices';
          headerLine = lineNo;
        } else if (n < 0) throw new GraphFormatError(file, `line ${lineNo}`, `"${t.split(/\s/)[0]}" before "*Vertices n"`);
        else if (w === 'arcs' || w === 'edges' || w === 'arcslist' || w === 'edgeslist') section = w;
        else if (w === 'matrix') {
          section = 'matrix';
          matrixRow = 0;
        } else section = 'skip'; // *Partition, *Vector and the like: not part of the graph
        return;
      }
      if (section === 'none') throw new GraphFormatError(file, `line ${lineNo}`, 'expected "*Vertices n" first');
      if (section === 'skip') return;
      if (section === 'vertices') {
        const m = /^(\d+)(?:\s+(?:"([^"]*)"|(\S+)))?(?:\s+(.*))?$/.exec(t);
        if (!m) throw new GraphFormatError(file, `line ${lineNo}`, `expected a vertex line "id "label" [x y z]", got ${JSON.stringify(t.slice(0, 60))}`);
        const i = index(m[1], lineNo);
        const attrs: Record<string, unknown> = {};
        const label = m[2] ?? m[3];
        if (label !== undefined) attrs.label = label;
        const rest = (m[4] ?? '').split(/\s+/).filter(Boolean);
        const coords: number[] = [];
        for (const r of rest) {
          const v = Number(r);
          if (!Number.isFinite(v) || coords.length === 3) break;
          coords.push(v);
        }
        if (coords.length >= 2) [attrs.x, attrs.y] = coords;
        if (coords.length === 3) attrs.z = coords[2];
        const ic = rest.indexOf('ic');
        if (ic >= 0 && rest[ic + 1]) attrs.color = rest[ic + 1];
        if (Object.keys(attrs).length) builder.setAttributes(i, attrs);
        return;
      }
      const f = t.split(/\s+/);
      if (section === 'matrix') {
        if (matrixRow >= n) throw new GraphFormatError(file, `line ${lineNo}`, `more than the ${n} matrix rows *Vertices declares`);
        if (f.length !== n) throw new GraphFormatError(file, `line ${lineNo}`, `a matrix row needs ${n} values, this one has ${f.length}`);
        f.forEach((v, j) => {
          const w = checkedWeight(v, file, `line ${lineNo}`, 'matrix value');
          if (w !== 0) add(true, matrixRow, j, w);
        });
        matrixRow++;
        return;
      }
      if (f.length < 2) throw new GraphFormatError(file, `line ${lineNo}`, `expected "u v [weight]", got ${JSON.stringify(t.slice(0, 60))}`);
      const u = index(f[0], lineNo);
      const directed = section === 'arcs' || section === 'arcslist';
      if (section === 'arcslist' || section === 'edgeslist') {
        for (const v of f.slice(1)) add(directed, u, index(v, lineNo), undefined);
        return;
      }
      const v = index(f[1], lineNo);
      const w = f.length > 2 && /^[-+.\d]/.test(f[2]) ? checkedWeight(f[2], file, `line ${lineNo}`) : undefined;
      add(directed, u, v, w);
    },
    finish(): LoadedGraph {
      if (n < 0) throw new GraphFormatError(file, 'end of file', 'no "*Vertices n" line: not a Pajek network');
      if (n === 0) throw new GraphFormatError(file, `line ${headerLine}`, '*Vertices 0: the network has no vertices');
      const directed = arcs.length > 0;
      for (let e = 0; e < arcs.length; e += 2) builder.addEdge(arcs[e], arcs[e + 1], weighted ? arcWeights[e >> 1] : undefined);
      for (let e = 0; e < edges.length; e += 2) {
        const w = weighted ? edgeWeights[e >> 1] : undefined;
        builder.addEdge(edges[e], edges[e + 1], w);
        if (directed && edges[e] !== edges[e + 1]) builder.addEdge(edges[e + 1], edges[e], w);
      }
      return builder.build({ ...meta, directed });
    },
  };
}
