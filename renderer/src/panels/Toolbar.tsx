// Over the canvas: pause / resume and fit-to-view.
import { useApp, useSession } from '../session/session-context.js';
import { requestFit } from '../store/frame-store.js';

export function Toolbar() {
  const session = useSession();
  const paused = useApp((s) => s.paused);
  const open = useApp((s) => s.connection.status === 'open');
  return (
    <div className="toolbar">
      <button disabled={!open} onClick={() => session.send({ type: paused ? 'resume' : 'pause' })} data-testid="pause">
        {paused ? '▶ Resume' : '❚❚ Pause'}
      </button>
      <button onClick={() => requestFit(session.frames)} title="Frame the whole graph" data-testid="fit">
        ⤢ Fit
      </button>
    </div>
  );
}
