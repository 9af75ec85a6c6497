// The name of the node under the pointer, beside the pointer (the Picker finds the node).
import { useStore } from 'zustand';
import { useApp, useSession } from '../session/session-context.js';
import { currentNames } from '../store/frame-store.js';

export function NodeTooltip() {
  const session = useSession();
  const hover = useApp((s) => s.hover);
  const names = useStore(session.frames, currentNames);
  if (!hover) return null;
  return (
    <div className="node-tooltip" data-testid="node-tooltip" style={{ left: hover.x, top: hover.y }}>
      {names ? names.nameOf(hover.node) : `node #${hover.node}`}
    </div>
  );
}
