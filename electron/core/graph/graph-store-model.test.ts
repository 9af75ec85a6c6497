// The GraphStore against a plain reference model (Maps and Sets, written independently here) over a thousand
// seeded random commands, and every emitted GraphDelta replayed by a small independent applier.
import { describe, expect, it } from 'vitest';
import { swapRemovals, type GraphCommand, type GraphDelta } from '../../../protocol/graph-edits.js';
import { toCsr } from './csr.js';
import type { LoadedGraph } from './graph-types.js';
import { GraphEditError, GraphStore } from './graph-store.js';

type V3 = [number, number, number];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RefEdge {
  s: string;
  t: string;
  w?: number;
  type?: string;
}
/** The reference: what the commands mean, with no indices at all. */
class Ref {
  nodes = new Map<string, { attrs?: Record<string, unknown>; pinned: boolean; pos?: V3 }>();
  edges: RefEdge[] = [];
  weighted = false;

  clone(): Ref {
    const r = new Ref();
    for (const [id, n] of this.nodes) r.nodes.set(id, { ...n });
    r.edges = this.edges.slice();
    r.weighted = this.weighted;
    return r;
  }

  /** Applies a batch atomically; throws on the first bad command and leaves this unchanged. */
  batch(commands: GraphCommand[]): void {
    const r = this.clone();
    for (const c of commands) r.one(c);
    Object.assign(this, r);
  }

  private has(id: string): void {
    if (!this.nodes.has(id)) throw new Error(`missing ${id}`);
  }

  private one(c: GraphCommand): void {
    switch (c.op) {
      case 'addNodes':
        for (const n of c.nodes) {
          if (this.nodes.has(n.id)) throw new Error('dup');
          const attrs = n.label !== undefined ? { ...n.attributes, label: n.label } : n.attributes && { ...n.attributes };
          this.nodes.set(n.id, { attrs, pinned: false });
        }
        break;
      case 'removeNodes':
        for (const id of c.ids) {
          this.has(id);
          this.nodes.delete(id);
          this.edges = this.edges.filter((e) => e.s !== id && e.t !== id);
        }
        break;
      case 'addEdges':
        for (const e of c.edges) {
          this.has(e.source);
          this.has(e.target);
          this.edges.push({ s: e.source, t: e.target, w: e.weight, type: e.type });
          if (e.weight !== undefined) this.weighted = true;
        }
        break;
      case 'removeEdges':
        for (const e of c.edges) {
          this.has(e.source);
          this.has(e.target);
          const hit = (x: RefEdge) => ((x.s === e.source && x.t === e.target) || (x.s === e.target && x.t === e.source)) && (e.type === undefined || x.type === e.type);
          const before = this.edges.length;
          this.edges = this.edges.filter((x) => !hit(x));
          if (this.edges.length === before) throw new Error('no edge');
        }
        break;
      case 'setAttributes': {
        this.has(c.id);
        const n = this.nodes.get(c.id)!;
        n.attrs = { ...n.attrs, ...c.attributes };
        break;
      }
      case 'pin': {
        this.has(c.id);
        const n = this.nodes.get(c.id)!;
        if (c.position) n.pos = c.position;
        else if (!n.pinned) n.pos = undefined;
        n.pinned = true;
        break;
      }
      case 'move': {
        this.has(c.id);
        const n = this.nodes.get(c.id)!;
        n.pinned = true;
        n.pos = c.position;
        break;
      }
      case 'unpin': {
        this.has(c.id);
        const n = this.nodes.get(c.id)!;
        n.pinned = false;
        n.pos = undefined;
        break;
      }
      case 'unpinAll':
        for (const n of this.nodes.values()) {
          n.pinned = false;
          n.pos = undefined;
        }
        break;
      case 'clear':
        this.nodes.clear();
        this.edges = [];
        break;
    }
  }

