// ForceLab's native engine through its public Engine interface (the compiled dist/ build), in 3D
// and in 2D (the 2D run is the like-for-like comparison with ForceAtlas2).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../graph-catalogue.mjs';

const ENGINE_MODULE = path.join(REPO_ROOT, 'dist/electron/core/engine/engine.js');

/**
 * The engine factory, or a clear error saying what to build.
 * @returns {Promise<(options?: import('../../electron/core/engine/engine-api.js').EngineOptions) => import('../../electron/core/engine/engine-api.js').Engine>}
 */
export async function loadCreateEngine() {
  if (!fs.existsSync(ENGINE_MODULE)) {
    throw new Error(`the ForceLab engine is not built (${path.relative(REPO_ROOT, ENGINE_MODULE)} is missing): run "npm run build:native && npm run build:main"`);
  }
  const module = await import(pathToFileURL(ENGINE_MODULE).href);
  if (typeof module.createEngine !== 'function') throw new Error(`${ENGINE_MODULE} does not export createEngine()`);
  return module.createEngine;
}

/**
 * CSR in the engine's form (both directions, unweighted) from a bench graph.
 * @param {import('../bench-graph.mjs').BenchGraph} graph
 * @returns {import('../../electron/core/engine/engine-api.js').CsrGraph}
 */
export function toCsr(graph) {
  return { nodeCount: graph.nodeCount, offsets: graph.offsets, targets: graph.targets };
}

/**
 * @param {2 | 3} dims
 * @returns {import('./layout-engine.mjs').LayoutEngine}
 */
function forceLabEngine(dims) {
  return {
    id: dims === 3 ? 'forcelab' : 'forcelab2d',
    label: dims === 3 ? 'ForceLab' : 'ForceLab 2D',
    dims,
    peer: false,
    startScale: 1, // DEFAULT_PARAMS.springLength
    settings: `default params, ${dims}D, backend auto, ${os.cpus().length} threads, stability gate off (every iteration computed)`,
    async create(graph, start) {
      const createEngine = await loadCreateEngine();
      const engine = createEngine({ backend: 'auto', seed: 1, threads: os.cpus().length });
      engine.setParams({ dimensions: dims });
      // The gate would skip iterations once settled and flatter the per-iteration time.
      engine.setSwitch('stabilityGate', false);
      engine.setGraph(toCsr(graph), start);
      const out = new Float32Array(3 * graph.nodeCount);
      return {
        async step(n) {
          const result = await engine.step(n);
          if (result.stepped + result.skipped < n && !result.cancelled) {
            throw new Error(`ForceLab stepped ${result.stepped} + skipped ${result.skipped} of ${n} iterations`);
          }
        },
        positions: () => engine.readPositions(out),
        figures() {
          const memory = engine.memory();
          const stats = engine.stats();
          return {
            enginePeakBytes: memory.peakBytes, engineLiveBytes: memory.liveBytes, backend: stats.backend,
            ...(engine.fallbackReason ? { fallbackReason: engine.fallbackReason } : {}),
          };
        },
        dispose: () => engine.dispose(),
      };
    },
  };
}

export const forceLab3d = forceLabEngine(3);
export const forceLab2d = forceLabEngine(2);
