// Errors a person can act on (a bad file, a failed task), each dismissible. The graph stays as it was.
import { useApp, useSession } from '../session/session-context.js';
import { dismissError } from '../store/app-store.js';

export function ErrorBanner() {
  const session = useSession();
  const errors = useApp((s) => s.errors);
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      {errors.map((e) => (
        <div className="error" key={e.id}>
          <span className="error-text">{e.message}</span>
          <button className="dismiss" aria-label="dismiss" onClick={() => dismissError(session.app, e.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
