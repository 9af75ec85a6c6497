// Exporting the graph on screen as a task: to a file on this machine (Electron's Save dialog, the CLI) or to the
// window that asked (the browser host: chunks over its connection, which it saves as a download). The graph and
// its positions are taken together between layout batches; the writing happens beside the layout, a chunk per
// turn, waiting for a slow connection instead of buffering the whole file for it.
import { EXPORT_FORMATS, exportFileName, exportFormatOf, type ExportFormat } from '../../../protocol/export-formats.js';
import type { Engine } from '../engine/engine-api.js';
import { writeExportFile } from '../graph/export/export-file.js';
import { exportGraph } from '../graph/export/export-graph.js';
import { exportInput, type ExportInput } from '../graph/export/export-input.js';
import type { GraphStore } from '../graph/graph-store.js';
import { abortError } from '../lifecycle.js';
import type { TaskHandle, TaskManager } from '../tasks/task-manager.js';
import type { Client, ClientHub } from './client-hub.js';
import type { LayoutLoop } from './layout-loop.js';

/** A window's connection may hold this much unsent export before the next chunk waits. */
const CLIENT_BUFFER_BYTES = 2 * 1024 * 1024;
const DRAIN_POLL_MS = 10;

export interface GraphExportParts {
  engine: Engine;
  loop: LayoutLoop;
  store: GraphStore;
  tasks: TaskManager;
  hub: ClientHub;
  /** The newest clusters of the graph on screen, when clustering has run. */
  clusters: () => Uint32Array | undefined;
}

export interface ExportResult {
  format: ExportFormat;
  fileName: string;
  /** Characters written (UTF-16 code units; bytes for ASCII files). */
  chars: number;
}

export class GraphExport {
  constructor(private readonly p: GraphExportParts) {}

  /** Writes the graph to `path` (format from its extension unless given); the file appears only when complete. */
  toFile(path: string, format?: ExportFormat): TaskHandle<ExportResult> {
    const f = format ?? exportFormatOf(path);
    if (!f) throw new Error(`export: cannot tell the format of ${path}; use one of ${Object.values(EXPORT_FORMATS).map((x) => `.${x.extension}`).join(', ')}`);
    return this.run(f, path, (input, signal, progress) => writeExportFile(path, input, f, { signal, onProgress: progress }));
  }

  /** Streams the graph to one window as exportData chunks and an exportDone (with an error when it failed). */
  toClient(client: Client, requestId: number, format: ExportFormat): void {
    const { hub } = this.p;
    let handle: TaskHandle<ExportResult>;
    try {
      handle = this.run(format, undefined, async (input, signal, progress) => {
        const gone = new AbortController();
        const offClose = client.transport.onClose(() => gone.abort(new Error('the window that asked for the export closed')));
        try {
          return await exportGraph(
            input,
            format,
            async (chunk) => {
              while (client.transport.bufferedBytes > CLIENT_BUFFER_BYTES) {
                if (gone.signal.aborted) throw gone.signal.reason;
                if (signal.aborted) throw abortError(signal);
                await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
              }
              if (gone.signal.aborted) throw gone.signal.reason;
              hub.sendTo(client, { type: 'exportData', requestId, chunk });
            },
            { signal, onProgress: progress },
          );
        } finally {
          offClose();
        }
      });
    } catch (err) {
      hub.sendTo(client, { type: 'exportDone', requestId, fileName: '', mime: '', chars: 0, error: (err as Error).message });
      return;
    }
    handle.result.then(
      (r) => hub.sendTo(client, { type: 'exportDone', requestId, fileName: r.fileName, mime: EXPORT_FORMATS[format].mime, chars: r.chars }),
      (err) => hub.sendTo(client, { type: 'exportDone', requestId, fileName: '', mime: '', chars: 0, error: (err as Error)?.message ?? String(err) }),
    );
  }

  private run(
    format: ExportFormat,
    path: string | undefined,
    write: (input: ExportInput, signal: AbortSignal, progress: (f: number, m?: string) => void) => Promise<number>,
  ): TaskHandle<ExportResult> {
    const { engine, loop, store, tasks } = this.p;
    const info = store.info();
    if (!info) throw new Error('export: no graph is open');
    const fileName = path ?? exportFileName(info.name, format);
    return tasks.run('export', `Exporting ${info.name} as ${EXPORT_FORMATS[format].title.split(' (')[0]}${path ? ` to ${path}` : ''}`, async (signal, progress) => {
      // Graph and positions of the same moment: taken with the engine idle, after any edit it was given.
      const input = await loop.run(() => {
        const stored = store.get();
        if (!stored || stored.graphId !== info.graphId) throw new Error('export: the graph was replaced before the export began');
        const positions = engine.readPositions();
        return exportInput(stored.graph, positions, this.p.clusters());
      });
      const chars = await write(input, signal, progress);
      return { format, fileName, chars };
    });
  }
}
