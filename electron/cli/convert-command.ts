// `forcelab convert <in> <out> [--layout N] [--seed S] [--size WxH]`: reads any graph file and writes it in the
// format the out file's extension names, or (.png) a picture of the layout at --size (default 1600x1200). Positions are the file's own (x, y, z attributes: GEXF, GraphML, GML, GDF,
// Pajek, DOT pos) unless --layout N lays the graph out first with the real engine; a node without a position
// gets 0, 0, 0.
import { EXPORT_FORMATS, exportFormatOf } from '../../protocol/export-formats.js';
import { toCsr } from '../core/graph/csr.js';
import { writeExportFile } from '../core/graph/export/export-file.js';
import { exportInput } from '../core/graph/export/export-input.js';
import { renderPng, type PngSize } from '../core/graph/export/png-writer.js';
import { rename, writeFile } from 'node:fs/promises';
import type { LoadedGraph } from '../core/graph/graph-types.js';
import { loadGraphFile } from '../core/graph/load-graph.js';
import { layOut } from './layout-command.js';
import { UsageError } from './usage-error.js';

export interface ConvertArgs {
  input: string;
  out: string;
  layout: number;
  seed?: number;
  /** For a .png out. */
  size?: PngSize;
}

const isPng = (file: string) => /\.png$/i.test(file);

export function parseConvertArgs(argv: string[]): ConvertArgs {
  const files: string[] = [];
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [key, inline] = a.slice(2).split('=', 2);
      if (!['layout', 'seed', 'size'].includes(key)) throw new UsageError(`unknown option --${key}`);
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`--${key} needs a value`);
      opts[key] = v;
    } else files.push(a);
  }
  if (files.length !== 2) throw new UsageError('convert takes two files: forcelab convert <in> <out>');
  const [input, out] = files;
  if (!exportFormatOf(out) && !isPng(out)) throw new UsageError(`${JSON.stringify(out)}: the extension names the format, one of ${Object.values(EXPORT_FORMATS).map((f) => `.${f.extension}`).join(', ')}, .png`);
  let size: PngSize | undefined;
  if (opts.size !== undefined || isPng(out)) {
    const m = /^(\d+)x(\d+)$/.exec(opts.size ?? '1600x1200');
    if (!m) throw new UsageError(`--size must be WIDTHxHEIGHT in pixels, like 1600x1200, got ${JSON.stringify(opts.size)}`);
    size = { width: Number(m[1]), height: Number(m[2]) };
  }
  const layout = Number(opts.layout ?? 0);
  if (!Number.isInteger(layout) || layout < 0) throw new UsageError(`--layout must be a whole number of iterations >= 0, got ${JSON.stringify(opts.layout)}`);
  const seed = opts.seed === undefined ? undefined : Number(opts.seed);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)) throw new UsageError(`--seed must be a whole number 0..4294967295, got ${JSON.stringify(opts.seed)}`);
  return { input, out, layout, ...(seed !== undefined ? { seed } : {}), ...(size ? { size } : {}) };
}

/** The file's own positions, 0 where a node has none. */
export function filePositions(graph: LoadedGraph): { positions: Float32Array; placed: number } {
  const n = graph.nodeIds.length;
  const positions = new Float32Array(3 * n);
  let placed = 0;
  for (let i = 0; i < n; i++) {
    const a = graph.nodeAttributes?.[i];
    const xyz = [a?.x, a?.y, a?.z].map((v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN));
    if (Number.isFinite(xyz[0]) && Number.isFinite(xyz[1])) {
      placed++;
      positions.set([xyz[0], xyz[1], Number.isFinite(xyz[2]) ? xyz[2] : 0], 3 * i);
    }
  }
  return { positions, placed };
}

export async function runConvert(args: ConvertArgs, signal?: AbortSignal): Promise<{ nodes: number; edges: number; format: string; positions: 'file' | 'layout'; placed: number }> {
  const graph = await loadGraphFile(args.input, { signal });
  const format = isPng(args.out) ? 'png' : exportFormatOf(args.out)!;
  let positions: Float32Array;
  let placed: number;
  if (args.layout > 0) {
    ({ positions } = await layOut(toCsr(graph), { iterations: args.layout, seed: args.seed }, signal));
    placed = graph.nodeIds.length;
  } else ({ positions, placed } = filePositions(graph));
  if (format === 'png') {
    const png = renderPng(exportInput(graph, positions), args.size ?? { width: 1600, height: 1200 });
    await writeFile(`${args.out}.part`, png);
    await rename(`${args.out}.part`, args.out);
  } else await writeExportFile(args.out, exportInput(graph, positions), format, { signal });
  return { nodes: graph.nodeIds.length, edges: graph.edges.length >> 1, format, positions: args.layout > 0 ? 'layout' : 'file', placed };
}
