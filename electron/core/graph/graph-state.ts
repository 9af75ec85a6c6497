// The GraphStore's mutable graph: nodes at dense indices 0..n-1 and the edges of the source (a multigraph:
// parallel edges and self-loops kept), in growable typed arrays (capacity doubles, so appends are amortised
// O(1) and nothing is copied per change). Per node, the slots of its incident edges, so removing an edge or a
// node costs its degree, not the graph. Removals swap-remove (the last node or edge fills the hole), the rule
// protocol/graph-edits.ts fixes for every consumer.
//
// `bytes` counts what each mutation writes or copies (typed arrays exactly; a JS array slot or a Map entry as 8
// and 16 bytes, an estimate), for the graphMessages figures.
import type { LoadedGraph } from './graph-types.js';

export type Attributes = Record<string, unknown>;
export type Vec3 = [number, number, number];

const REF = 8; // bytes per JS array slot (a pointer) in the byte counts
const MAP_ENTRY = 16;

export class GraphState {
  n = 0;
  m = 0;
  ids: string[] = [];
  index = new Map<string, number>();
  /** Per node; the label is attribute `label`, as the file loaders write it. Shared objects: never mutated. */
  attrs: Array<Attributes | undefined> = [];
  pinned = new Uint8Array(16);
  /** xyz per node where it was pinned at a given position; NaN when pinned where it was. */
  pinPos = new Float32Array(48);
  /** Edge slots per node (a self-loop appears once). */
  inc: number[][] = [];
  src = new Uint32Array(16);
  dst = new Uint32Array(16);
  w = new Float32Array(16);
  types: Array<string | undefined> = [];
  /** Per-edge attributes as the source gave them (or { type } for an added edge of a type), moved with the edge. */
  eattrs: Array<Record<string, unknown> | undefined> = [];
  /** Whether edges carry weights (the LoadedGraph had them, or an added edge gave one); stays on. */
  weighted = false;
  /** Distinct undirected pairs without self-loops: the layout's edge count. */
  pairs = 0;
  /** Bytes written or copied since the counter was last reset. */
  bytes = 0;

  static fromLoaded(g: LoadedGraph, layoutPairs: number): GraphState {
    const s = new GraphState();
    const n = g.nodeIds.length, m = g.edges.length >> 1;
    s.n = n;
    s.m = m;
    s.ids = g.nodeIds.slice();
    for (let i = 0; i < n; i++) {
      // Loaders give unique ids; should one repeat, edits by that id reach its first node.
      if (!s.index.has(g.nodeIds[i])) s.index.set(g.nodeIds[i], i);
    }
    s.attrs = g.nodeAttributes ? Array.from({ length: n }, (_, i) => g.nodeAttributes![i]) : new Array(n).fill(undefined);
    // Headroom, so the first edits after a load do not copy the arrays to grow them.
    const nodeCap = n + (n >> 2) + 16, edgeCap = m + (m >> 2) + 16;
    s.pinned = new Uint8Array(nodeCap);
    s.pinPos = new Float32Array(3 * nodeCap).fill(NaN);
    s.src = new Uint32Array(edgeCap);
    s.dst = new Uint32Array(edgeCap);
    s.w = new Float32Array(edgeCap).fill(1);
    s.types = new Array(m).fill(undefined);
    s.eattrs = g.edgeAttributes ? Array.from({ length: m }, (_, e) => g.edgeAttributes![e]) : new Array(m).fill(undefined);
    for (let e = 0; e < m; e++) {
      const t = s.eattrs[e]?.type;
      if (typeof t === 'string') s.types[e] = t;
    }
    s.inc = Array.from({ length: n }, () => []);
    for (let e = 0; e < m; e++) {
      const a = g.edges[2 * e], b = g.edges[2 * e + 1];
      s.src[e] = a;
      s.dst[e] = b;
      s.inc[a].push(e);
      if (b !== a) s.inc[b].push(e);
    }
    if (g.weights) {
      s.weighted = true;
      s.w.set(g.weights.subarray(0, m));
    }
    s.pairs = layoutPairs;
    return s;
  }

