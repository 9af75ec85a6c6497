// Neighbourhood preservation: for each node, the share of its graph neighbours among its k nearest
// layout neighbours, with k = its degree (capped), averaged over nodes. 1 means every node's closest
// points are exactly its neighbours; a random layout scores about k / n.
import { KdTree } from './nearest-neighbours.mjs';
import { sampleIndices } from '../prng.mjs';

/** Hubs are judged on their closest MAX_K points; a hub of degree 500 cannot have 500 nearest neighbours in a readable picture anyway. */
export const MAX_K = 32;

/**
 * @param {import('../bench-graph.mjs').BenchGraph} graph
 * @param {Float32Array} positions xyz per node
 * @param {2 | 3} dims
 * @param {{ sample?: number, seed?: number, tree?: KdTree }} [options] sample: judge at most this many nodes (seeded)
 * @returns {number} in [0, 1]; NaN when no node has an edge
 */
export function neighbourhoodPreservation(graph, positions, dims, options = {}) {
  const { offsets, targets, nodeCount } = graph;
  const degree = (/** @type {number} */ i) => offsets[i + 1] - offsets[i];
  const nodes = sampleIndices(nodeCount, options.sample ?? nodeCount, options.seed ?? 1, (i) => degree(i) > 0);
  if (nodes.length === 0) return NaN;
  const tree = options.tree ?? new KdTree(positions, nodeCount, dims);
  const nearest = new Uint32Array(MAX_K);
  // Marks the neighbours of the node being judged; stamp = node + 1 avoids clearing between nodes.
  const mark = new Uint32Array(nodeCount);
  let total = 0;
  for (const i of nodes) {
    const k = Math.min(degree(i), MAX_K, nodeCount - 1);
    for (let e = offsets[i]; e < offsets[i + 1]; e++) mark[targets[e]] = i + 1;
    const found = tree.nearest(i, k, nearest);
    let hits = 0;
    for (let j = 0; j < found; j++) if (mark[nearest[j]] === i + 1) hits++;
    total += hits / k;
  }
  return total / nodes.length;
}
