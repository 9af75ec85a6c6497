// Topology deltas (Engine.editGraph), written once for both backends: graph-delta.test.ts runs them on the
// CPU, cuda-emulator-graph-delta.test.ts on the CUDA backend of the emulator build (smaller graph, fewer steps).
import { afterEach, describe, expect, it } from 'vitest';

import { createEngine, NativeEngineWrapper } from '../../electron/core/engine/engine.js';
import type { CsrGraph, EngineGraphDelta } from '../../electron/core/engine/engine-api.js';
import { swapRemovals } from '../../protocol/graph-edits.js';
import { readCsr } from './read-graph.js';

export interface DeltaSuiteOptions {
  backend: 'cpu' | 'cuda';
  graph: string; // a file of ../shared/data
  settleSteps: number;
  afterSteps: number;
}

function delta(d: Partial<EngineGraphDelta>): EngineGraphDelta {
  return {
    removeEdges: new Uint32Array(0),
    removeNodes: new Uint32Array(0),
    addCount: 0,
    addPositions: new Float32Array(0),
    addEdges: new Uint32Array(0),
    addWeights: new Float32Array(0),
    ...d,
  };
}

function dist(p: Float32Array, i: number, q: Float32Array, j: number): number {
  return Math.hypot(p[3 * i] - q[3 * j], p[3 * i + 1] - q[3 * j + 1], p[3 * i + 2] - q[3 * j + 2]);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function medianEdgeLength(g: CsrGraph, p: Float32Array): number {
  const lengths: number[] = [];
  for (let i = 0; i < g.nodeCount; i++)
    for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) if (i < g.targets[k]) lengths.push(dist(p, i, p, g.targets[k]));
  return median(lengths);
}

/** `count` new nodes, each tied to an existing node of degree >= 2 and two of its neighbours (a tight spot
 *  in the layout), NaN positions: the engine places them. */
function addAroundHubs(g: CsrGraph, count: number): { delta: EngineGraphDelta; neighbours: number[][] } {
  const n = g.nodeCount;
  const edges: number[] = [];
  const neighbours: number[][] = [];
  let picked = 0;
  for (let i = 0; i < n && picked < count; i += Math.max(1, Math.floor(n / (3 * count)))) {
    if (g.offsets[i + 1] - g.offsets[i] < 2) continue;
    const ns = [i, g.targets[g.offsets[i]], g.targets[g.offsets[i] + 1]];
    for (const j of ns) edges.push(n + picked, j);
    neighbours.push(ns);
    picked++;
  }
  return {
    delta: delta({
      addCount: picked,
      addPositions: new Float32Array(3 * picked).fill(NaN),
      addEdges: Uint32Array.from(edges),
      addWeights: new Float32Array(edges.length / 2).fill(1),
    }),
    neighbours,
  };
}

