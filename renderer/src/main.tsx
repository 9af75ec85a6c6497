// Entry: pick the transport for this host (Electron MessagePort or browser-host WebSocket), start
// the session, render the window.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { ClientTransport } from '../../protocol/transport.js';
import { App } from './App.js';
import { Session } from './session/session.js';
import { SessionContext } from './session/session-context.js';
import { createAppStore, pushError } from './store/app-store.js';
import { createFrameStore } from './store/frame-store.js';
import { installTestHook } from './test-hook.js';
import { MessagePortTransport, waitForElectronPort } from './transport/message-port-transport.js';
import { WebSocketTransport, browserHostSocketUrl } from './transport/websocket-transport.js';
import './styles.css';

const app = createAppStore();
const frames = createFrameStore();
const reportBadMessage = (error: Error) => pushError(app, error.message);

async function connect(): Promise<ClientTransport> {
  if (window.forcelab?.host === 'electron') {
    return new MessagePortTransport(await waitForElectronPort(window), reportBadMessage);
  }
  const { url, token } = browserHostSocketUrl(window.location);
  if (!token) {
    app.setState({ connection: { status: 'refused', reason: 'this address has no ?token=' } });
  }
  return new WebSocketTransport(url, reportBadMessage);
}

const transport = await connect();
const session = new Session(transport, app, frames);
installTestHook(window, frames);
window.addEventListener('beforeunload', () => session.dispose());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionContext.Provider value={session}>
      <App />
    </SessionContext.Provider>
  </StrictMode>,
);
