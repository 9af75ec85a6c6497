// `forcelab layout <graph-file | mcp:memory> --iterations N --out positions.csv [--dimensions 2|3] [--seed S]`: a batch layout
// on the real engine, written by the exporters in the format --out's extension names (CSV `id,x,y,z` with the
// input's own ids, positions JSON, or the whole graph as GEXF, GraphML or JSON node-link).
import { EXPORT_FORMATS, exportFormatOf } from '../../protocol/export-formats.js';
import { writeExportFile } from '../core/graph/export/export-file.js';
import { exportInput } from '../core/graph/export/export-input.js';
import { createEngine } from '../core/engine/engine.js';
import type { CsrGraph, Engine } from '../core/engine/engine-api.js';
import { toCsr } from '../core/graph/csr.js';
import { loadGraphFile } from '../core/graph/load-graph.js';
import { isMcpSource, loadMcpSource } from './mcp-source.js';
import { UsageError } from './usage-error.js';

export interface LayoutArgs {
  graphFile: string;
  iterations: number;
  out: string;
  dimensions: 2 | 3;
  seed?: number;
  /** The knowledge-graph file of `mcp:memory` (default: the per-user one). */
  memoryFile?: string;
}

export interface LayoutSummary {
  nodes: number;
  edges: number;
  iterations: number;
  layoutMs: number;
  backend: string;
}

export function parseLayoutArgs(argv: string[]): LayoutArgs {
  let graphFile: string | undefined;
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [key, inline] = a.slice(2).split('=', 2);
      if (!['iterations', 'out', 'dimensions', 'seed', 'memory-file'].includes(key)) throw new UsageError(`unknown option --${key}`);
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`--${key} needs a value`);
      opts[key] = v;
    } else if (graphFile === undefined) graphFile = a;
    else throw new UsageError(`one graph file at most, got ${JSON.stringify(graphFile)} and ${JSON.stringify(a)}`);
  }
  if (!graphFile) throw new UsageError('missing <graph-file>');
  if (opts.iterations === undefined) throw new UsageError('missing --iterations N');
  if (opts.out === undefined) throw new UsageError('missing --out positions.csv');
  if (!exportFormatOf(opts.out)) throw new UsageError(`--out ${JSON.stringify(opts.out)}: the extension names the format, one of ${Object.values(EXPORT_FORMATS).map((f) => `.${f.extension}`).join(', ')}`);
  const iterations = Number(opts.iterations);
  if (!Number.isInteger(iterations) || iterations < 0) throw new UsageError(`--iterations must be a whole number >= 0, got ${JSON.stringify(opts.iterations)}`);
  const dimensions = Number(opts.dimensions ?? 3);
  if (dimensions !== 2 && dimensions !== 3) throw new UsageError(`--dimensions must be 2 or 3, got ${JSON.stringify(opts.dimensions)}`);
  let seed: number | undefined;
  if (opts.seed !== undefined) {
    seed = Number(opts.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed must be a whole number 0..4294967295, got ${JSON.stringify(opts.seed)}`);
  }
  return { graphFile, iterations, out: opts.out, dimensions, seed, ...(opts['memory-file'] !== undefined ? { memoryFile: opts['memory-file'] } : {}) };
}

/** Steps in batches so Ctrl-C (the signal) stops within one batch. */
const BATCH = 50;

/** `iterations` steps of the real engine on `csr`, batched so the signal stops it within one batch. */
export async function layOut(
  csr: CsrGraph,
  opts: { iterations: number; dimensions?: 2 | 3; seed?: number },
  signal?: AbortSignal,
): Promise<{ positions: Float32Array; layoutMs: number; backend: string }> {
  const engine: Engine = await createEngine({ seed: opts.seed });
  try {
    if (opts.dimensions) engine.setParams({ dimensions: opts.dimensions });
    engine.setGraph(csr);
    const t0 = performance.now();
    for (let done = 0; done < opts.iterations; ) {
      const n = Math.min(BATCH, opts.iterations - done);
      const r = await engine.step(n, signal);
      if (r.cancelled || signal?.aborted) throw new Error('layout cancelled');
      done += n;
    }
    return { positions: engine.readPositions(), layoutMs: performance.now() - t0, backend: engine.backend };
  } finally {
    engine.dispose();
  }
}

export async function runLayout(args: LayoutArgs, signal?: AbortSignal): Promise<LayoutSummary> {
  const graph = isMcpSource(args.graphFile) ? await loadMcpSource(args.graphFile, { memoryFile: args.memoryFile, signal }) : await loadGraphFile(args.graphFile, { signal });
  const csr = toCsr(graph);
  const { positions, layoutMs, backend } = await layOut(csr, args, signal);
  await writeExportFile(args.out, exportInput(graph, positions), exportFormatOf(args.out)!, { signal });
  return { nodes: graph.nodeIds.length, edges: csr.targets.length >> 1, iterations: args.iterations, layoutMs: Math.round(layoutMs * 10) / 10, backend };
}
