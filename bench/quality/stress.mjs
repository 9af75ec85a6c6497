// Scale-normalised stress against graph-theoretic distances, from BFS out of sampled pivots.
// For pairs (pivot p, node j reachable from p) with hop distance d and layout distance x:
//   stress(s) = mean over pairs of (s*x/d - 1)^2      (weights 1/d^2, as in Kamada-Kawai / Gansner et al.)
// minimised over the layout scale s, which gives s* = A/B and stress = 1 - A^2 / (M*B)
// with A = sum x/d, B = sum (x/d)^2, M = number of pairs. 0 means distances are exactly
// proportional to hop counts; 1 is the worst (all points on one spot). Lower is better.
import { sampleIndices } from '../prng.mjs';

export const DEFAULT_PIVOTS = 50;

/**
 * @param {import('../bench-graph.mjs').BenchGraph} graph
 * @param {Float32Array} positions xyz per node
 * @param {2 | 3} dims
 * @param {{ pivots?: number, seed?: number }} [options]
 * @returns {number} NaN when no pair is connected
 */
export function stress(graph, positions, dims, options = {}) {
  const { offsets, targets, nodeCount } = graph;
  const pivots = sampleIndices(nodeCount, options.pivots ?? DEFAULT_PIVOTS, options.seed ?? 2, (i) => offsets[i + 1] > offsets[i]);
  const dist = new Int32Array(nodeCount);
  const queue = new Uint32Array(nodeCount);
  let a = 0, b = 0, m = 0;
  for (const p of pivots) {
    dist.fill(-1);
    dist[p] = 0;
    let head = 0, tail = 0;
    queue[tail++] = p;
    const px = positions[3 * p], py = positions[3 * p + 1], pz = positions[3 * p + 2];
    while (head < tail) {
      const u = queue[head++];
      const du = dist[u];
      if (du > 0) {
        const dx = positions[3 * u] - px, dy = positions[3 * u + 1] - py, dz = dims === 3 ? positions[3 * u + 2] - pz : 0;
        const r = Math.sqrt(dx * dx + dy * dy + dz * dz) / du;
        a += r;
        b += r * r;
        m++;
      }
      for (let e = offsets[u]; e < offsets[u + 1]; e++) {
        const v = targets[e];
        if (dist[v] < 0) { dist[v] = du + 1; queue[tail++] = v; }
      }
    }
  }
  if (m === 0) return NaN;
  if (b === 0) return 1;
  return Math.max(0, 1 - (a * a) / (m * b));
}
