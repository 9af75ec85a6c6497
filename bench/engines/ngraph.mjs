// ngraph.forcelayout in 3D with its default physics (Barnes-Hut octree, springs, drag).
import createGraph from 'ngraph.graph';
import createLayout from 'ngraph.forcelayout';

/** @type {import('./layout-engine.mjs').LayoutEngine} */
export const ngraph = {
  id: 'ngraph',
  label: 'ngraph.forcelayout',
  dims: 3,
  peer: true,
  startScale: 10, // its default springLength
  settings: 'defaults (springLength 10, springCoefficient 0.8, gravity -12, θ=0.8, drag 0.9, timeStep 0.5), 3D',
  async create(graph, start) {
    const g = createGraph();
    for (let i = 0; i < graph.nodeCount; i++) g.addNode(i);
    for (let e = 0; e < graph.edges.length; e += 2) g.addLink(graph.edges[e], graph.edges[e + 1]);
    const layout = createLayout(g, { dimensions: 3 });
    for (let i = 0; i < graph.nodeCount; i++) layout.setNodePosition(i, start[3 * i], start[3 * i + 1], start[3 * i + 2]);
    const bodies = Array.from({ length: graph.nodeCount }, (_, i) => layout.getNodePosition(i));
    const out = new Float32Array(3 * graph.nodeCount);
    return {
      step(n) { for (let k = 0; k < n; k++) layout.step(); },
      positions() {
        for (let i = 0; i < bodies.length; i++) {
          const p = /** @type {{x: number, y: number, z?: number}} */ (bodies[i]);
          out[3 * i] = p.x; out[3 * i + 1] = p.y; out[3 * i + 2] = p.z ?? 0;
        }
        return out;
      },
      dispose() { layout.dispose(); },
    };
  },
};
