// Shown over the canvas until the host says welcome, or when it refused or dropped the connection.
import { useApp } from '../session/session-context.js';

export function ConnectionNotice() {
  const connection = useApp((s) => s.connection);
  if (connection.status === 'open') return null;
  if (connection.status === 'connecting') return <div className="notice">Connecting to the ForceLab host…</div>;
  if (connection.status === 'refused') {
    return (
      <div className="notice refused" role="alert" data-testid="connection-refused">
        <strong>Connection refused.</strong>
        <p>The ForceLab host did not accept this window ({connection.reason}).</p>
        <p>Open the exact address the host printed, with its token: <code>ForceLab browser host: http://127.0.0.1:PORT/?token=…</code></p>
      </div>
    );
  }
  return (
    <div className="notice closed" role="alert" data-testid="connection-closed">
      <strong>Disconnected.</strong>
      <p>{connection.reason}. The host may have stopped; restart it and reload this page.</p>
    </div>
  );
}
