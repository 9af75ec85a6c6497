// Seeded pseudo-random numbers, so every engine starts from the same positions and every
// measure samples the same nodes in every run.

/**
 * mulberry32: small, fast, good enough for sampling and start positions.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function createRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Up to `count` distinct indices from 0..n-1 that pass `keep`, in random order (all of them when fewer pass).
 * @param {number} n
 * @param {number} count
 * @param {number} seed
 * @param {(i: number) => boolean} [keep]
 * @returns {Uint32Array}
 */
export function sampleIndices(n, count, seed, keep = () => true) {
  const pool = [];
  for (let i = 0; i < n; i++) if (keep(i)) pool.push(i);
  const random = createRandom(seed);
  const take = Math.min(count, pool.length);
  // Partial Fisher-Yates: the first `take` slots end up a uniform sample.
  for (let i = 0; i < take; i++) {
    const /** @type {number} */ j = i + Math.floor(random() * (pool.length - i));
    const /** @type {number} */ t = pool[i]; pool[i] = pool[j]; pool[j] = t;
  }
  return Uint32Array.from(pool.slice(0, take));
}

/**
 * Uniform random positions (xyz per node, z = 0 in 2D) in a box whose side grows with n so that
 * density does not depend on graph size: side = scale * n^(1/dims).
 * @param {number} n
 * @param {2 | 3} dims
 * @param {number} scale
 * @param {number} seed
 * @returns {Float32Array}
 */
export function randomPositions(n, dims, scale, seed) {
  const random = createRandom(seed);
  const side = scale * Math.pow(Math.max(n, 1), 1 / dims);
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    out[3 * i] = (random() - 0.5) * side;
    out[3 * i + 1] = (random() - 0.5) * side;
    out[3 * i + 2] = dims === 3 ? (random() - 0.5) * side : 0;
  }
  return out;
}