  /** The LoadedGraph this is, with nodes in the given order. */
  loaded(order: readonly string[]): LoadedGraph {
    const at = new Map(order.map((id, i) => [id, i]));
    const edges = new Uint32Array(2 * this.edges.length);
    this.edges.forEach((e, k) => {
      edges[2 * k] = at.get(e.s)!;
      edges[2 * k + 1] = at.get(e.t)!;
    });
    const g: LoadedGraph = { name: 'ref', source: 'ref', nodeIds: [...order], edges, directed: false };
    if (this.weighted) g.weights = Float32Array.from(this.edges, (e) => e.w ?? 1);
    return g;
  }
}

/** Replays deltas on indices alone: node order, layout pairs and pins, as a consumer (engine, window) would. */
class Applier {
  constructor(
    public order: string[],
    public pairs: Set<string>,
    public pins: Map<number, boolean>,
  ) {}

  apply(d: GraphDelta): void {
    const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
    for (let k = 0; k < d.removeEdges.length; k += 2) {
      const p = key(d.removeEdges[k], d.removeEdges[k + 1]);
      expect(this.pairs.has(p), `removed pair ${p} exists`).toBe(true);
      this.pairs.delete(p);
    }
    for (const { removed, moved } of swapRemovals(this.order.length, d.removeNodes)) {
      const next = new Set<string>();
      for (const p of this.pairs) {
        let [a, b] = p.split(',').map(Number);
        if (a === removed || b === removed) continue;
        if (a === moved) a = removed;
        if (b === moved) b = removed;
        next.add(key(a, b));
      }
      this.pairs = next;
      this.pins.delete(removed);
      const mp = this.pins.get(moved);
      this.pins.delete(moved);
      if (mp !== undefined && moved !== removed) this.pins.set(removed, mp);
      this.order[removed] = this.order[moved];
      this.order.pop();
    }
    this.order.push(...d.addNodes.ids);
    expect(d.addPositions.length).toBe(3 * d.addNodes.ids.length);
    expect(d.addWeights.length).toBe(d.addEdges.length / 2);
    for (let k = 0; k < d.addEdges.length; k += 2) {
      const p = key(d.addEdges[k], d.addEdges[k + 1]);
      expect(this.pairs.has(p), `added pair ${p} is new`).toBe(false);
      expect(d.addEdges[k]).toBeLessThan(this.order.length);
      this.pairs.add(p);
    }
    for (const p of d.pins) this.pins.set(p.node, p.pinned);
  }
}

const pairsOf = (csr: { nodeCount: number; offsets: Uint32Array; targets: Uint32Array }): Set<string> => {
  const out = new Set<string>();
  for (let i = 0; i < csr.nodeCount; i++) for (let p = csr.offsets[i]; p < csr.offsets[i + 1]; p++) if (csr.targets[p] > i) out.add(`${i},${csr.targets[p]}`);
  return out;
};

function startGraph(rand: () => number): LoadedGraph {
  const n = 40;
  const nodeIds = Array.from({ length: n }, (_, i) => `n${i}`);
  const m = 90;
  const edges = new Uint32Array(2 * m);
  for (let e = 0; e < m; e++) {
    edges[2 * e] = Math.floor(rand() * n);
    edges[2 * e + 1] = e % 15 === 0 ? edges[2 * e] : Math.floor(rand() * n); // some self-loops
  }
  edges.copyWithin(2, 0, 2); // a parallel edge for sure
  const nodeAttributes = nodeIds.map((id, i) => (i % 3 === 0 ? { label: `L${id}`, group: i % 5 } : undefined));
  return { name: 'random', source: 'test', nodeIds, edges, directed: false, nodeAttributes };
}