  /** The whole graph copied (copy-on-write: the graphMessages switch off); counts what it copied. */
  clone(): GraphState {
    const c = new GraphState();
    c.n = this.n;
    c.m = this.m;
    c.ids = this.ids.slice();
    c.index = new Map(this.index);
    c.attrs = this.attrs.slice();
    c.pinned = this.pinned.slice();
    c.pinPos = this.pinPos.slice();
    c.inc = this.inc.map((l) => l.slice());
    c.src = this.src.slice();
    c.dst = this.dst.slice();
    c.w = this.w.slice();
    c.types = this.types.slice();
    c.eattrs = this.eattrs.slice();
    c.weighted = this.weighted;
    c.pairs = this.pairs;
    c.bytes = this.bytes + this.sizeBytes();
    return c;
  }

  /** What a whole copy costs, in the same units as `bytes`. */
  sizeBytes(): number {
    let incEntries = 0;
    for (const l of this.inc) incEntries += l.length;
    return (
      this.ids.length * REF + this.index.size * MAP_ENTRY + this.attrs.length * REF + this.pinned.byteLength + this.pinPos.byteLength +
      (this.inc.length + incEntries) * REF + this.src.byteLength + this.dst.byteLength + this.w.byteLength + (this.types.length + this.eattrs.length) * REF
    );
  }

  // ---- nodes

  addNode(id: string, attrs: Attributes | undefined): number {
    const i = this.n;
    if (i >= this.pinned.length) {
      this.bytes += this.pinned.byteLength + this.pinPos.byteLength;
      const cap = 2 * this.pinned.length;
      this.pinned = grow(this.pinned, cap);
      const pos = new Float32Array(3 * cap).fill(NaN);
      pos.set(this.pinPos);
      this.pinPos = pos;
    }
    this.ids.push(id);
    this.index.set(id, i);
    this.attrs.push(attrs);
    this.inc.push([]);
    this.pinned[i] = 0;
    this.pinPos.fill(NaN, 3 * i, 3 * i + 3);
    this.n++;
    this.bytes += 3 * REF + MAP_ENTRY + 1 + 12;
    return i;
  }

  /** Swap-removes node i and every edge on it; the last node moves into slot i. */
  removeNode(i: number): void {
    const own = this.inc[i];
    // Its layout pairs go with it: count its distinct neighbours before the edges go.
    this.pairs -= this.distinctNeighbours(i);
    while (own.length) this.removeEdge(own[own.length - 1]);
    const last = this.n - 1;
    this.index.delete(this.ids[i]);
    if (i !== last) {
      const id = this.ids[last];
      this.ids[i] = id;
      this.index.set(id, i);
      this.attrs[i] = this.attrs[last];
      this.pinned[i] = this.pinned[last];
      this.pinPos.copyWithin(3 * i, 3 * last, 3 * last + 3);
      const moved = (this.inc[i] = this.inc[last]);
      for (const e of moved) {
        if (this.src[e] === last) this.src[e] = i;
        if (this.dst[e] === last) this.dst[e] = i;
      }
      this.bytes += 3 * REF + MAP_ENTRY + 1 + 12 + moved.length * 8;
    }
    this.ids.pop();
    this.attrs.pop();
    this.inc.pop();
    this.pinned[last] = 0;
    this.n--;
  }

  setPin(i: number, pinned: boolean, position?: Vec3): void {
    const was = this.pinned[i] === 1;
    this.pinned[i] = pinned ? 1 : 0;
    if (!pinned) this.pinPos.fill(NaN, 3 * i, 3 * i + 3);
    else if (position) this.pinPos.set(position, 3 * i);
    else if (!was) this.pinPos.fill(NaN, 3 * i, 3 * i + 3); // pinned where it is: the engine knows where
    this.bytes += 13;
  }

  setAttrs(i: number, attrs: Attributes | undefined): void {
    this.attrs[i] = attrs;
    this.bytes += REF;
  }

  /** Removes every node (keeps the capacity). */
  clearAll(): void {
    this.n = 0;
    this.m = 0;
    this.ids = [];
    this.index = new Map();
    this.attrs = [];
    this.inc = [];
    this.types = [];
    this.eattrs = [];
    this.pinned.fill(0);
    this.pinPos.fill(NaN);
    this.pairs = 0;
  }

  // ---- edges

