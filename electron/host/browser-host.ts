// The browser host: the built renderer over HTTP and one WebSocket (/ws?token=...) on 127.0.0.1, both driving
// the same Session as the Electron shell. Only this machine can connect, only with this run's random token, and
// only from our own origin (a web page elsewhere cannot script it even if the user visits one).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { appRoot } from '../core/graph/samples.js';
import { createSession, type CreateSessionOptions } from '../core/session/create-session.js';
import type { Session } from '../core/session/session.js';
import { DisposableStore, toDisposable } from '../core/lifecycle.js';
import { webSocketWithCloseReasons } from './protocol-error-close.js';
import { serveStatic } from './static-files.js';
import { WebSocketTransport } from './websocket-transport.js';

export interface BrowserHostOptions extends CreateSessionOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Folder with the built renderer; default dist/renderer under the app root. */
  rendererDir?: string;
  /** Largest message a client may send, in bytes (default MAX_CLIENT_MESSAGE_BYTES); bigger ones close it with 1009. */
  maxMessageBytes?: number;
  /** An existing session to serve instead of creating one (the host then disposes it on close). */
  session?: Session;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  session: Session;
  close(): Promise<void>;
}

/** Largest message a client may send: an uploaded graph file travels as one text message. */
export const MAX_CLIENT_MESSAGE_BYTES = 512 * 1024 * 1024;

export async function startBrowserHost(opts: BrowserHostOptions = {}): Promise<BrowserHost> {
  const session = opts.session ?? (await createSession(opts));
  const rendererDir = opts.rendererDir ?? join(appRoot(), 'dist', 'renderer');
  const token = randomBytes(24).toString('base64url');
  const server = createServer((req, res) => serveStatic(rendererDir, req, res));
  const maxPayload = opts.maxMessageBytes ?? MAX_CLIENT_MESSAGE_BYTES;
  const wss = new WebSocketServer({ noServer: true, maxPayload, WebSocket: webSocketWithCloseReasons(maxPayload) });
  let port = 0;
  const log = opts.onError ?? ((m: string) => console.error(m));

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(req, token, port);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      session.addClient(new WebSocketTransport(ws, log));
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await session.dispose();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new Error(`port ${opts.port} is in use; pick another with --port N (or --port 0 for any free port)`);
    throw err;
  }
  port = (server.address() as { port: number }).port;

  // One owner for the host's resources, released in reverse: the session (and with it every client transport),
  // then the WebSocket server, then the HTTP server and its connections.
  const owned = new DisposableStore();
  owned.add(
    toDisposable(() => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    }),
  );
  owned.add(
    toDisposable(() => {
      for (const ws of wss.clients) ws.terminate();
      return new Promise<void>((r) => wss.close(() => r()));
    }),
  );
  owned.add(session);
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    session,
    close: () => (closing ??= owned.dispose()),
  };
}

/** Returns the HTTP status line to refuse with, or undefined to accept. */
function checkUpgrade(req: IncomingMessage, token: string, port: number): string | undefined {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return '400 Bad Request'; // e.g. "//[": a throw here would escape the 'upgrade' handler and end the host
  }
  if (url.pathname !== '/ws') return '404 Not Found';
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return '401 Unauthorized';
  // Browsers always send Origin on WebSocket upgrades; a client without one is not a browser page (tests, tools)
  // and is held to the token alone.
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return '403 Forbidden';
  return undefined;
}
