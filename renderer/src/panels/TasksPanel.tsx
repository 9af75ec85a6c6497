// Long jobs (imports, layout runs, clustering, MCP fetches) with progress and a cancel button.
import { useApp, useSession } from '../session/session-context.js';
import { Section } from './Section.js';

export function TasksPanel() {
  const session = useSession();
  const tasks = useApp((s) => s.tasks);
  return (
    <Section title="Tasks" testId="tasks">
      {tasks.length === 0 && <p className="muted">no tasks</p>}
      <ul className="tasks">
        {tasks.map((t) => (
          <li key={t.taskId} className={`task ${t.state}`}>
            <div className="task-head">
              <span className="task-label" title={t.kind}>{t.label}</span>
              <span className="task-state">{t.state === 'running' && t.progress !== null ? `${Math.round(t.progress * 100)} %` : t.state}</span>
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
            {t.error && <div className="task-error">{t.error}</div>}
          </li>
        ))}
      </ul>
    </Section>
  );
}