  addEdge(a: number, b: number, weight: number | undefined, type: string | undefined): number {
    const e = this.m;
    if (e >= this.src.length) {
      this.bytes += this.src.byteLength + this.dst.byteLength + this.w.byteLength;
      const cap = 2 * this.src.length;
      this.src = grow(this.src, cap);
      this.dst = grow(this.dst, cap);
      const w = new Float32Array(cap).fill(1);
      w.set(this.w);
      this.w = w;
    }
    this.src[e] = a;
    this.dst[e] = b;
    this.w[e] = weight ?? 1;
    if (weight !== undefined) this.weighted = true;
    this.types.push(type);
    this.eattrs.push(type === undefined ? undefined : { type });
    this.inc[a].push(e);
    if (b !== a) this.inc[b].push(e);
    this.m++;
    this.bytes += 12 + REF + 2 * REF;
    return e;
  }

  /** Swap-removes edge slot e; the last edge moves into slot e. */
  removeEdge(e: number): void {
    const a = this.src[e], b = this.dst[e];
    dropFrom(this.inc[a], e);
    if (b !== a) dropFrom(this.inc[b], e);
    const last = this.m - 1;
    if (e !== last) {
      const la = this.src[last], lb = this.dst[last];
      this.src[e] = la;
      this.dst[e] = lb;
      this.w[e] = this.w[last];
      this.types[e] = this.types[last];
      this.eattrs[e] = this.eattrs[last];
      replaceIn(this.inc[la], last, e);
      if (lb !== la) replaceIn(this.inc[lb], last, e);
      this.bytes += 12 + REF + 2 * REF;
    }
    this.w[last] = 1;
    this.types.pop();
    this.eattrs.pop();
    this.m--;
    this.bytes += 2 * REF;
  }

  /** Edges of the source between a and b (either direction), not counting self-loops unless a === b. */
  edgesBetween(a: number, b: number): number[] {
    const [x, y] = this.inc[a].length <= this.inc[b].length ? [a, b] : [b, a];
    const out: number[] = [];
    for (const e of this.inc[x]) {
      const s = this.src[e], t = this.dst[e];
      if ((s === x && t === y) || (s === y && t === x)) out.push(e);
    }
    return out;
  }

  /** Whether a and b (a !== b) have a layout pair: at least one edge between them. */
  hasPair(a: number, b: number): boolean {
    const [x, y] = this.inc[a].length <= this.inc[b].length ? [a, b] : [b, a];
    for (const e of this.inc[x]) if ((this.src[e] === x ? this.dst[e] : this.src[e]) === y && this.src[e] !== this.dst[e]) return true;
    return false;
  }

  distinctNeighbours(i: number): number {
    const seen = new Set<number>();
    for (const e of this.inc[i]) {
      const o = this.src[e] === i ? this.dst[e] : this.src[e];
      if (o !== i) seen.add(o);
    }
    return seen.size;
  }

  label(i: number): string | null {
    const l = this.attrs[i]?.label;
    return typeof l === 'string' || typeof l === 'number' ? String(l) : null;
  }

  /** The LoadedGraph this state is (fresh arrays; attribute objects shared, they are never mutated). */
  toLoaded(meta: { name: string; source: string; directed: boolean }): LoadedGraph {
    const edges = new Uint32Array(2 * this.m);
    for (let e = 0; e < this.m; e++) {
      edges[2 * e] = this.src[e];
      edges[2 * e + 1] = this.dst[e];
    }
    const g: LoadedGraph = { ...meta, nodeIds: this.ids.slice(), edges };
    if (this.weighted) g.weights = this.w.slice(0, this.m);
    if (this.attrs.some((a) => a !== undefined)) g.nodeAttributes = this.attrs.slice();
    if (this.eattrs.some((a) => a !== undefined)) g.edgeAttributes = this.eattrs.slice(0, this.m);
    return g;
  }
}

function grow<T extends Uint8Array | Uint32Array>(a: T, cap: number): T {
  const b = new (a.constructor as { new (n: number): T })(cap);
  b.set(a);
  return b;
}

function dropFrom(list: number[], v: number): void {
  const k = list.lastIndexOf(v);
  list[k] = list[list.length - 1];
  list.pop();
}

function replaceIn(list: number[], from: number, to: number): void {
  list[list.lastIndexOf(from)] = to;
}
