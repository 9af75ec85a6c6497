import { describe, expect, it } from 'vitest';
import { fitBoundingBox } from './camera-fit.js';

/** Projects a world point for a camera at center + toCamera*distance looking at center (up = +y). */
function projectsInside(p: [number, number, number], goal: ReturnType<typeof fitBoundingBox>, fov: number, aspect: number) {
  const depth = goal.distance - (p[2] - goal.center[2]);
  const tanV = Math.tan((fov * Math.PI) / 360);
  const x = (p[0] - goal.center[0]) / (depth * tanV * aspect);
  const y = (p[1] - goal.center[1]) / (depth * tanV);
  return Math.abs(x) <= 1 + 1e-9 && Math.abs(y) <= 1 + 1e-9 ? Math.max(Math.abs(x), Math.abs(y)) : -1;
}

describe('fitBoundingBox', () => {
  it('puts every corner of a 3D box inside the view, with one edge close to the border', () => {
    const bbox = { min: [-10, -4, -3] as [number, number, number], max: [30, 6, 5] as [number, number, number] };
    const goal = fitBoundingBox(bbox, 50, 16 / 9);
    expect(goal.center).toEqual([10, 1, 1]);
    let widest = 0;
    for (let c = 0; c < 8; c++) {
      const p: [number, number, number] = [c & 1 ? 30 : -10, c & 2 ? 6 : -4, c & 4 ? 5 : -3];
      const r = projectsInside(p, goal, 50, 16 / 9);
      expect(r).toBeGreaterThan(0);
      widest = Math.max(widest, r);
    }
    expect(widest).toBeGreaterThan(0.9); // tight: not a far-away sphere fit
  });

  it('fits a flat 2D layout viewed head-on by its taller side in a wide window', () => {
    const goal = fitBoundingBox({ min: [-1, -1, 0], max: [1, 1, 0] }, 90, 2, undefined, 1);
    expect(goal.distance).toBeCloseTo(1); // tan(45deg) = 1: half-height 1 at distance 1
  });

  it('gives a single point a usable view', () => {
    const goal = fitBoundingBox({ min: [5, 5, 5], max: [5, 5, 5] }, 50, 1);
    expect(goal.distance).toBeGreaterThan(0);
    expect(goal.center).toEqual([5, 5, 5]);
  });
});