export function graphDeltaSuite(o: DeltaSuiteOptions): void {
  const engines: NativeEngineWrapper[] = [];
  afterEach(() => {
    for (const e of engines.splice(0)) e.dispose();
  });
  const graph = readCsr(o.graph);

  async function settled(seed = 5): Promise<NativeEngineWrapper> {
    const e = createEngine({ backend: o.backend, seed });
    engines.push(e);
    expect(e.backend).toBe(o.backend);
    e.setSwitch('stabilityGate', false); // every step runs: both runs compared take the same steps
    e.setGraph(graph);
    if (o.settleSteps) await e.step(o.settleSteps);
    return e;
  }

  describe(`editGraph on ${o.backend} (${o.graph})`, () => {
    it('adding nodes mid-run warms them locally: old nodes move far less than after reheat(), new nodes settle beside their neighbours', async () => {
      const { delta: add, neighbours } = addAroundHubs(graph, 5);
      const runs: Array<{ before: Float32Array; after: Float32Array; e: NativeEngineWrapper }> = [];
      for (const reheat of [false, true]) {
        const e = await settled();
        const before = e.readPositions();
        e.editGraph(add);
        if (reheat) e.reheat();
        expect(e.nodeCount).toBe(graph.nodeCount + add.addCount);
        await e.step(o.afterSteps);
        runs.push({ before, after: e.readPositions(), e });
      }
      const moved = runs.map(({ before, after }) => median(Array.from({ length: graph.nodeCount }, (_, i) => dist(after, i, before, i))));
      // (a) the local warming leaves the cooled layout where it was; a global reheat does not
      expect(moved[0]).toBeLessThan(moved[1] / 4);
      // (b) each new node ends beside the nodes it was tied to
      const { after, e } = runs[0];
      const edge = medianEdgeLength(graph, after);
      neighbours.forEach((ns, k) => {
        const node = graph.nodeCount + k;
        const mean = ns.reduce((s, j) => s + dist(after, node, after, j), 0) / ns.length;
        expect(mean).toBeLessThan(2 * edge);
      });
      expect(after.every(Number.isFinite)).toBe(true);
      const f = e.stats().figures;
      expect(f.graphDeltas).toBe(1);
      expect(f.graphDeltaBytes).toBeGreaterThan(0);
      console.log(
        `${o.backend} ${o.graph}: median old-node displacement local ${moved[0].toPrecision(3)} vs reheat ${moved[1].toPrecision(3)}` +
          ` (median edge ${edge.toPrecision(3)}); graphDeltaBytes ${f.graphDeltaBytes}`,
      );
    });

    it('places new nodes by the shared logic: the same positions on the CPU and this backend', async () => {
      const { delta: add } = addAroundHubs(graph, 6);
      // and one node tied to nothing: near the centroid
      const lone = { ...add, addCount: add.addCount + 1, addPositions: new Float32Array(3 * (add.addCount + 1)).fill(NaN) };
      const frames = [];
      for (const backend of ['cpu', o.backend] as const) {
        const e = createEngine({ backend, seed: 21 });
        engines.push(e);
        e.setGraph(graph);
        e.editGraph(lone);
        frames.push(e.readPositions());
      }
      expect(frames[1]).toEqual(frames[0]);
      expect(frames[0].every(Number.isFinite)).toBe(true);
      // each placed node is apart from every other node (the jitter): no coincident start
      const p = frames[0];
      for (let i = graph.nodeCount; i < graph.nodeCount + lone.addCount; i++)
        for (let j = 0; j < i; j++) expect(dist(p, i, p, j)).toBeGreaterThan(0);
    });

    it('keeps positions and velocities in place: after an empty delta the run goes on exactly as without it', async () => {
      const frames = [];
      for (const edit of [false, true]) {
        const e = await settled(17);
        if (edit) e.editGraph(delta({}));
        await e.step(10);
        frames.push(e.readPositions());
        if (edit) expect(e.stats().figures.graphDeltas).toBe(1);
      }
      expect(frames[1]).toEqual(frames[0]);
    });

    it('removing nodes is a swap-remove: positions, nodeCount, pins and cluster labels follow', async () => {
      const e = await settled(7);
      const n = graph.nodeCount;
      e.pin(n - 1); // moves into slot 3 by the first removal
      e.pin(7); // stays where it is
      await e.cluster();
      const labelsBefore = e.readLabels()!.labels.slice();
      const before = e.readPositions();
      const removeNodes = Uint32Array.from([3, 0, n - 5]);
      e.editGraph(delta({ removeNodes }));
      expect(e.nodeCount).toBe(n - 3);
      // the same rearrangement, as protocol/graph-edits.ts writes it
      const expected = Array.from({ length: n }, (_, i) => i);
      for (const { removed, moved } of swapRemovals(n, removeNodes)) expected[removed] = expected[moved];
      expected.length = n - 3;
      const after = e.readPositions();
      expect(after.length).toBe(3 * (n - 3));
      for (let i = 0; i < n - 3; i++) for (let c = 0; c < 3; c++) expect(after[3 * i + c]).toBe(before[3 * expected[i] + c]);
      // labels: the same partition, rearranged
      const labels = e.readLabels()!.labels;
      for (let i = 0; i < n - 3; i += 3)
        for (let j = i + 1; j < n - 3; j += 5)
          expect(labels[i] === labels[j]).toBe(labelsBefore[expected[i]] === labelsBefore[expected[j]]);
      // pins: the node that moved into slot 3 is still pinned, so is 7; the others move on
      e.reheat();
      await e.step(5);
      const later = e.readPositions();
      expect(dist(later, 3, after, 3)).toBe(0);
      expect(dist(later, 7, after, 7)).toBe(0);
      expect(dist(later, 1, after, 1)).toBeGreaterThan(0);
      expect(e.stats().figures.graphDeltas).toBe(1);
    });

    it('removes edges and nodes with their edges, then adds in the final indices', async () => {
      const e = await settled(9);
      const n = graph.nodeCount;
      const a = 0, b = graph.targets[graph.offsets[0]];
      e.editGraph(
        delta({
          removeEdges: Uint32Array.from([a, b]),
          removeNodes: Uint32Array.from([n - 1]),
          addCount: 2,
          addPositions: Float32Array.from([1, 2, 3, NaN, NaN, NaN]),
          addEdges: Uint32Array.from([n - 1, n, n, a]),
          addWeights: Float32Array.from([1, 2]),
        }),
      );
      expect(e.nodeCount).toBe(n + 1);
      const p = e.readPositions();
      expect([p[3 * (n - 1)], p[3 * (n - 1) + 1], p[3 * (n - 1) + 2]]).toEqual([1, 2, 3]);
      expect(p.every(Number.isFinite)).toBe(true);
      await e.step(3);
      expect(e.readPositions().every(Number.isFinite)).toBe(true);
      await e.cluster();
      expect(e.readLabels()!.labels.length).toBe(n + 1);
    });

    it('a bad delta throws naming the field and index and changes nothing', async () => {
      const e = await settled(11);
      const n = graph.nodeCount;
      const before = e.readPositions();
      const bad: Array<[Partial<EngineGraphDelta>, RegExp]> = [
        [{ removeEdges: Uint32Array.from([0, 1, 2]) }, /removeEdges.*even length/],
        [{ removeEdges: Uint32Array.from([0, 1, 4, n]) }, /removeEdges\[3\] = \d+ is not a node/],
        [{ addEdges: Uint32Array.from([2, 2]), addWeights: Float32Array.from([1]) }, /addEdges\[0\] and \[1\].*self-loop/],
        [{ addEdges: Uint32Array.from([0, n]), addWeights: Float32Array.from([1]) }, /addEdges\[1\] = \d+ is not a node/],
        [{ addEdges: Uint32Array.from([0, 1]), addWeights: Float32Array.from([NaN]) }, /addWeights\[0\] must be a finite number/],
        [{ addEdges: Uint32Array.from([0, 1]), addWeights: new Float32Array(0) }, /addWeights must hold one weight per added edge/],
        [{ removeNodes: Uint32Array.from([0, n - 1]) }, /removeNodes\[1\] = \d+ is not a node/],
        [{ addCount: 2, addPositions: new Float32Array(5) }, /addPositions must hold 3 numbers per added node \(6\), got 5/],
        [{ addCount: 1, addPositions: Float32Array.from([0, Infinity, 0]) }, /addPositions\[1\] is infinite/],
        [{ addCount: -1 }, /addCount must be an integer/],
      ];
      for (const [d, message] of bad) {
        expect(() => e.editGraph(delta(d)), message.source).toThrow(RangeError);
        expect(() => e.editGraph(delta(d))).toThrow(message);
      }
      expect(() => e.editGraph(delta({ removeNodes: [1] as unknown as Uint32Array }))).toThrow(/removeNodes must be a Uint32Array/);
      expect(e.nodeCount).toBe(n);
      expect(e.readPositions()).toEqual(before);
      expect(e.stats().figures.graphDeltas).toBe(0);
    });

    it('editGraph while a step runs is applied between steps; the memory tracker reads zero after dispose', async () => {
      const e = await settled(13);
      const n = graph.nodeCount;
      let grown = n;
      const job = e.step(o.afterSteps);
      // Two deltas queued while the step runs: the second uses the indices after the first.
      const { delta: add } = addAroundHubs(graph, 4);
      e.editGraph(add);
      grown += add.addCount;
      e.editGraph(delta({ removeNodes: Uint32Array.from([grown - 1, 0]) }));
      grown -= 2;
      e.pin(grown - 1); // in the indices after both
      // new positions for the count after both, applied after them
      const spread = Float32Array.from({ length: 3 * grown }, (_, k) => (k % 3 === 2 ? 0.01 * k : Math[k % 3 ? 'sin' : 'cos'](k) * Math.sqrt(k)));
      e.setPositions(spread);
      for (let k = 0; k < 5; k++) {
        const frame = e.readPositions();
        expect(frame.length % 3).toBe(0);
        expect(frame.every(Number.isFinite)).toBe(true);
        await new Promise((r) => setTimeout(r, 1));
      }
      const r = await job;
      expect(r.stepped).toBe(o.afterSteps);
      expect(e.nodeCount).toBe(grown);
      expect(e.stats().figures.graphDeltas).toBe(2);
      const p = e.readPositions();
      expect(p.length).toBe(3 * grown);
      expect(p.every(Number.isFinite)).toBe(true);
      // grow well past any headroom, several times
      for (let k = 0; k < 3; k++) e.editGraph(addAroundHubs(graph, 4 + 10 * k).delta);
      await e.step(2);
      expect(e.memory().liveBytes).toBeGreaterThan(0);
      e.dispose();
      expect(e.memory().liveBytes).toBe(0);
    });
  });
}
