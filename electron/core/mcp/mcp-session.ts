// One live MCP session: an SDK Client on a stdio child process or a Streamable HTTP connection. Opening it
// turns every way a start can fail into one McpPoolError naming the server, the command and stderr's last lines;
// closing it waits until the child process is really gone (a zombie or a stuck server would outlive the app).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { McpPoolError } from './mcp-errors.js';
import { describeServer, isStdioServer, type ServerDefinition } from './server-definition.js';
import { StderrTail } from './stderr-tail.js';

export const CLIENT_INFO = { name: 'forcelab', version: '0.1.0' };

export interface McpSession {
  readonly id: number;
  readonly server: string;
  readonly client: Client;
  /** The child's pid (stdio), null for HTTP. Kept from the start: the transport forgets it once closing. */
  readonly pid: number | null;
  readonly stderr: StderrTail;
  /** Requests in flight on this session. */
  busy: number;
  lastUsed: number;
  /** Set once the session is being closed on purpose or was found dead; it takes no new requests. */
  ended: boolean;
  idleTimer?: NodeJS.Timeout;
}

let nextSessionId = 1;

/** Connects and initialises; `onClosed` runs once when the connection ends for any reason. */
export async function openSession(def: ServerDefinition, initTimeoutMs: number, onClosed: (s: McpSession) => void): Promise<McpSession> {
  const stderr = new StderrTail();
  let transport: Transport;
  if (isStdioServer(def)) {
    const stdio = new StdioClientTransport({ command: def.command, args: def.args, env: def.env, cwd: def.cwd, stderr: 'pipe' });
    // Always read stderr: an unread pipe fills and then blocks the server on its next log line.
    stdio.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    transport = stdio;
  } else {
    transport = new StreamableHTTPClientTransport(new URL(def.url), { requestInit: { headers: def.headers } });
  }
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  let session: McpSession | undefined;
  let closedEarly = false;
  client.onclose = () => {
    if (session) onClosed(session);
    else closedEarly = true;
  };
  try {
    await client.connect(transport, { timeout: initTimeoutMs });
  } catch (err) {
    // A server that started but failed initialize must not outlive the error.
    const startedPid = transport instanceof StdioClientTransport ? transport.pid : null;
    await client.close().catch(() => {});
    if (startedPid !== null) await killAndWait(startedPid);
    // Let the last stderr chunks (piped through a PassThrough) arrive before quoting them.
    await new Promise((r) => setImmediate(r));
    throw startError(def, err, stderr);
  }
  const pid = transport instanceof StdioClientTransport ? transport.pid : null;
  session = { id: nextSessionId++, server: def.name, client, pid, stderr, busy: 0, lastUsed: performance.now(), ended: false };
  if (closedEarly) {
    session.ended = true;
    queueMicrotask(() => onClosed(session!));
  }
  return session;
}

function startError(def: ServerDefinition, err: unknown, stderr: StderrTail): McpPoolError {
  const what = `"${describeServer(def)}"`;
  const code = (err as NodeJS.ErrnoException)?.code;
  const tail = stderr.text();
  const lastLine = tail.split('\n').pop();
  let reason: string;
  if (code === 'ENOENT') reason = `could not start ${what}: command not found (${(err as Error).message})`;
  else if (code === 'EACCES') reason = `could not start ${what}: permission denied`;
  else if (err instanceof McpError && err.code === ErrorCode.RequestTimeout) reason = `${what} did not answer initialize in time`;
  else if (err instanceof McpError && err.code === ErrorCode.ConnectionClosed) reason = `${what} exited before it answered initialize`;
  else reason = `could not connect to ${what}: ${(err as Error)?.message ?? String(err)}`;
  const message = `MCP server "${def.name}": ${reason}${lastLine ? ` (stderr: ${lastLine})` : ''}${tail.includes('\n') ? `\nlast stderr lines:\n${tail}` : ''}`;
  return new McpPoolError('start', def.name, message, { stderrTail: tail, cause: err });
}

/** Closes the client and waits until the child process is gone (SIGKILL after `graceMs` if it is not). */
export async function closeSession(s: McpSession, graceMs = 3000): Promise<void> {
  s.ended = true;
  if (s.idleTimer) clearTimeout(s.idleTimer);
  await s.client.close().catch(() => {});
  if (s.pid !== null) await killAndWait(s.pid, graceMs);
}

async function killAndWait(pid: number, graceMs = 3000): Promise<void> {
  if (await waitForExit(pid, graceMs)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  await waitForExit(pid, 1000);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  while (isAlive(pid)) {
    if (performance.now() > until) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