function randomBatch(rand: () => number, ids: () => string[], size: number): GraphCommand[] {
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  // Mostly existing ids, sometimes one from a wider pool (a new one, or a miss that makes the batch invalid).
  const some = () => (rand() < 0.9 && ids().length ? pick(ids()) : `n${Math.floor(rand() * 80)}`);
  const pos = (): V3 => [rand() * 10, rand() * 10, rand() * 10];
  const types = [undefined, 'cites', 'knows'];
  const out: GraphCommand[] = [];
  for (let k = 0; k < size; k++) {
    const r = rand();
    if (r < 0.1) out.push({ op: 'addNodes', nodes: [{ id: `n${Math.floor(rand() * 80)}`, ...(rand() < 0.5 ? { label: `x${k}` } : {}), ...(rand() < 0.5 ? { position: pos() } : {}) }] });
    else if (r < 0.18) out.push({ op: 'removeNodes', ids: [some()] });
    else if (r < 0.45) {
      const w = rand() < 0.3 ? { weight: 0.5 + rand() * 3 } : {};
      const type = pick(types);
      out.push({ op: 'addEdges', edges: [{ source: some(), target: rand() < 0.05 ? 'self' : some(), ...w, ...(type ? { type } : {}) }].map((e) => (e.target === 'self' ? { ...e, target: e.source } : e)) });
    } else if (r < 0.62) {
      // Mostly an edge that exists (so the batch stays valid often enough).
      const type = rand() < 0.2 ? pick(types.slice(1)) : undefined;
      out.push({ op: 'removeEdges', edges: [{ source: some(), target: some(), ...(type ? { type } : {}) }] });
    } else if (r < 0.7) out.push({ op: 'setAttributes', id: some(), attributes: rand() < 0.5 ? { label: `s${k}` } : { score: k, flag: rand() < 0.5 } });
    else if (r < 0.8) out.push(rand() < 0.5 ? { op: 'pin', id: some(), ...(rand() < 0.5 ? { position: pos() } : {}) } : { op: 'move', id: some(), position: pos() });
    else if (r < 0.9) out.push({ op: 'unpin', id: some() });
    else if (r < 0.97) out.push({ op: 'unpinAll' });
    else if (r < 0.973) out.push({ op: 'clear' });
    else out.push({ op: 'addNodes', nodes: [{ id: `fresh${k}-${Math.floor(rand() * 1e6)}` }] });
  }
  return out;
}

/** Edges that exist in the reference, so removeEdges hits often. */
function biasRemovals(batch: GraphCommand[], ref: Ref, rand: () => number): GraphCommand[] {
  return batch.map((c) => {
    if (c.op !== 'removeEdges' || ref.edges.length === 0 || rand() < 0.25) return c;
    const e = ref.edges[Math.floor(rand() * ref.edges.length)];
    return { op: 'removeEdges', edges: [{ source: e.s, target: e.t, ...(c.edges[0].type !== undefined && e.type ? { type: e.type } : {}) }] };
  });
}

function expectSame(store: GraphStore, ref: Ref): void {
  const v = store.view()!;
  expect([...v.ids].sort()).toEqual([...ref.nodes.keys()].sort());
  v.ids.forEach((id, i) => {
    const n = ref.nodes.get(id)!;
    const l = n.attrs?.label;
    expect(v.labels[i], `label of ${id}`).toBe(typeof l === 'string' || typeof l === 'number' ? String(l) : null);
    expect(store.get()!.graph.nodeAttributes?.[i] ?? undefined, `attributes of ${id}`).toEqual(n.attrs);
    expect(v.pinned[i] === 1, `pinned ${id}`).toBe(n.pinned);
    const at = Array.from(v.pinPositions.subarray(3 * i, 3 * i + 3));
    if (n.pos) at.forEach((x, k) => expect(x).toBeCloseTo(n.pos![k], 4));
    else expect(at.every(Number.isNaN), `no pin position on ${id}`).toBe(true);
  });
  // Edges: the same multiset (endpoints by id, weight, type).
  const g = store.get()!.graph;
  const types = storeTypes(store);
  const mine = Array.from({ length: g.edges.length >> 1 }, (_, e) => `${g.nodeIds[g.edges[2 * e]]}>${g.nodeIds[g.edges[2 * e + 1]]}:${g.weights ? g.weights[e].toFixed(3) : 1}:${types[e]}`).sort();
  const theirs = ref.edges.map((e) => `${e.s}>${e.t}:${ref.weighted ? (e.w ?? 1).toFixed(3) : 1}:${e.type}`).sort();
  expect(mine).toEqual(theirs);
  // The CSR: what toCsr makes of the reference's graph in the store's node order.
  const want = toCsr(ref.loaded(v.ids));
  expect(v.csr).toEqual(want);
  expect(store.csr()).toEqual(want);
  expect(store.info()!.edgeCount).toBe(want.targets.length / 2);
  expect(store.info()!.nodeCount).toBe(ref.nodes.size);
}

