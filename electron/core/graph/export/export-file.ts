// An export written to a file: into `<path>.part`, renamed when complete, so a cancelled or failed export never
// leaves a half-written file where a person expects a graph. Used by the session (Save dialog) and the CLI.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rename, rm } from 'node:fs/promises';
import type { ExportFormat } from '../../../../protocol/export-formats.js';
import { exportGraph, type ExportProgress } from './export-graph.js';
import type { ExportInput } from './export-input.js';

/** Resolves with the characters written. */
export async function writeExportFile(path: string, input: ExportInput, format: ExportFormat, options: { signal?: AbortSignal; onProgress?: ExportProgress } = {}): Promise<number> {
  const part = `${path}.part`;
  const out = createWriteStream(part, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => {});
  try {
    const chars = await exportGraph(
      input,
      format,
      async (chunk) => {
        if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
      },
      options,
    );
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    await rename(part, path);
    return chars;
  } catch (err) {
    // The file is created when the stream's open lands, which can be after a quick cancel: remove it once the
    // stream has closed, or a stray .part would be left behind.
    if (!out.closed) {
      const closed = once(out, 'close');
      out.destroy();
      await closed;
    }
    await rm(part, { force: true });
    // A system error (no such folder, no permission, disk full) says which file it was about.
    throw (err as NodeJS.ErrnoException)?.code ? new Error(`export: cannot write ${path}: ${(err as Error).message}`) : err;
  }
}
