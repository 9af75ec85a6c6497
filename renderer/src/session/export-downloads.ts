// A window's exports: the host streams the file as exportData chunks; on exportDone they become one Blob the
// browser saves as a download (in Electron the same download asks where to save). A failed or cancelled export
// drops its chunks. Only exports this window asked for are kept, so nothing else can fill its memory.
import type { ExportFormat } from '../../../protocol/export-formats.js';
import type { ServerMessage } from '../../../protocol/messages.js';

type ExportMessage = Extract<ServerMessage, { type: 'exportData' | 'exportDone' }>;

export interface SavedExport {
  fileName: string;
  mime: string;
  chunks: BlobPart[];
}

export class ExportDownloads {
  private nextId = 1;
  private readonly pending = new Map<number, { format: ExportFormat; chunks: string[] }>();

  constructor(
    private readonly save: (file: SavedExport) => void,
    private readonly fail: (message: string) => void,
  ) {}

  /** A new request id for `format`; its chunks are collected from now on. */
  begin(format: ExportFormat): number {
    const id = this.nextId++;
    this.pending.set(id, { format, chunks: [] });
    return id;
  }

  get inProgress(): number {
    return this.pending.size;
  }

  receive(m: ExportMessage): void {
    const p = this.pending.get(m.requestId);
    if (!p) return; // not ours (another window's, or already ended)
    if (m.type === 'exportData') {
      p.chunks.push(m.chunk);
      return;
    }
    this.pending.delete(m.requestId);
    if (m.error !== undefined) {
      // A cancel is the person's own doing: no banner for it.
      if (!/cancelled/.test(m.error)) this.fail(`export as ${p.format} failed: ${m.error}`);
      return;
    }
    this.save({ fileName: m.fileName, mime: m.mime, chunks: p.chunks });
  }
}

/** Saves through the browser: a Blob URL on a temporary link, released once the click has been handled. */
export function downloadInBrowser({ fileName, mime, chunks }: SavedExport): void {
  const url = URL.createObjectURL(new Blob(chunks, { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
