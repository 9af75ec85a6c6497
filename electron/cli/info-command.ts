// `forcelab info <graph-file>`: reads the file as the app does and prints one JSON line saying what it holds
// (nodes, edges, directed, selfLoops, duplicateEdges, isolated, components, and the format read).
import { basename } from 'node:path';
import { summariseGraph, type GraphSummary } from '../core/graph/graph-summary.js';
import { loadGraphFile } from '../core/graph/load-graph.js';
import { UsageError } from './usage-error.js';

export async function runInfo(argv: string[], signal?: AbortSignal): Promise<GraphSummary & { file: string }> {
  if (argv.length !== 1 || argv[0].startsWith('--')) throw new UsageError('info takes one graph file: forcelab info <graph-file>');
  const graph = await loadGraphFile(argv[0], { signal });
  return { file: basename(argv[0]), ...summariseGraph(graph) };
}

