// One layout run end to end (in-process, as the forked runner does it): iterations, budget, snapshots, quality.
import { describe, expect, it } from 'vitest';
import { buildBenchGraph } from './bench-graph.mjs';
import { runLayoutJob } from './layout-runner.mjs';
import { scoreLayout } from './quality/score-layout.mjs';
import { randomPositions } from './prng.mjs';

function grid(w: number) {
  const edges: number[] = [];
  for (let y = 0; y < w; y++)
    for (let x = 0; x < w; x++) {
      if (x + 1 < w) edges.push(y * w + x, y * w + x + 1);
      if (y + 1 < w) edges.push(y * w + x, (y + 1) * w + x);
    }
  return buildBenchGraph('grid', w * w, edges);
}

describe('runLayoutJob', () => {
  const graph = grid(12);
  const floor = scoreLayout(graph, randomPositions(graph.nodeCount, 3, 1, 42), 3).neighbourhoodPreservation;

  for (const engineId of ['d3', 'ngraph', 'fa2']) {
    it(`${engineId}: runs every planned iteration and lays a grid out far above the random floor`, async () => {
      const result = await runLayoutJob({ graph, engineId, iterations: 120, snapshotEvery: 20, budgetMs: 60_000, seed: 42, wantPositions: true });
      expect(result.iterations).toBe(120);
      expect(result.stoppedByBudget).toBe(false);
      expect(result.snapshots.map((s) => s.iteration)).toEqual([0, 20, 40, 60, 80, 100, 120]);
      expect(result.snapshots[0].stepMs).toBe(0);
      expect(result.stepMs).toBeGreaterThan(0);
      expect(result.snapshots.at(-1)!.stepMs).toBeCloseTo(result.stepMs, 6);
      expect(result.quality.neighbourhoodPreservation).toBeGreaterThan(3 * floor);
      expect(result.positions).toHaveLength(3 * graph.nodeCount);
      expect(result.peakRssBytes).toBeGreaterThan(result.baselineRssBytes / 2);
    });
  }

  it('stops at the time budget and says so', async () => {
    const result = await runLayoutJob({ graph: grid(40), engineId: 'd3', iterations: 100_000, snapshotEvery: 1000, budgetMs: 50, seed: 1, wantPositions: false });
    expect(result.stoppedByBudget).toBe(true);
    expect(result.iterations).toBeLessThan(100_000);
    expect(result.iterations).toBeGreaterThan(0);
    expect(result.positions).toBeUndefined();
    expect(result.snapshots.at(-1)!.iteration).toBe(result.iterations);
  });

  it('names an unknown engine', async () => {
    await expect(runLayoutJob({ graph, engineId: 'gephi', iterations: 1, snapshotEvery: 1, budgetMs: 1000, seed: 1, wantPositions: false })).rejects.toThrow(/unknown engine "gephi"/);
  });
});
