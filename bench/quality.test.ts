// The layout quality measures on cases whose answers are known: a graph drawn as its own geometry,
// random layouts (whose edge-length spread has a closed form), scaled copies, and hand-worked examples.
import { describe, expect, it } from 'vitest';
import { buildBenchGraph } from './bench-graph.mjs';
import { neighbourhoodPreservation } from './quality/neighbourhood-preservation.mjs';
import { edgeLengthCv } from './quality/edge-length-cv.mjs';
import { stress } from './quality/stress.mjs';
import { scoreLayout } from './quality/score-layout.mjs';
import { KdTree } from './quality/nearest-neighbours.mjs';
import { createRandom, randomPositions } from './prng.mjs';

/** A w x h (x d) lattice graph and its own drawing: node (x, y, z) at (x, y, z), edges of length 1. */
function lattice(w: number, h: number, d = 1) {
  const id = (x: number, y: number, z: number) => x + w * (y + h * z);
  const edges: number[] = [];
  const positions = new Float32Array(3 * w * h * d);
  for (let z = 0; z < d; z++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = id(x, y, z);
        positions.set([x, y, z], 3 * i);
        if (x + 1 < w) edges.push(i, id(x + 1, y, z));
        if (y + 1 < h) edges.push(i, id(x, y + 1, z));
        if (z + 1 < d) edges.push(i, id(x, y, z + 1));
      }
  return { graph: buildBenchGraph('lattice', w * h * d, edges), positions };
}

function path(n: number) {
  const edges: number[] = [];
  for (let i = 0; i + 1 < n; i++) edges.push(i, i + 1);
  return buildBenchGraph('path', n, edges);
}

describe('a graph drawn as its own geometry scores near-perfect', () => {
  it('a 2D grid drawn as a grid', () => {
    const { graph, positions } = lattice(30, 20);
    expect(neighbourhoodPreservation(graph, positions, 2)).toBe(1);
    expect(edgeLengthCv(graph, positions, 2)).toBeCloseTo(0, 12);
    // Hop distance on a grid is the Manhattan distance, so stress is small but not 0: check it
    // against the same quantity summed over all pairs by brute force.
    const s = stress(graph, positions, 2, { pivots: graph.nodeCount });
    let a = 0, b = 0, m = 0;
    for (let i = 0; i < 600; i++)
      for (let j = 0; j < 600; j++) {
        if (i === j) continue;
        const dx = Math.abs((i % 30) - (j % 30)), dy = Math.abs(Math.floor(i / 30) - Math.floor(j / 30));
        const r = Math.hypot(dx, dy) / (dx + dy);
        a += r; b += r * r; m++;
      }
    expect(s).toBeCloseTo(1 - (a * a) / (m * b), 10);
    expect(s).toBeLessThan(0.02);
  });

  it('a 3D lattice drawn as a lattice', () => {
    const { graph, positions } = lattice(8, 8, 8);
    expect(neighbourhoodPreservation(graph, positions, 3)).toBe(1);
    expect(edgeLengthCv(graph, positions, 3)).toBeCloseTo(0, 12);
    expect(stress(graph, positions, 3)).toBeLessThan(0.03);
  });

  it('a path drawn on a line has zero stress', () => {
    const graph = path(50);
    const positions = new Float32Array(150);
    for (let i = 0; i < 50; i++) positions[3 * i] = 2.5 * i;
    expect(stress(graph, positions, 2, { pivots: 50 })).toBeCloseTo(0, 10);
    expect(neighbourhoodPreservation(graph, positions, 2)).toBe(1);
  });
});

describe('hand-worked values', () => {
  // Path 0-1-2-3 placed at x = 0, 3, 1, 4 (worked out on paper in the comments).
  const graph = path(4);
  const positions = new Float32Array([0, 0, 0, 3, 0, 0, 1, 0, 0, 4, 0, 0]);

  it('neighbourhood preservation counts neighbours among the degree-many nearest', () => {
    // node 0: nearest is 2, not 1 -> 0; node 1: nearest two are 3, 2 -> 1/2;
    // node 2: nearest two are 0, 1 -> 1/2; node 3: nearest is 1, not 2 -> 0.
    expect(neighbourhoodPreservation(graph, positions, 2)).toBeCloseTo(0.25, 12);
  });

  it('edge-length CV is std/mean of the lengths', () => {
    // lengths 3, 2, 3: mean 8/3, population std sqrt(2/9).
    expect(edgeLengthCv(graph, positions, 2)).toBeCloseTo(Math.sqrt(2 / 9) / (8 / 3), 12);
  });

  it('stress is 1 - A^2/(M B) over pivot pairs', () => {
    // path 0-1-2 at x = 0, 1, 3: ratios x/d over ordered pairs are 1, 1.5, 1, 2, 2, 1.5.
    const g3 = path(3);
    const p3 = new Float32Array([0, 0, 0, 1, 0, 0, 3, 0, 0]);
    expect(stress(g3, p3, 2, { pivots: 3 })).toBeCloseTo(1 - 81 / (6 * 14.5), 12);
  });
});

