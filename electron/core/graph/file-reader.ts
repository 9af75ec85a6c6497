// Streams a (possibly gzipped) file as text chunks with byte progress and cancellation.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import { abortError } from '../lifecycle.js';

export interface ReadOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

const CHUNK_BYTES = 1 << 20;

/** Calls `onText` for each decoded chunk; progress counts compressed bytes read from disk. */
export async function streamFileText(path: string, gzip: boolean, opts: ReadOptions, onText: (text: string) => void): Promise<void> {
  const { size } = await stat(path);
  const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const source = gzip ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
  if (gzip) raw.on('error', (err) => source.destroy(err));
  const decoder = new StringDecoder('utf8');
  const onAbort = () => source.destroy(abortError(opts.signal));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      onText(decoder.write(chunk));
      opts.onProgress?.(size > 0 ? Math.min(1, raw.bytesRead / size) : 1);
    }
    onText(decoder.end());
  } catch (err) {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    if ((err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') {
      // Where, to the 1 MiB chunk it was read in: the compressed bytes read so far.
      const at = gzip ? `, within the first ${raw.bytesRead} of ${size} compressed bytes` : '';
      throw Object.assign(new Error(`not a valid gzip file (${(err as Error).message}${at})`), { code: 'BAD_GZIP' });
    }
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    raw.destroy();
    source.destroy();
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
