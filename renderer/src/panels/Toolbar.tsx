// Over the canvas: pause / resume, run to convergence, fit-to-view and unpin all.
import { useApp, useSession } from '../session/session-context.js';
import { useStore } from 'zustand';
import { requestFit } from '../store/frame-store.js';

export function Toolbar() {
  const session = useSession();
  const paused = useApp((s) => s.paused);
  const open = useApp((s) => s.connection.status === 'open');
  const anyPinned = useStore(session.frames, (s) => s.pinnedCount > 0);
  const hasGraph = useApp((s) => s.graph !== null && s.graph.nodeCount > 0);
  const running = useApp((s) => s.tasks.some((t) => t.kind === 'layout' && t.state === 'running'));
  return (
    <div className="toolbar">
      <button disabled={!open} onClick={() => session.send({ type: paused ? 'resume' : 'pause' })} data-testid="pause">
        {paused ? '▶ Resume' : '❚❚ Pause'}
      </button>
      <button
        disabled={!open || !hasGraph || running}
        onClick={() => session.send({ type: 'runLayout' })}
        title="Run the layout until it converges: a task with progress in Tasks; cancel stops the layout where it is"
        data-testid="run-layout"
      >
        ⏭ Converge
      </button>
      <button onClick={() => requestFit(session.frames)} title="Frame the whole graph" data-testid="fit">
        ⤢ Fit
      </button>
      <button
        disabled={!open || !anyPinned}
        onClick={() => session.edit(() => [{ op: 'unpinAll' }])}
        title="Release every pinned node (drag a node to pin it; double-click or U unpins one)"
        data-testid="unpin-all"
      >
        Unpin all
      </button>
    </div>
  );
}
