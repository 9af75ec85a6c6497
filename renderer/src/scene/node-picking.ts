// Which node is under the pointer: project every node to the screen and take the nearest within reach.
// O(N) per click (no per-move cost); a million nodes take a few milliseconds.

/**
 * @param viewProjection column-major 4x4 (three's Matrix4.elements of projection * view)
 * @param x,y pointer in CSS pixels from the canvas's top-left; width,height the canvas size
 * @param reachPx largest screen distance that still counts as a hit
 * @returns the node index, or -1
 */
export function pickNode(
  positions: Float32Array,
  nodeCount: number,
  viewProjection: ArrayLike<number>,
  width: number,
  height: number,
  x: number,
  y: number,
  reachPx: number,
): number {
  const m = viewProjection;
  let best = -1;
  let bestD2 = reachPx * reachPx;
  let bestDepth = Infinity;
  for (let i = 0; i < nodeCount; i++) {
    const px = positions[3 * i], py = positions[3 * i + 1], pz = positions[3 * i + 2];
    const w = m[3] * px + m[7] * py + m[11] * pz + m[15];
    if (w <= 0) continue; // behind the camera
    const sx = ((m[0] * px + m[4] * py + m[8] * pz + m[12]) / w + 1) * 0.5 * width;
    const sy = (1 - (m[1] * px + m[5] * py + m[9] * pz + m[13]) / w) * 0.5 * height;
    const d2 = (sx - x) ** 2 + (sy - y) ** 2;
    // Nearer on screen wins; on a tie (stacked nodes) the one nearer the camera.
    if (d2 < bestD2 || (d2 === bestD2 && w < bestDepth)) {
      best = i;
      bestD2 = d2;
      bestDepth = w;
    }
  }
  return best;
}

/** Neighbours of a node from the edge pairs, each once, in ascending order. */
export function neighboursOf(edges: Uint32Array, node: number): number[] {
  const out = new Set<number>();
  for (let e = 0; e < edges.length; e += 2) {
    if (edges[e] === node && edges[e + 1] !== node) out.add(edges[e + 1]);
    else if (edges[e + 1] === node && edges[e] !== node) out.add(edges[e]);
  }
  return [...out].sort((a, b) => a - b);
}
