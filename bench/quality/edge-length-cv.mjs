// Coefficient of variation of edge lengths (standard deviation / mean): 0 when every edge has the
// same length, as in a drawing of a grid; scale-free by construction. Lower is better.

/**
 * @param {import('../bench-graph.mjs').BenchGraph} graph
 * @param {Float32Array} positions xyz per node
 * @param {2 | 3} dims
 * @returns {number} NaN when there are no edges or all lengths are 0
 */
export function edgeLengthCv(graph, positions, dims) {
  const { edges } = graph;
  const m = edges.length >> 1;
  if (m === 0) return NaN;
  let sum = 0, sumSq = 0;
  for (let e = 0; e < m; e++) {
    const a = 3 * edges[2 * e], b = 3 * edges[2 * e + 1];
    const dx = positions[a] - positions[b], dy = positions[a + 1] - positions[b + 1];
    const dz = dims === 3 ? positions[a + 2] - positions[b + 2] : 0;
    const len = Math.sqrt(dx * dx + dy * dy + dz * dz);
    sum += len;
    sumSq += len * len;
  }
  const mean = sum / m;
  if (mean === 0) return NaN;
  const variance = Math.max(0, sumSq / m - mean * mean);
  return Math.sqrt(variance) / mean;
}
