// The node picked on the canvas or found by search: name, id, degree, cluster, live position, neighbours.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useApp, useSession } from '../session/session-context.js';
import { neighboursOf } from '../scene/node-picking.js';
import { currentNames, requestFocus } from '../store/frame-store.js';
import type { NodeNameIndex } from '../search/node-name-index.js';
import { formatNumber } from './format.js';
import { Section } from './Section.js';

const NEIGHBOURS_SHOWN = 24;
/** The position readout refreshes a few times a second, not per frame. */
const REFRESH_MS = 250;

export function InspectorPanel() {
  const session = useSession();
  const selected = useApp((s) => s.selectedNode);
  // Re-render when a graph's names arrive (they follow its payload), not on every frame.
  const names = useStore(session.frames, currentNames);
  const [, tick] = useState(0);
  useEffect(() => {
    if (selected === null) return;
    const timer = setInterval(() => tick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, [selected]);
  const nodeCount = session.frames.getState().topology?.nodeCount ?? 0;
  const valid = selected !== null && selected < nodeCount;
  return (
    <Section title="Inspector" testId="inspector">
      {valid ? <NodeDetails node={selected} names={names} /> : <p className="muted">click a node, or search for one, to inspect it</p>}
    </Section>
  );
}

function NodeDetails({ node, names }: { node: number; names: NodeNameIndex | null }) {
  const session = useSession();
  const frame = session.frames.getState();
  const topology = frame.topology!;
  const neighbours = neighboursOf(topology.edges, node);
  const p = [0, 1, 2].map((k) => frame.positions[3 * node + k]);
  const select = (n: number | null) => session.app.setState({ selectedNode: n });
  const name = names?.nameOf(node);
  const id = names?.idOf(node);
  return (
    <div className="inspector" data-testid="inspector-node">
      <div className="inspector-head">
        <strong data-testid="inspector-name" title={name}>{name ?? `node #${node}`}</strong>
        <button className="small" onClick={() => requestFocus(session.frames, node)}>centre</button>
        <button className="small" onClick={() => select(null)}>clear</button>
      </div>
      {/* The id as the source wrote it, when the label hides it, and the index the engine uses. */}
      {name !== undefined && (
        <p className="inspector-id">
          {id !== name && <>id {id} · </>}node #{node}
        </p>
      )}
      <dl className="figures flush">
        <div><dt>degree</dt><dd>{topology.degrees[node]}</dd></div>
        {frame.labels && <div><dt>cluster</dt><dd>{frame.labels[node]}</dd></div>}
        <div><dt>position</dt><dd>{p.map((v) => formatNumber(v)).join(', ')}</dd></div>
      </dl>
      {neighbours.length > 0 && (
        <>
          <h4>neighbours ({neighbours.length})</h4>
          <div className="neighbours">
            {neighbours.slice(0, NEIGHBOURS_SHOWN).map((n) => (
              <button key={n} className="link" onClick={() => select(n)} title={names ? `node #${n}` : undefined}>
                {names ? names.nameOf(n) : `#${n}`}
              </button>
            ))}
            {neighbours.length > NEIGHBOURS_SHOWN && <span className="muted">+{neighbours.length - NEIGHBOURS_SHOWN}</span>}
          </div>
        </>
      )}
    </div>
  );
}
