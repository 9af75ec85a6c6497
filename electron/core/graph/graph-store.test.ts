import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GraphCommand, GraphDelta } from '../../../protocol/graph-edits.js';
import { toCsr } from './csr.js';
import type { LoadedGraph } from './graph-types.js';
import { GraphEditError, GraphStore, toEngineDelta } from './graph-store.js';
import { loadGraphFile } from './load-graph.js';

const data = '/work/shared/data';

const small = (): LoadedGraph => ({
  name: 'small',
  source: 'test',
  nodeIds: ['a', 'b', 'c', 'd'],
  edges: Uint32Array.of(0, 1, 1, 2, 2, 3, 0, 1),
  directed: false,
  nodeAttributes: [{ label: 'Alpha' }, undefined, undefined, undefined],
});

/** A dblp-like random graph: n nodes, about 3 edges per node, a few hubs. */
function bigGraph(n: number): LoadedGraph {
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  const m = 3 * n;
  const edges = new Uint32Array(2 * m);
  for (let e = 0; e < m; e++) {
    edges[2 * e] = Math.floor(rand() * n);
    edges[2 * e + 1] = rand() < 0.1 ? Math.floor(rand() * 100) : Math.floor(rand() * n);
  }
  return { name: 'big', source: 'test', nodeIds: Array.from({ length: n }, (_, i) => `v${i}`), edges, directed: false };
}

