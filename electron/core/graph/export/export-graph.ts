// Drives a format's writer: its pieces are gathered into chunks of about CHUNK_CHARS and handed to `write`
// (a file stream, a window's connection), which may wait (backpressure). Between chunks the event loop runs, the
// signal is checked and progress is reported by nodes and edges written, so a 300k-node export neither blocks
// the main process nor outlives a cancel by more than one chunk.
import { EXPORT_FORMATS, type ExportFormat } from '../../../../protocol/export-formats.js';
import { throwIfAborted } from '../../lifecycle.js';
import type { ExportInput } from './export-input.js';
import { writeDot } from './dot-writer.js';
import { writeEdgeList } from './edge-list-writer.js';
import { writeGdf } from './gdf-writer.js';
import { writeGexf } from './gexf-writer.js';
import { writeGml } from './gml-writer.js';
import { writeGraphml } from './graphml-writer.js';
import { writeMatrixMarket } from './matrix-market-writer.js';
import { writeNodeLink } from './node-link-writer.js';
import { writePajek } from './pajek-writer.js';
import { writePositionsCsv, writePositionsJson } from './positions-writer.js';

const WRITERS: Record<ExportFormat, (input: ExportInput) => Generator<string>> = {
  csv: writePositionsCsv,
  positions: writePositionsJson,
  gexf: writeGexf,
  graphml: writeGraphml,
  json: writeNodeLink,
  gml: writeGml,
  gdf: writeGdf,
  net: writePajek,
  edgelist: writeEdgeList,
  dot: writeDot,
  mtx: writeMatrixMarket,
};

/** Characters per chunk: large enough that a chunk costs little, small enough to keep each turn short. */
export const CHUNK_CHARS = 256 * 1024;

export interface ExportProgress {
  (fraction: number, message?: string): void;
}

/** Writes `input` as `format` through `write`; resolves with the characters written. */
export async function exportGraph(
  input: ExportInput,
  format: ExportFormat,
  write: (chunk: string) => void | Promise<void>,
  options: { signal?: AbortSignal; onProgress?: ExportProgress } = {},
): Promise<number> {
  const writer = WRITERS[format];
  if (!writer) throw new Error(`export: unknown format ${JSON.stringify(format)}; formats are ${Object.keys(EXPORT_FORMATS).join(', ')}`);
  const { signal, onProgress } = options;
  // Every writer yields one piece per node and (except positions) one per edge, after a few header pieces.
  const positionsOnly = format === 'csv' || format === 'positions';
  const total = input.graph.nodeIds.length + (positionsOnly ? 0 : input.graph.edges.length >> 1);
  let pieces = 0;
  let written = 0;
  let parts: string[] = [];
  let size = 0;
  const flush = async () => {
    const chunk = parts.join('');
    parts = [];
    size = 0;
    await write(chunk);
    written += chunk.length;
    onProgress?.(Math.min(1, pieces / Math.max(1, total)), `${pieces.toLocaleString('en')} of ${total.toLocaleString('en')} ${positionsOnly ? 'nodes' : 'nodes and edges'}`);
    await new Promise<void>((r) => setImmediate(r));
    throwIfAborted(signal);
  };
  throwIfAborted(signal);
  for (const piece of writer(input)) {
    parts.push(piece);
    size += piece.length;
    pieces++;
    if (size >= CHUNK_CHARS) await flush();
  }
  if (size) await flush();
  return written;
}
