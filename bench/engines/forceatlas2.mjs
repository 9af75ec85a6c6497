// graphology-layout-forceatlas2 with Barnes-Hut, 2D only. The graph is converted to FA2's matrices
// once (as its own synchronous layout does) and iterate() is called per step, so repeated snapshots
// do not pay for re-conversion.
import { createRequire } from 'node:module';
import { UndirectedGraph } from 'graphology';

const require = createRequire(import.meta.url);
const forceAtlas2 = require('graphology-layout-forceatlas2');
const iterate = require('graphology-layout-forceatlas2/iterate.js');
const helpers = require('graphology-layout-forceatlas2/helpers.js');

const PPN = 10; // floats per node in FA2's node matrix

/** @type {import('./layout-engine.mjs').LayoutEngine} */
export const forceAtlas2Engine = {
  id: 'fa2',
  label: 'graphology FA2',
  dims: 2,
  peer: true,
  startScale: 10,
  settings: 'inferSettings(graph) + barnesHutOptimize: true (θ=0.5), 2D',
  async create(graph, start) {
    const g = new UndirectedGraph({ multi: false, allowSelfLoops: false });
    for (let i = 0; i < graph.nodeCount; i++) g.addNode(String(i), { x: start[3 * i], y: start[3 * i + 1] });
    for (let e = 0; e < graph.edges.length; e += 2) g.addEdge(String(graph.edges[e]), String(graph.edges[e + 1]));
    const settings = { ...require('graphology-layout-forceatlas2/defaults.js'), ...forceAtlas2.inferSettings(g), barnesHutOptimize: true };
    const error = helpers.validateSettings(settings);
    if (error) throw new Error(`ForceAtlas2 settings: ${error.message}`);
    const matrices = helpers.graphToByteArrays(g, () => 1);
    const out = new Float32Array(3 * graph.nodeCount);
    return {
      step(n) { for (let k = 0; k < n; k++) iterate(settings, matrices.nodes, matrices.edges); },
      positions() {
        for (let i = 0; i < graph.nodeCount; i++) {
          out[3 * i] = matrices.nodes[PPN * i]; out[3 * i + 1] = matrices.nodes[PPN * i + 1]; out[3 * i + 2] = 0;
        }
        return out;
      },
      dispose() { g.clear(); },
    };
  },
};
