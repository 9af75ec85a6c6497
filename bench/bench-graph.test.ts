// The bench folds every graph to a simple unweighted one (peers take a list of distinct pairs); its CSR must be
// the app's own toCsr of that fold, so ForceLab in the bench lays out exactly what the app would.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCsr } from '../electron/core/graph/csr.js';
import { loadGraphFile } from '../electron/core/graph/load-graph.js';
import { buildBenchGraph } from './bench-graph.mjs';

const data = resolve(__dirname, '../../shared/data');

describe('buildBenchGraph', () => {
  it.each(['karate.csv', 'email-Eu-core.csv', 'airlines.graphml', 'netscience.mtx'])('gives the CSR toCsr gives for %s without weights, loops and repeats', async (file) => {
    const loaded = await loadGraphFile(join(data, file));
    const bench = buildBenchGraph(file, loaded.nodeIds.length, loaded.edges);
    const app = toCsr({ ...loaded, weights: undefined });
    expect(Array.from(bench.offsets)).toEqual(Array.from(app.offsets));
    expect(Array.from(bench.targets)).toEqual(Array.from(app.targets));
    expect(bench.edges.length).toBe(app.targets.length); // each distinct pair once, each CSR entry once per end
  });
});
