// d3-force-3d: the d3-force model (link + many-body Barnes-Hut + centre) in 3D, as people use it.
import { forceSimulation, forceLink, forceManyBody, forceCenter } from 'd3-force-3d';

/** @type {import('./layout-engine.mjs').LayoutEngine} */
export const d3Force3d = {
  id: 'd3',
  label: 'd3-force-3d',
  dims: 3,
  peer: true,
  startScale: 30, // forceLink's default distance
  settings: 'defaults (link, manyBody θ=0.9, center), alpha decays to alphaMin over the planned iterations',
  async create(graph, start, iterations) {
    const nodes = Array.from({ length: graph.nodeCount }, (_, i) => ({ x: start[3 * i], y: start[3 * i + 1], z: start[3 * i + 2] }));
    const links = Array.from({ length: graph.edges.length >> 1 }, (_, e) => ({ source: graph.edges[2 * e], target: graph.edges[2 * e + 1] }));
    // d3's default schedule cools over 300 ticks; stretch or shrink it to the planned count.
    const alphaDecay = 1 - Math.pow(0.001, 1 / Math.max(1, iterations));
    const simulation = forceSimulation(nodes, 3)
      .alphaDecay(alphaDecay)
      .force('link', forceLink(links))
      .force('charge', forceManyBody())
      .force('center', forceCenter())
      .stop();
    const out = new Float32Array(3 * graph.nodeCount);
    return {
      step: (n) => { simulation.tick(n); },
      positions() {
        for (let i = 0; i < nodes.length; i++) {
          const p = /** @type {{x: number, y: number, z: number}} */ (nodes[i]);
          out[3 * i] = p.x; out[3 * i + 1] = p.y; out[3 * i + 2] = p.z;
        }
        return out;
      },
      dispose() { simulation.stop(); },
    };
  },
};