describe('GraphStore', () => {
  it('keeps the whole-graph path: replace, get, info, onChange', () => {
    const store = new GraphStore();
    const seen: number[] = [];
    store.onChange((g) => seen.push(g.graphId));
    const g = small();
    const stored = store.replace(g);
    expect(store.get()).toBe(stored);
    expect(stored.graph).toBe(g);
    // The source's own edges (4 records, one repeated), as read; the layout's 3 distinct pairs.
    expect(store.info()).toEqual({
      graphId: stored.graphId, name: 'small', nodeCount: 4, edgeCount: 3, source: 'test',
      read: { edges: 4, directed: false, selfLoops: 0, duplicateEdges: 1, isolated: 0, components: 1 },
    });
    expect(seen).toEqual([stored.graphId]);
    expect(store.version).toBe(0);
  });

  it('orders replace with the edits: commands submitted before it apply to the old graph, after it to the new', async () => {
    const store = new GraphStore();
    const first = store.replace(small());
    const before = store.submit([{ op: 'addNodes', nodes: [{ id: 'old-only' }] }]);
    const second = store.replace(small());
    const after = store.submit([{ op: 'addNodes', nodes: [{ id: 'new-only' }] }], { graphId: second.graphId });
    expect((await before).addNodes.ids).toEqual(['old-only']);
    expect(store.view()!.ids).not.toContain('old-only');
    await after;
    expect(store.view()!.ids).toContain('new-only');
    expect(first.graphId).not.toBe(second.graphId);
    // Readers cannot change what the store holds: the stored graph is frozen.
    expect(Object.isFrozen(store.get())).toBe(true);
    expect(Object.isFrozen(store.get()!.graph)).toBe(true);
    expect(() => {
      (store.get()!.graph as { nodeIds: string[] }).nodeIds = [];
    }).toThrow(TypeError);
  });

  it('batches everything submitted in one tick into one delta and one version', async () => {
    const store = new GraphStore();
    store.replace(small());
    const deltas: GraphDelta[] = [];
    store.onDelta((d) => deltas.push(d));
    const p1 = store.submit([{ op: 'addNodes', nodes: [{ id: 'e', label: 'Echo', position: [1, 2, 3] }] }]);
    const p2 = store.submit([{ op: 'addEdges', edges: [{ source: 'e', target: 'a', weight: 2 }] }, { op: 'move', id: 'e', position: [4, 5, 6] }]);
    const [d1, d2] = await Promise.all([p1, p2]);
    expect(d1).toBe(d2);
    expect(deltas).toHaveLength(1);
    expect(d1).toMatchObject({ version: 1, addNodes: { ids: ['e'], labels: ['Echo'] }, pins: [{ node: 4, pinned: true, position: [4, 5, 6] }] });
    expect(Array.from(d1.addPositions)).toEqual([1, 2, 3]);
    expect(Array.from(d1.addEdges)).toEqual([0, 4]);
    expect(Array.from(d1.addWeights)).toEqual([2]);
    expect(store.version).toBe(1);
    expect(toEngineDelta(d1)).toEqual({ removeEdges: d1.removeEdges, removeNodes: d1.removeNodes, addCount: 1, addPositions: d1.addPositions, addEdges: d1.addEdges, addWeights: d1.addWeights });
    // The next tick is the next batch.
    const d3 = await store.submit([{ op: 'unpin', id: 'e' }]);
    expect(d3.version).toBe(2);
  });

  it('refuses an invalid submit whole, naming the command, op and id, and changes nothing', async () => {
    const store = new GraphStore();
    store.replace(small());
    const before = store.view()!;
    const csrBefore = store.csr();
    const bad: Array<[GraphCommand[], RegExp]> = [
      [[{ op: 'removeNodes', ids: ['a'] }, { op: 'removeNodes', ids: ['zz'] }], /command 1 \(removeNodes\): no node with id "zz"; nothing changed/],
      [[{ op: 'addNodes', nodes: [{ id: 'b' }] }], /command 0 \(addNodes\): a node with id "b" already exists/],
      [[{ op: 'addEdges', edges: [{ source: 'a', target: 'x' }] }], /command 0 \(addEdges\): no target node with id "x"/],
      [[{ op: 'removeEdges', edges: [{ source: 'a', target: 'c' }] }], /command 0 \(removeEdges\): no edge between "a" and "c"/],
      [[{ op: 'removeEdges', edges: [{ source: 'a', target: 'b', type: 'knows' }] }], /no edge between "a" and "b" of type "knows"/],
      [[{ op: 'clear' }, { op: 'pin', id: 'a' }], /command 1 \(pin\): no node with id "a"/],
    ];
    for (const [commands, message] of bad) {
      let err: unknown;
      try {
        store.applyNow(commands);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GraphEditError);
      expect((err as Error).message).toMatch(message);
    }
    expect((() => { try { store.applyNow(bad[0][0]); } catch (e) { return e as GraphEditError; } })()).toMatchObject({ commandIndex: 1, op: 'removeNodes', id: 'zz' });
    expect(store.version).toBe(0);
    expect(store.view()).toBe(before);
    expect(store.csr()).toEqual(csrBefore);
    expect(store.info()).toMatchObject({ nodeCount: 4, edgeCount: 3 });

    // In one tick, only the bad submit is refused; the good ones still apply as one batch.
    const good = store.submit([{ op: 'removeEdges', edges: [{ source: 'c', target: 'd' }] }]);
    const wrong = store.submit([{ op: 'addEdges', edges: [{ source: 'a', target: 'c' }] }, { op: 'unpin', id: 'nope' }]);
    await expect(wrong).rejects.toThrow(/command 1 \(unpin\): no node with id "nope"/);
    const d = await good;
    expect(d.version).toBe(1);
    expect(Array.from(d.removeEdges)).toEqual([2, 3]);
    expect(Array.from(d.addEdges)).toEqual([]);
    // A stale graph id is refused too.
    await expect(store.submit([{ op: 'unpinAll' }], { graphId: 999 })).rejects.toThrow(/graph 999 is not the graph in the store/);
    await expect(new GraphStore().submit([{ op: 'unpinAll' }])).rejects.toThrow(/no graph to edit/);
  });

  it('counts layout pairs as the engine sees them: parallel edges add or remove no pair, self-loops none', () => {
    const store = new GraphStore();
    store.replace(small()); // a-b twice
    let d = store.applyNow([{ op: 'addEdges', edges: [{ source: 'b', target: 'a', type: 'knows' }, { source: 'c', target: 'c' }] }]);
    expect(Array.from(d.addEdges)).toEqual([]);
    d = store.applyNow([{ op: 'removeEdges', edges: [{ source: 'a', target: 'b', type: 'knows' }] }]);
    expect(Array.from(d.removeEdges)).toEqual([]); // two untyped a-b edges remain
    d = store.applyNow([{ op: 'removeEdges', edges: [{ source: 'b', target: 'a' }] }]);
    expect(Array.from(d.removeEdges)).toEqual([0, 1]);
    expect(store.info()!.edgeCount).toBe(2);
    expect(store.csr()).toEqual(toCsr(store.get()!.graph));
  });

  it('clear removes every node (last first), and the graph can be rebuilt in the same batch', () => {
    const store = new GraphStore();
    store.replace(small());
    const d = store.applyNow([{ op: 'pin', id: 'a' }, { op: 'clear' }, { op: 'addNodes', nodes: [{ id: 'a' }, { id: 'z' }] }, { op: 'addEdges', edges: [{ source: 'a', target: 'z' }] }]);
    expect(Array.from(d.removeNodes)).toEqual([3, 2, 1, 0]);
    expect(d.addNodes.ids).toEqual(['a', 'z']);
    expect(Array.from(d.addEdges)).toEqual([0, 1]);
    expect(d.pins).toEqual([]);
    expect(store.view()).toMatchObject({ nodeCount: 2, edgeCount: 1, ids: ['a', 'z'] });
  });

  it('gives readers snapshots that later edits do not change', () => {
    const store = new GraphStore();
    store.replace(small());
    const v1 = store.view()!;
    const g1 = store.get()!;
    store.applyNow([{ op: 'removeNodes', ids: ['a'] }, { op: 'move', id: 'b', position: [1, 1, 1] }]);
    const v2 = store.view()!;
    expect(v1).toMatchObject({ version: 0, nodeCount: 4, ids: ['a', 'b', 'c', 'd'], labels: ['Alpha', null, null, null] });
    expect(Array.from(v1.pinned)).toEqual([0, 0, 0, 0]);
    expect(g1.graph.nodeIds).toEqual(['a', 'b', 'c', 'd']);
    expect(v2).toMatchObject({ version: 1, nodeCount: 3, ids: ['d', 'b', 'c'] });
    expect(Array.from(v2.pinned)).toEqual([0, 1, 0]);
    expect(Object.isFrozen(v2.ids)).toBe(true);
    expect(store.view()).toBe(v2); // cached for its version
    expect(store.get()!.graph.nodeIds).toEqual(['d', 'b', 'c']);
  });

  it('copies bytes in proportion to the change with graphMessages on, the whole graph with it off', () => {
    const store = new GraphStore();
    const g = bigGraph(100_000);
    store.replace(g);
    const size = store.sizeBytes();
    expect(size).toBeGreaterThan(5_000_000);
    const one = (k: number): GraphCommand[] => [{ op: 'addEdges', edges: [{ source: `v${k}`, target: `v${k + 1}` }] }];
    const many = (k: number): GraphCommand[] => [{ op: 'addEdges', edges: Array.from({ length: 1000 }, (_, j) => ({ source: `v${k + j}`, target: `v${k + 2 * j + 7}` })) }];

    store.applyNow(one(10));
    const onOne = store.figures().bytesCopiedPerUpdate;
    expect(onOne).toBeGreaterThan(0);
    expect(onOne).toBeLessThan(size / 100);
    store.applyNow(many(1000));
    const onMany = store.figures().bytesCopiedPerUpdate;
    expect(onMany / 1000).toBeGreaterThan(onOne / 3);
    expect(onMany / 1000).toBeLessThan(onOne * 3);
    store.applyNow([{ op: 'removeEdges', edges: [{ source: 'v10', target: 'v11' }] }]);
    expect(store.figures().bytesCopiedPerUpdate).toBeLessThan(size / 100);

    store.setGraphMessages(false);
    expect(store.graphMessages).toBe(false);
    store.applyNow(one(20));
    const offOne = store.figures().bytesCopiedPerUpdate;
    expect(offOne).toBeGreaterThanOrEqual(size);
    expect(offOne).toBeLessThan(size * 1.1);
    store.applyNow(many(5000));
    expect(store.figures().bytesCopiedPerUpdate).toBeGreaterThanOrEqual(size);
    // Both paths leave the same graph as loading it whole would.
    expect(store.csr()).toEqual(toCsr(store.get()!.graph));
    const f = store.figures();
    expect(f.updateLatencyP50Ms).toBeGreaterThan(0);
    expect(f.updateLatencyP95Ms).toBeGreaterThanOrEqual(f.updateLatencyP50Ms);
  });

  it('edits a real file: les-miserables.gexf, labels and all', async () => {
    const g = await loadGraphFile(join(data, 'les-miserables.gexf'));
    const store = new GraphStore();
    store.replace(g);
    const v0 = store.view()!;
    const valjean = v0.labels.indexOf('Valjean');
    expect(valjean).toBeGreaterThanOrEqual(0);
    const id = v0.ids[valjean];
    const degree = v0.csr.offsets[valjean + 1] - v0.csr.offsets[valjean];
    const d = store.applyNow([
      { op: 'removeNodes', ids: [id] },
      { op: 'addNodes', nodes: [{ id: 'new-1', label: 'Newcomer' }] },
      { op: 'addEdges', edges: [{ source: 'new-1', target: v0.ids[0] }, { source: 'new-1', target: v0.ids[1] }] },
      { op: 'setAttributes', id: v0.ids[0], attributes: { label: 'Renamed' } },
    ]);
    expect(Array.from(d.removeNodes)).toEqual([valjean]);
    expect(d.addNodes).toEqual({ ids: ['new-1'], labels: ['Newcomer'] });
    expect(store.info()).toMatchObject({ nodeCount: v0.nodeCount, edgeCount: v0.edgeCount - degree + 2 });
    const v1 = store.view()!;
    expect(v1.labels[0]).toBe('Renamed');
    expect(v1.ids.includes(id)).toBe(false);
    expect(v1.csr).toEqual(toCsr(store.get()!.graph));
    // The untouched nodes keep their attributes from the file.
    expect(store.get()!.graph.nodeAttributes![1]).toBe(g.nodeAttributes![1]);
  });
});