/** The store keeps each edge's type; the LoadedGraph has no place for it, so read it from the state. */
function storeTypes(store: GraphStore): Array<string | undefined> {
  return (store as unknown as { current: { state: { types: Array<string | undefined> } } }).current.state.types;
}

describe('GraphStore against a reference model', () => {
  it('a thousand mixed random commands give the same graph, and the deltas replay to the same node order and pairs', () => {
    const rand = prng(20261207);
    const start = startGraph(rand);
    const store = new GraphStore();
    store.replace(start);
    const ref = new Ref();
    start.nodeIds.forEach((id, i) => ref.nodes.set(id, { attrs: start.nodeAttributes![i] && { ...start.nodeAttributes![i] }, pinned: false }));
    for (let e = 0; e < start.edges.length / 2; e++) ref.edges.push({ s: start.nodeIds[start.edges[2 * e]], t: start.nodeIds[start.edges[2 * e + 1]] });
    const applier = new Applier([...start.nodeIds], pairsOf(toCsr(start)), new Map());
    const deltas: GraphDelta[] = [];
    store.onDelta((d) => deltas.push(d));

    let commands = 0, applied = 0, refused = 0;
    const sizes: number[] = [];
    while (commands < 1000) {
      const batch = biasRemovals(randomBatch(rand, () => [...ref.nodes.keys()], 1 + Math.floor(rand() * 5)), ref, rand);
      commands += batch.length;
      let refError: unknown;
      try {
        ref.batch(batch);
      } catch (err) {
        refError = err;
      }
      const version = store.version;
      if (refError) {
        expect(() => store.applyNow(batch)).toThrow(GraphEditError);
        expect(store.version).toBe(version);
        refused++;
      } else {
        const d = store.applyNow(batch);
        expect(d.version).toBe(version + 1);
        applier.apply(d);
        applied++;
      }
      expectSame(store, ref);
      sizes.push(ref.nodes.size);
      const v = store.view()!;
      expect(applier.order).toEqual(v.ids);
      expect(applier.pairs).toEqual(pairsOf(v.csr));
      v.ids.forEach((_, i) => expect(applier.pins.get(i) ?? false, `pin at ${i}`).toBe(v.pinned[i] === 1));
    }
    expect(deltas.length).toBe(applied);
    if (process.env.GRAPH_STORE_STATS) console.log({ applied, refused, min: Math.min(...sizes), max: Math.max(...sizes), empties: sizes.filter((s) => s === 0).length });
    // Both kinds happened often enough to mean something.
    expect(applied).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(30);
  });

  it('orders the net effect as the delta does: a node added, then an old one removed, is appended after the removal', () => {
    const store = new GraphStore();
    store.replace({ name: 'g', source: 't', nodeIds: ['a', 'b', 'c'], edges: Uint32Array.of(0, 1, 1, 2), directed: false });
    const d = store.applyNow([{ op: 'addNodes', nodes: [{ id: 'd' }] }, { op: 'addEdges', edges: [{ source: 'd', target: 'a' }] }, { op: 'removeNodes', ids: ['a'] }, { op: 'addNodes', nodes: [{ id: 'a' }] }]);
    // Sequentially d would fill a's hole; in delta order c moves there and d, a are appended.
    expect(store.view()!.ids).toEqual(['c', 'b', 'd', 'a']);
    expect(Array.from(d.removeNodes)).toEqual([0]);
    expect(d.addNodes.ids).toEqual(['d', 'a']);
    expect(Array.from(d.addEdges)).toEqual([]); // d-a died with the old a; the new a has no edges
    expect(store.info()).toMatchObject({ nodeCount: 4, edgeCount: 1 });
  });
});