describe('a random layout scores near the floor', () => {
  const { graph } = lattice(60, 60);

  it('in 2D', () => {
    const positions = randomPositions(graph.nodeCount, 2, 1, 11);
    // Expected share of true neighbours among k random points is about k / n = 0.001.
    expect(neighbourhoodPreservation(graph, positions, 2)).toBeLessThan(0.01);
    // Distance between two uniform points in a square: mean 0.5214, E[d^2] = 1/3, so CV = 0.4760.
    expect(edgeLengthCv(graph, positions, 2)).toBeCloseTo(0.476, 1);
    expect(Math.abs(edgeLengthCv(graph, positions, 2) - 0.476)).toBeLessThan(0.015);
    expect(stress(graph, positions, 2)).toBeGreaterThan(0.2);
  });

  it('in 3D', () => {
    const positions = randomPositions(graph.nodeCount, 3, 1, 12);
    expect(neighbourhoodPreservation(graph, positions, 3)).toBeLessThan(0.01);
    // In a cube: mean 0.6617, E[d^2] = 1/2, so CV = 0.3770.
    expect(Math.abs(edgeLengthCv(graph, positions, 3) - 0.377)).toBeLessThan(0.015);
    expect(stress(graph, positions, 3)).toBeGreaterThan(0.15);
  });
});

describe('scale and position do not change a score', () => {
  it('a scaled, shifted copy of a layout scores the same as the original', () => {
    const { graph } = lattice(25, 25);
    // A half-ordered layout: the grid plus noise, so every measure sits between floor and perfect.
    const random = createRandom(5);
    const positions = new Float32Array(3 * graph.nodeCount);
    for (let i = 0; i < graph.nodeCount; i++) {
      positions[3 * i] = (i % 25) + (random() - 0.5) * 3;
      positions[3 * i + 1] = Math.floor(i / 25) + (random() - 0.5) * 3;
      positions[3 * i + 2] = (random() - 0.5) * 3;
    }
    const scaled = positions.map((v, i) => v * 1024 + [500, -70, 3][i % 3]);
    for (const dims of [2, 3] as const) {
      const original = scoreLayout(graph, positions, dims);
      const copy = scoreLayout(graph, scaled, dims);
      expect(original.neighbourhoodPreservation).toBeGreaterThan(0.2);
      expect(original.neighbourhoodPreservation).toBeLessThan(0.9);
      expect(copy.neighbourhoodPreservation).toBeCloseTo(original.neighbourhoodPreservation, 6);
      expect(copy.edgeLengthCv).toBeCloseTo(original.edgeLengthCv, 5);
      expect(copy.stress).toBeCloseTo(original.stress, 5);
    }
  });
});

describe('nearest neighbours', () => {
  it('the kd-tree finds the same neighbours as brute force, duplicates included', () => {
    const random = createRandom(3);
    for (const dims of [2, 3] as const) {
      const n = 700;
      const positions = new Float32Array(3 * n);
      // Clustered points with exact duplicates: the hard case for a spatial index.
      for (let i = 0; i < n; i++) {
        const c = i % 7 === 0 ? 0 : 50 * Math.floor(random() * 4);
        for (let a = 0; a < dims; a++) positions[3 * i + a] = i % 11 === 0 ? 1 : c + random() * (i % 3 === 0 ? 0.01 : 5);
      }
      const tree = new KdTree(positions, n, dims);
      const out = new Uint32Array(20);
      const dist = (i: number, j: number) => {
        let s = 0;
        for (let a = 0; a < dims; a++) s += (positions[3 * i + a] - positions[3 * j + a]) ** 2;
        return s;
      };
      for (let q = 0; q < n; q += 7) {
        const k = 1 + (q % 20);
        expect(tree.nearest(q, k, out)).toBe(k);
        const expected = Array.from({ length: n }, (_, j) => j).filter((j) => j !== q).map((j) => dist(q, j)).sort((x, y) => x - y).slice(0, k);
        const got = Array.from(out.subarray(0, k), (j) => dist(q, j));
        expect(got).toEqual(expected);
      }
    }
  });

  it('scores a 300k-node layout in seconds, not the hours O(n^2) would take', () => {
    const n = 300_000;
    const random = createRandom(9);
    const edges = new Uint32Array(2 * 800_000);
    for (let e = 0; e < 800_000; e++) {
      const u = Math.floor(random() * n);
      edges[2 * e] = u;
      edges[2 * e + 1] = (u + 1 + Math.floor(random() * 50)) % n;
    }
    const graph = buildBenchGraph('random-300k', n, edges);
    const positions = randomPositions(n, 3, 1, 4);
    const started = performance.now();
    const quality = scoreLayout(graph, positions, 3);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(quality.neighbourhoodPreservation).toBeLessThan(0.01);
  });
});

describe('the bench graph form', () => {
  it('folds directions, duplicates and self-loops into one undirected simple graph', () => {
    const g = buildBenchGraph('g', 4, [0, 1, 1, 0, 2, 2, 3, 1, 1, 3, 0, 1]);
    expect(Array.from(g.edges)).toEqual([0, 1, 1, 3]);
    expect(Array.from(g.offsets)).toEqual([0, 1, 3, 3, 4]);
    expect(Array.from(g.targets.subarray(g.offsets[1], g.offsets[2])).sort()).toEqual([0, 3]);
  });

  it('names the edge that points outside the graph', () => {
    expect(() => buildBenchGraph('bad', 3, [0, 1, 1, 5])).toThrow(/bad: edge 1 \(1, 5\) names a node outside 0..2/);
  });
});
