// Export the graph on screen: positions, or the graph with positions, colours and attributes. The host writes it
// as a task (progress and cancel in Tasks) and the window saves it as a download. A picture of the view (PNG) is
// the window's own: the canvas as drawn, at its size on screen.
import { useState } from 'react';
import { EXPORT_FORMAT_IDS, EXPORT_FORMATS, exportFileName, type ExportFormat } from '../../../protocol/export-formats.js';
import { downloadInBrowser } from '../session/export-downloads.js';
import { pushError } from '../store/app-store.js';
import { useApp, useSession } from '../session/session-context.js';
import { Section } from './Section.js';

export function ExportPanel() {
  const session = useSession();
  const [format, setFormat] = useState<ExportFormat>('gexf');
  const open = useApp((s) => s.connection.status === 'open');
  const graph = useApp((s) => s.graph);
  const hasGraph = graph !== null;
  const picture = async () => {
    const blob = await session.pictureTaker?.();
    if (!blob) return pushError(session.app, 'could not take a picture of the view: the canvas gave no image');
    downloadInBrowser({ fileName: exportFileName(graph?.name ?? 'graph', 'csv').replace(/\.csv$/, '.png'), mime: 'image/png', chunks: [blob] });
  };
  return (
    <Section title="Export" testId="export">
      <div className="view-row">
        <select value={format} aria-label="export format" onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {EXPORT_FORMAT_IDS.map((f) => (
            <option key={f} value={f}>
              {EXPORT_FORMATS[f].title}
            </option>
          ))}
        </select>
        <button className="small" disabled={!open || !hasGraph} onClick={() => session.exportGraph(format)} data-testid="export-button">
          Export
        </button>
      </div>
      <button className="small wide" disabled={!hasGraph} onClick={() => void picture()} data-testid="picture-button" title="The view as drawn, at its size on screen">
        Picture of this view (PNG)
      </button>
    </Section>
  );
}
