// Where graphs come from: a local file (read here, parsed by main) or one of the host's samples.
import { useRef, type ChangeEvent } from 'react';
import { useApp, useSession } from '../session/session-context.js';
import { pushError } from '../store/app-store.js';
import { formatNumber } from './format.js';
import { readSummary } from './graph-read.js';
import { McpServers } from './McpServers.js';
import { Section } from './Section.js';

export function SourcesPanel() {
  const session = useSession();
  const samples = useApp((s) => s.samples);
  const graph = useApp((s) => s.graph);
  const input = useRef<HTMLInputElement>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again must fire change again
    if (!file) return;
    try {
      session.send({ type: 'openFile', name: file.name, text: await file.text() });
    } catch (error) {
      pushError(session.app, `could not read ${file.name}: ${(error as Error).message}`);
    }
  };

  return (
    <Section title="Sources" testId="sources">
      {graph && (
        <div className="current-graph" data-testid="current-graph">
          <div className="graph-name">{graph.name}</div>
          <div className="muted">
            {formatNumber(graph.nodeCount)} nodes · {formatNumber(graph.edgeCount)} edges
          </div>
          {graph.read && (
            <div className="muted graph-read" data-testid="graph-read" title="The graph as its file gave it, counted when it was read; the layout merges duplicates and drops self-loops">
              {readSummary(graph.read)}
            </div>
          )}
          <div className="graph-source muted" title={graph.source}>
            {tail(graph.source, 42)}
          </div>
        </div>
      )}
      <button className="wide" onClick={() => input.current?.click()}>
        Open file…
      </button>
      <input
        ref={input}
        type="file"
        data-testid="open-file"
        accept=".gexf,.graphml,.csv,.tsv,.txt,.edges,.mtx,.json"
        style={{ display: 'none' }}
        onChange={onFile}
      />
      <p className="hint">GEXF, GraphML, CSV/TSV or SNAP edge lists, MatrixMarket, JSON node-link</p>
      {samples.length > 0 && (
        <>
          <h4>Samples</h4>
          <ul className="samples">
            {samples.map((name) => (
              <li key={name}>
                <button className={`link ${graph?.name === name ? 'current' : ''}`} onClick={() => session.send({ type: 'openSample', name })}>
                  {name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <McpServers />
    </Section>
  );
}

/** Long paths keep their end (the file name) visible. */
function tail(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}

