// How the graph is drawn (this window only): node size, edge visibility and opacity.
import { useApp, useSession } from '../session/session-context.js';
import { DEFAULT_VIEW, type ViewSettings } from '../store/app-store.js';
import { Section } from './Section.js';

export function ViewPanel() {
  const session = useSession();
  const view = useApp((s) => s.view);
  const set = (patch: Partial<ViewSettings>) => session.app.setState({ view: { ...session.app.getState().view, ...patch } });
  return (
    <Section title="View" testId="view">
      <label className="param">
        <span className="param-name">node size</span>
        <span className="param-value">×{view.nodeScale.toFixed(2)}</span>
        <input type="range" min={-2} max={2} step={0.05} value={Math.log2(view.nodeScale)} aria-label="node size"
          onChange={(e) => set({ nodeScale: 2 ** Number(e.target.value) })} />
      </label>
      <label className="param">
        <span className="param-name">edge opacity</span>
        <span className="param-value">×{view.edgeOpacity.toFixed(2)}</span>
        <input type="range" min={-3} max={3} step={0.1} value={Math.log2(view.edgeOpacity)} aria-label="edge opacity"
          onChange={(e) => set({ edgeOpacity: 2 ** Number(e.target.value) })} />
      </label>
      <div className="view-row">
        <label className="check">
          <input type="checkbox" checked={view.showEdges} onChange={(e) => set({ showEdges: e.target.checked })} /> edges
        </label>
        <button className="small" onClick={() => set(DEFAULT_VIEW)}>reset</button>
      </div>
    </Section>
  );
}
