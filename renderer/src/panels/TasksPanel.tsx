// Long jobs (imports, layout runs, clustering, MCP fetches) with progress, elapsed time, a cancel button, and
// the error of a failed one.
import { useEffect, useState } from 'react';
import { useApp, useSession } from '../session/session-context.js';
import { taskElapsedMs } from '../store/app-store.js';
import { formatDuration } from './format.js';
import { Section } from './Section.js';

/** How often a running task's elapsed time ticks. */
const TICK_MS = 250;

export function TasksPanel() {
  const session = useSession();
  const tasks = useApp((s) => s.tasks);
  const anyRunning = tasks.some((t) => t.state === 'running');
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    setNow(performance.now());
    if (!anyRunning) return; // nothing ticks: no re-renders while idle
    const timer = setInterval(() => setNow(performance.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [anyRunning, tasks]);
  return (
    <Section title="Tasks" testId="tasks">
      {tasks.length === 0 && <p className="muted">no tasks</p>}
      <ul className="tasks">
        {tasks.map((t) => {
          const elapsed = taskElapsedMs(t, now);
          return (
            <li key={t.taskId} className={`task ${t.state}`} data-testid={`task-${t.taskId}`}>
              <div className="task-head">
                <span className="task-label" title={t.kind}>{t.label}</span>
                <span className="task-state">{t.state === 'running' && t.progress !== null ? `${Math.round(t.progress * 100)} %` : t.state}</span>
                {elapsed !== null && (
                  <span className="task-time" data-testid="task-time" title={t.state === 'running' ? 'running for' : 'took'}>
                    {formatDuration(elapsed)}
                  </span>
                )}
                {t.state === 'running' && (
                  <button className="small" onClick={() => session.send({ type: 'cancelTask', taskId: t.taskId })}>
                    cancel
                  </button>
                )}
              </div>
              {t.state === 'running' && (
                <div className={`progress ${t.progress === null ? 'indeterminate' : ''}`}>
                  <div style={{ width: t.progress === null ? '30%' : `${Math.max(0, Math.min(1, t.progress)) * 100}%` }} />
                </div>
              )}
              {t.state === 'running' && t.message && <div className="task-message muted" data-testid="task-message">{t.message}</div>}
              {t.error && <div className="task-error" role="alert">{t.error}</div>}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
