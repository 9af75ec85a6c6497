// k-nearest-neighbour queries over layout positions with an implicit kd-tree (O(n log n) build,
// about O(k log n) per query), so neighbourhood preservation stays cheap at 300k nodes. A uniform
// grid would degrade on force layouts, which pack dense clusters next to sparse outskirts.

const LEAF_SIZE = 8;

export class KdTree {
  /**
   * @param {Float32Array} positions xyz per node (z ignored in 2D)
   * @param {number} nodeCount
   * @param {2 | 3} dims
   */
  constructor(positions, nodeCount, dims) {
    this.positions = positions;
    this.dims = dims;
    this.order = new Uint32Array(nodeCount);
    for (let i = 0; i < nodeCount; i++) this.order[i] = i;
    /** Split axis of the node stored at each median slot. */
    this.axis = new Uint8Array(nodeCount);
    this.#build(0, nodeCount);
  }

  /** @param {number} lo @param {number} hi */
  #build(lo, hi) {
    // Iterative over a stack: depth is ~log2(n), but a stack keeps the build free of call overhead.
    const stack = [lo, hi];
    while (stack.length) {
      const h = /** @type {number} */ (stack.pop());
      const l = /** @type {number} */ (stack.pop());
      if (h - l <= LEAF_SIZE) continue;
      const axis = this.#widestAxis(l, h);
      const mid = (l + h) >> 1;
      this.#select(l, h - 1, mid, axis);
      this.axis[mid] = axis;
      stack.push(l, mid, mid + 1, h);
    }
  }

  /** @param {number} lo @param {number} hi */
  #widestAxis(lo, hi) {
    const p = this.positions, o = this.order;
    let best = 0, bestSpan = -1;
    for (let a = 0; a < this.dims; a++) {
      let min = Infinity, max = -Infinity;
      // A strided sample is enough to pick a good axis.
      const stride = Math.max(1, ((hi - lo) / 64) | 0);
      for (let i = lo; i < hi; i += stride) {
        const v = p[3 * o[i] + a];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (max - min > bestSpan) { bestSpan = max - min; best = a; }
    }
    return best;
  }

  /**
   * Quickselect (Hoare) so that order[k] holds the median along `axis` of order[left..right].
   * @param {number} left @param {number} right @param {number} k @param {number} axis
   */
  #select(left, right, k, axis) {
    const p = this.positions, o = this.order;
    while (right > left) {
      const pivot = p[3 * o[k] + axis];
      let i = left, j = right;
      while (i <= j) {
        while (p[3 * o[i] + axis] < pivot) i++;
        while (p[3 * o[j] + axis] > pivot) j--;
        if (i <= j) {
          const t = o[i]; o[i] = o[j]; o[j] = t;
          i++; j--;
        }
      }
      if (k <= j) right = j;
      else if (k >= i) left = i;
      else break;
    }
  }

  /**
   * The k nearest other nodes of node `query`, written to `out` (nearest first); returns how many.
   * @param {number} query node index
   * @param {number} k
   * @param {Uint32Array} out length >= k
   */
  nearest(query, k, out) {
    const p = this.positions, o = this.order, dims = this.dims;
    const qx = p[3 * query], qy = p[3 * query + 1], qz = dims === 3 ? p[3 * query + 2] : 0;
    // Bounded max-heap of (squared distance, node): the root is the worst of the best k.
    const heapD = new Float64Array(k);
    const heapI = new Uint32Array(k);
    let size = 0;
    const offer = (/** @type {number} */ node) => {
      if (node === query) return;
      const dx = p[3 * node] - qx, dy = p[3 * node + 1] - qy, dz = dims === 3 ? p[3 * node + 2] - qz : 0;
      const d = dx * dx + dy * dy + dz * dz;
      if (size < k) {
        let i = size++;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (heapD[parent] >= d) break;
          heapD[i] = heapD[parent]; heapI[i] = heapI[parent]; i = parent;
        }
        heapD[i] = d; heapI[i] = node;
      } else if (d < heapD[0]) {
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= k) break;
          if (c + 1 < k && heapD[c + 1] > heapD[c]) c++;
          if (heapD[c] <= d) break;
          heapD[i] = heapD[c]; heapI[i] = heapI[c]; i = c;
        }
        heapD[i] = d; heapI[i] = node;
      }
    };
    const q = [qx, qy, qz];
    const visit = (/** @type {number} */ lo, /** @type {number} */ hi) => {
      if (hi - lo <= LEAF_SIZE) {
        for (let i = lo; i < hi; i++) offer(o[i]);
        return;
      }
      const mid = (lo + hi) >> 1;
      const axis = this.axis[mid];
      const node = o[mid];
      offer(node);
      const diff = q[axis] - p[3 * node + axis];
      if (diff < 0) {
        visit(lo, mid);
        if (size < k || diff * diff < heapD[0]) visit(mid + 1, hi);
      } else {
        visit(mid + 1, hi);
        if (size < k || diff * diff < heapD[0]) visit(lo, mid);
      }
    };
    visit(0, o.length);
    // Drain the heap worst-first into the tail of `out`, so out is nearest-first.
    const count = size;
    while (size > 0) {
      out[size - 1] = heapI[0];
      const lastD = heapD[size - 1], lastI = heapI[size - 1];
      size--;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && heapD[c + 1] > heapD[c]) c++;
        if (heapD[c] <= lastD) break;
        heapD[i] = heapD[c]; heapI[i] = heapI[c]; i = c;
      }
      heapD[i] = lastD; heapI[i] = lastI;
    }
    return count;
  }
}
