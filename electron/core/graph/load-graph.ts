// Entry points for every graph file format: a path on disk (streamed, with progress and cancellation) or text
// the renderer sent. A bad file throws GraphFormatError naming the file and the line or element.
import { basename } from 'node:path';
import { open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { abortError, throwIfAborted } from '../lifecycle.js';
import { createDotParser } from './dot-parser.js';
import { createEdgeListParser } from './edge-list-parser.js';
import { streamFileText, type ReadOptions } from './file-reader.js';
import { createGdfParser } from './gdf-parser.js';
import { createGexfReader } from './gexf-reader.js';
import { createGmlParser } from './gml-parser.js';
import { createGraphmlReader } from './graphml-reader.js';
import { detectGraphFormat, isGzipName, isWholeTextFormat, type GraphFormat } from './graph-format.js';
import { GraphFormatError, type LoadedGraph } from './graph-types.js';
import { parseJsonGraph } from './json-graph-parser.js';
import { createMatrixMarketParser } from './matrix-market-parser.js';
import { createPajekParser } from './pajek-parser.js';
import { lineTextParser, type TextParser } from './text-parser.js';

export type LoadOptions = ReadOptions & {
  /** Overrides the `source` recorded in the graph (e.g. 'sample:les-miserables'). */
  source?: string;
  /** Overrides the display name (default: the file name). */
  name?: string;
};

export { GraphFormatError, type LoadedGraph } from './graph-types.js';

export async function loadGraphFile(path: string, opts: LoadOptions = {}): Promise<LoadedGraph> {
  const file = basename(path);
  const meta = { name: opts.name ?? file, source: opts.source ?? path };
  try {
    // Inside the try: reading a directory fails here (EISDIR) and must become the same user error.
    const gzip = isGzipName(path) || (await hasGzipMagic(path));
    throwIfAborted(opts.signal);
    // Sniff the content only when the name does not tell the format.
    const format = detectGraphFormat(file, /\.[A-Za-z0-9]+$/.test(file.replace(/\.gz$/i, '')) ? '' : await readHead(path, gzip));
    if (!isWholeTextFormat(format)) {
      const parser = textParser(format, file, meta);
      await streamFileText(path, gzip, opts, (text) => parser.push(text));
      const graph = parser.finish();
      opts.onProgress?.(1);
      return graph;
    }
    let text = '';
    // Whole-document formats: read with progress (most of the time for big files), then parse.
    await streamFileText(path, gzip, { signal: opts.signal, onProgress: (f) => opts.onProgress?.(f * 0.8) }, (t) => (text += t));
    throwIfAborted(opts.signal);
    const graph = parseWholeText(format, file, text, meta);
    opts.onProgress?.(1);
    return graph;
  } catch (err) {
    throw asUserError(file, err, opts.signal);
  }
}

/** Parses graph text the renderer sent (a file a person dropped or picked in the browser). */
export async function parseGraphText(name: string, text: string, opts: LoadOptions = {}): Promise<LoadedGraph> {
  const file = basename(name);
  const meta = { name: opts.name ?? file, source: opts.source ?? `upload:${file}` };
  try {
    const format = detectGraphFormat(file, text.slice(0, 4096));
    if (isWholeTextFormat(format)) return parseWholeText(format, file, text, meta);
    const parser = textParser(format, file, meta);
    // Feed in slices so a big upload reports progress and can be cancelled between slices.
    const slice = 1 << 20;
    for (let i = 0; i < text.length; i += slice) {
      throwIfAborted(opts.signal);
      parser.push(text.slice(i, i + slice));
      opts.onProgress?.(Math.min(1, (i + slice) / text.length));
      if (text.length > slice) await new Promise((r) => setImmediate(r));
    }
    return parser.finish();
  } catch (err) {
    throw asUserError(file, err, opts.signal);
  }
}

function textParser(format: Exclude<GraphFormat, 'json'>, file: string, meta: { name: string; source: string }): TextParser {
  switch (format) {
    case 'edgelist':
      return lineTextParser(createEdgeListParser(file, meta));
    case 'mtx':
      return lineTextParser(createMatrixMarketParser(file, meta));
    case 'pajek':
      return lineTextParser(createPajekParser(file, meta));
    case 'gdf':
      return lineTextParser(createGdfParser(file, meta));
    case 'gml':
      return createGmlParser(file, meta);
    case 'dot':
      return createDotParser(file, meta);
    case 'gexf':
      return createGexfReader(file, meta);
    case 'graphml':
      return createGraphmlReader(file, meta);
  }
}

function parseWholeText(format: GraphFormat, file: string, text: string, meta: { name: string; source: string }): LoadedGraph {
  // A UTF-8 byte-order mark is allowed in every format (an editor on Windows writes one).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (format === 'json') return parseJsonGraph(file, text, meta);
  throw new Error(`no whole-text parser for ${format}`);
}

/** Everything a person can cause becomes a GraphFormatError; cancellation stays an AbortError. */
function asUserError(file: string, err: unknown, signal?: AbortSignal): Error {
  if (signal?.aborted) return abortError(signal);
  if (err instanceof GraphFormatError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return new GraphFormatError(file, 'file', 'no such file');
  if (e?.code === 'EISDIR') return new GraphFormatError(file, 'file', 'is a directory, not a graph file');
  if (e?.code === 'EACCES') return new GraphFormatError(file, 'file', 'permission denied');
  if (e?.code === 'BAD_GZIP') return new GraphFormatError(file, 'gzip', e.message);
  if (err instanceof Error) return err;
  return new Error(String(err));
}

async function hasGzipMagic(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

async function readHead(path: string, gzip: boolean): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (!gzip) return head.toString('utf8');
    try {
      return gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: a truncated stream is fine for a peek */ }).toString('utf8');
    } catch {
      return '';
    }
  } finally {
    await fh.close();
  }
}
