// MCP servers as graph sources: each with its status (connecting, live, failed and why), open its knowledge
// graph (it stays live: changes on the server reach the layout), disconnect, remove; add one by a command
// (stdio) or an http(s) URL (Streamable HTTP).
import { useState, type FormEvent } from 'react';
import type { McpServerSpec, McpServerStatus } from '../../../protocol/messages.js';
import { parseServerSpec } from './mcp-server-spec.js';
import { useApp, useSession } from '../session/session-context.js';
import { pushError } from '../store/app-store.js';

export function McpServers() {
  const session = useSession();
  const servers = useApp((s) => s.mcpServers);
  const [adding, setAdding] = useState(false);

  return (
    <div className="mcp-servers" data-testid="mcp-servers">
      <h4>MCP servers</h4>
      {servers.length === 0 && <p className="hint">none defined</p>}
      <ul className="mcp-list">
        {servers.map((s) => (
          <ServerRow key={s.name} server={s} />
        ))}
      </ul>
      {adding ? (
        <AddServer
          onDone={(spec) => {
            setAdding(false);
            if (spec) session.send({ type: 'mcpAdd', server: spec });
          }}
          onError={(m) => pushError(session.app, m)}
        />
      ) : (
        <button className="wide" onClick={() => setAdding(true)}>
          Add MCP server…
        </button>
      )}
    </div>
  );
}

function ServerRow({ server: s }: { server: McpServerStatus }) {
  const session = useSession();
  const busy = s.status === 'connecting';
  return (
    <li className={`mcp-server ${s.status}`} data-testid={`mcp-server-${s.name}`} data-status={s.status}>
      <div className="mcp-head">
        <span className={`dot ${s.status}`} aria-hidden />
        <span className="mcp-name">{s.name}</span>
        <span className="muted mcp-status">{statusText(s)}</span>
      </div>
      <div className="mcp-target muted" title={s.target}>
        {s.transport === 'http' ? s.target : `$ ${s.target}`}
      </div>
      {s.status === 'failed' && s.error && <div className="mcp-error">{s.error}</div>}
      <div className="mcp-actions">
        <button disabled={busy} onClick={() => session.send({ type: 'mcpOpen', name: s.name })}>
          {s.open ? 'Reload' : 'Open graph'}
        </button>
        <button disabled={s.status === 'idle' && !s.open} onClick={() => session.send({ type: 'mcpDisconnect', name: s.name })}>
          Disconnect
        </button>
        {!s.builtIn && <button onClick={() => session.send({ type: 'mcpRemove', name: s.name })}>Remove</button>}
      </div>
    </li>
  );
}

function statusText(s: McpServerStatus): string {
  const sessions = s.sessions > 0 ? ` · ${s.sessions} session${s.sessions > 1 ? 's' : ''}` : '';
  return `${s.status}${s.open ? ' · on screen' : ''}${sessions}`;
}

/** One field for the whole command line or URL: what people paste from a server's README. */
function AddServer({ onDone, onError }: { onDone: (spec?: McpServerSpec) => void; onError: (message: string) => void }) {
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      onDone(parseServerSpec(name, target));
    } catch (error) {
      onError((error as Error).message);
    }
  };
  return (
    <form className="mcp-add" onSubmit={submit} data-testid="mcp-add">
      <input aria-label="server name" placeholder="name" value={name} onChange={(e) => setName(e.target.value)} />
      <input aria-label="command or URL" placeholder="npx -y some-mcp-server  or  https://…/mcp" value={target} onChange={(e) => setTarget(e.target.value)} />
      <div className="mcp-actions">
        <button type="submit">Add</button>
        <button type="button" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
