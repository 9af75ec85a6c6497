// The layouts picture: projection of 3D layouts, panel grid, labels.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { drawLayouts, principalAxes, project } from './draw-layouts.mjs';
import { drawText } from './bitmap-font.mjs';
import { buildBenchGraph } from './bench-graph.mjs';

describe('project', () => {
  it('keeps the two widest directions of a 3D layout', () => {
    // Points spread 100 along z, 10 along x, 1 along y: the projection must keep z and x.
    const n = 200;
    const positions = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) positions.set([10 * Math.sin(i), Math.cos(3 * i), (i / n - 0.5) * 100], 3 * i);
    const [u, v] = principalAxes([[0, 0, 0], [0, 0, 0], [0, 0, 0]].map((r, a) => r.map((_, b) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += positions[3 * i + a] * positions[3 * i + b];
      return s;
    })));
    expect(Math.abs(u[2])).toBeCloseTo(1, 2);
    expect(Math.abs(v[0])).toBeCloseTo(1, 1);
    const xy = project(positions, n, 3);
    let spanA = 0;
    for (let i = 0; i < n; i++) spanA = Math.max(spanA, Math.abs(xy[2 * i]));
    expect(spanA).toBeGreaterThan(45);
  });
});

describe('drawLayouts', () => {
  it('draws one labelled panel per layout, three to a row', () => {
    const graph = buildBenchGraph('ring', 50, Array.from({ length: 50 }, (_, i) => [i, (i + 1) % 50]).flat());
    const ring = new Float32Array(150);
    for (let i = 0; i < 50; i++) ring.set([Math.cos((2 * Math.PI * i) / 50), Math.sin((2 * Math.PI * i) / 50), 0], 3 * i);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-png-')), 'layouts.png');
    drawLayouts(graph, [1, 2, 3, 4].map((k) => ({ title: `panel ${k}`, positions: ring, dims: 2 as const })), file);
    const png = PNG.sync.read(fs.readFileSync(file));
    expect(png.width).toBe(3 * 440);
    expect(png.height).toBe(2 * (440 + 26));
    // Something is drawn in the first panel's middle band (the ring) and nothing in the empty sixth panel.
    const dark = (x0: number, y0: number, x1: number, y1: number) => {
      let count = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (png.data[4 * (y * png.width + x)] < 200) count++;
      return count;
    };
    expect(dark(0, 26, 440, 466)).toBeGreaterThan(100);
    expect(dark(880, 466, 1320, 932)).toBe(0);
    fs.rmSync(path.dirname(file), { recursive: true });
  });

  it('writes text with the bitmap font, 6 pixels a character at scale 1', () => {
    const lit: Array<[number, number]> = [];
    expect(drawText('ab1', 0, 0, 1, (x, y) => lit.push([x, y]))).toBe(18);
    expect(lit.length).toBeGreaterThan(20);
    expect(Math.max(...lit.map(([, y]) => y))).toBe(6);
  });
});
