// Streams a (possibly gzipped) file as text chunks with byte progress and cancellation.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { abortError } from '../lifecycle.js';
import { gunzipMembers, GzipError } from './gzip-members.js';

export interface ReadOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

const CHUNK_BYTES = 1 << 20;

/** Calls `onText` for each decoded chunk; progress counts compressed bytes read from disk. */
export async function streamFileText(path: string, gzip: boolean, opts: ReadOptions, onText: (text: string) => void): Promise<void> {
  if (gzip) return streamGzipText(path, opts, onText);
  const { size } = await stat(path);
  const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const decoder = new StringDecoder('utf8');
  const onAbort = () => raw.destroy(abortError(opts.signal));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      onText(decoder.write(chunk));
      opts.onProgress?.(size > 0 ? Math.min(1, raw.bytesRead / size) : 1);
    }
    onText(decoder.end());
  } catch (err) {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    raw.destroy();
  }
}

/** A gzip file, member by member (gzip-members.ts: concatenated members, trailing bytes as gzip -d takes them). */
async function streamGzipText(path: string, opts: ReadOptions, onText: (text: string) => void): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    if (size === 0) throw Object.assign(new Error('not a valid gzip file (it is empty)'), { code: 'BAD_GZIP' });
    const decoder = new StringDecoder('utf8');
    for await (const chunk of gunzipMembers(fh, size, (read) => opts.onProgress?.(Math.min(1, read / size)))) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      onText(decoder.write(chunk));
    }
    onText(decoder.end());
  } catch (err) {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    if (err instanceof GzipError) throw Object.assign(new Error(`not a valid gzip file (${err.message})`), { code: 'BAD_GZIP' });
    throw err;
  } finally {
    await fh.close();
  }
}

/** Splits streamed text into lines (LF or CRLF; the CR is left for the parser), numbering them from 1. */
export class LineSplitter {
  private rest = '';
  private lineNo = 0;

  constructor(private readonly onLine: (line: string, lineNo: number) => void) {}

  push(text: string): void {
    if (this.lineNo === 0 && this.rest === '' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl === -1) {
      this.rest += text;
      return;
    }
    this.onLine(this.rest + text.slice(0, nl), ++this.lineNo);
    this.rest = '';
    start = nl + 1;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      this.onLine(text.slice(start, nl), ++this.lineNo);
      start = nl + 1;
    }
    this.rest = text.slice(start);
  }

  end(): void {
    if (this.rest !== '') this.onLine(this.rest, ++this.lineNo);
    this.rest = '';
  }
}
