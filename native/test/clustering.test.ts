// Clustering on the CPU backend runs beside the layout (engine/cluster_worker.h), on dblp-2010 from
// ../shared/data, where label propagation takes several steps' time: the layout keeps stepping, a cancel
// stops it, and a graph replaced meanwhile drops the old graph's labels.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { CsrGraph } from '../../electron/core/engine/engine-api.js';
import { createEngine, NativeEngineWrapper } from '../../electron/core/engine/engine.js';
import { readEdgeList } from './read-graph.js';
import { toCsr } from '../../electron/core/graph/csr.js';
import { edgeListGraph } from '../../electron/core/graph/edge-graph.js';

let dblp: CsrGraph;
beforeAll(() => {
  const g = readEdgeList('dblp-2010.mtx.gz');
  dblp = toCsr(edgeListGraph(g.edges, g.nodeCount));
});

const engines: NativeEngineWrapper[] = [];
function cpuEngine(graph: CsrGraph): NativeEngineWrapper {
  const e = createEngine({ backend: 'cpu', seed: 1 });
  engines.push(e);
  e.setSwitch('stabilityGate', false);
  e.setGraph(graph);
  return e;
}
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

describe('clustering on the CPU backend', () => {
  it('runs beside the layout: dblp-2010 keeps stepping while it clusters', async () => {
    const e = cpuEngine(dblp);
    await e.step(1);
    let clustered = false;
    const clustering = e.cluster().then((labels) => {
      clustered = true;
      return labels;
    });
    // Queued on the stepping thread, the clustering would hold back every step until it ended (0 here);
    // beside the layout, about four steps of dblp-2010 fit in one clustering on 2 cores.
    let stepsDuring = 0;
    while (!clustered) {
      await e.step(1);
      if (!clustered) stepsDuring++;
    }
    const labels = await clustering;
    expect(stepsDuring).toBeGreaterThanOrEqual(1);
    expect(labels.length).toBe(dblp.nodeCount);
    const clusters = new Set(labels).size;
    expect(clusters).toBeGreaterThan(100); // a co-authorship graph has many communities
    expect(clusters).toBeLessThan(dblp.nodeCount / 2);
  });

  it('a cancelled clustering rejects and keeps the labels of the one before', async () => {
    const e = cpuEngine(dblp);
    const first = (await e.cluster()).slice();
    const version = e.readLabels()!.version;
    const controller = new AbortController();
    const second = e.cluster(controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(second).rejects.toThrow(/abort/i);
    const now = e.readLabels()!;
    expect(now.version).toBe(version);
    expect(Array.from(now.labels)).toEqual(Array.from(first));
  });

  it('a graph replaced while clustering drops the old graph\'s labels', async () => {
    const e = cpuEngine(dblp);
    const clustering = e.cluster();
    // Let the worker start on dblp-2010 (about a second of work); a clustering still queued when the graph
    // changes simply clusters the new graph.
    await new Promise((r) => setTimeout(r, 150));
    const ring: number[] = [];
    for (let i = 0; i < 10; i++) ring.push(i, (i + 1) % 10);
    e.setGraph(toCsr(edgeListGraph(new Uint32Array(ring), 10)));
    await expect(clustering).rejects.toThrow(/cancelled/);
    expect(e.readLabels()).toBeUndefined();
    const labels = await e.cluster(); // the new graph clusters as usual
    expect(labels.length).toBe(10);
  });
});
