// Every layout, ours or a peer's, is scored by this one function, so the numbers are comparable.
import { neighbourhoodPreservation } from './neighbourhood-preservation.mjs';
import { edgeLengthCv } from './edge-length-cv.mjs';
import { stress } from './stress.mjs';
import { KdTree } from './nearest-neighbours.mjs';

/** Nodes judged for neighbourhood preservation; about ±0.004 standard error, and fast at 300k nodes. */
export const NP_SAMPLE = 20000;

/**
 * @typedef {{ neighbourhoodPreservation: number, edgeLengthCv: number, stress: number }} LayoutQuality
 */

/**
 * @param {import('../bench-graph.mjs').BenchGraph} graph
 * @param {Float32Array} positions xyz per node
 * @param {2 | 3} dims the layout's own dimension
 * @returns {LayoutQuality}
 */
export function scoreLayout(graph, positions, dims) {
  assertFinite(positions, graph.nodeCount);
  const tree = new KdTree(positions, graph.nodeCount, dims);
  return {
    neighbourhoodPreservation: neighbourhoodPreservation(graph, positions, dims, { sample: NP_SAMPLE, tree }),
    edgeLengthCv: edgeLengthCv(graph, positions, dims),
    stress: stress(graph, positions, dims),
  };
}

/**
 * A layout with NaN or infinite coordinates cannot be scored honestly: say so.
 * @param {Float32Array} positions
 * @param {number} nodeCount
 */
export function assertFinite(positions, nodeCount) {
  if (positions.length < 3 * nodeCount) throw new Error(`layout has ${positions.length / 3} positions for ${nodeCount} nodes`);
  for (let i = 0; i < 3 * nodeCount; i++) {
    if (!Number.isFinite(positions[i])) throw new Error(`layout position of node ${Math.floor(i / 3)} is ${positions[i]}`);
  }
}
