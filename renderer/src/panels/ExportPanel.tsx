// Export the graph on screen: positions, or the graph with positions, colours and attributes. The host writes it
// as a task (progress and cancel in Tasks) and the window saves it as a download.
import { useState } from 'react';
import { EXPORT_FORMAT_IDS, EXPORT_FORMATS, type ExportFormat } from '../../../protocol/export-formats.js';
import { useApp, useSession } from '../session/session-context.js';
import { Section } from './Section.js';

export function ExportPanel() {
  const session = useSession();
  const [format, setFormat] = useState<ExportFormat>('gexf');
  const open = useApp((s) => s.connection.status === 'open');
  const hasGraph = useApp((s) => s.graph !== null);
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
    </Section>
  );
}
