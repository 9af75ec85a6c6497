// MCP sessions in the main process, shared by every graph source and the window. Per server up to
// `maxSessions` live sessions; a request goes to the least busy one (MCP multiplexes requests on a session,
// so a busy session is still used while a second one connects). Idle sessions are closed, live ones pinged;
// a session that dies is replaced after an exponential backoff. With pooling off (the "MCP pool" switch)
// every request connects, initialises, calls and closes, which is what the switch's figures compare against.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ErrorCode,
  McpError,
  ResourceUpdatedNotificationSchema,
  type CallToolResult,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import { Listeners } from '../../../protocol/listeners.js';
import { abortError } from '../lifecycle.js';
import { LatencyWindow } from './latency-window.js';
import { McpPoolError } from './mcp-errors.js';
import { closeSession, openSession, type McpSession } from './mcp-session.js';
import type { ServerDefinition } from './server-definition.js';

export interface McpPoolOptions {
  /** Live sessions per server at most (default 2). */
  maxSessions?: number;
  /** A session with nothing in flight for this long is closed (default 60 s). */
  idleTimeoutMs?: number;
  /** How often live sessions are pinged; 0 turns health checks off (default 15 s). */
  healthIntervalMs?: number;
  /** How long a request waits for a session, connecting included (default 10 s). */
  acquireTimeoutMs?: number;
  /** A request's timeout unless the call gives one (default 30 s). */
  requestTimeoutMs?: number;
  /** Replacement backoff: base * 2^(failures - 1), at most max (defaults 250 ms, 15 s). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** The "MCP pool" switch (default on). */
  pooling?: boolean;
  /** Calls kept for the latency percentiles (default 1024). */
  latencyWindow?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** This request's timeout in ms (default: the pool's requestTimeoutMs). */
  timeoutMs?: number;
}

export interface SessionEvent {
  server: string;
  pid: number | null;
  event: 'open' | 'close';
  pooled: boolean;
}

type ResourceListener = (uri: string) => void;

interface Waiter {
  resolve(s: McpSession): void;
  reject(e: Error): void;
}

interface ServerState {
  def: ServerDefinition;
  /** Live pooled sessions (not ended). */
  sessions: McpSession[];
  /** The one connect in flight: concurrent first requests share it. */
  connecting: Promise<McpSession> | null;
  retryTimer?: NodeJS.Timeout;
  /** No connect before this time (backoff after a failure or a crash). */
  retryAt: number;
  failures: number;
  /** Crashed sessions not yet replaced: the next successful connects count as reconnects. */
  toReplace: number;
  lastError?: Error;
  waiters: Set<Waiter>;
  capabilities?: ServerCapabilities;
  watches: Map<string, Set<ResourceListener>>;
}

const DEFAULTS = {
  maxSessions: 2,
  idleTimeoutMs: 60_000,
  healthIntervalMs: 15_000,
  acquireTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  backoffBaseMs: 250,
  backoffMaxMs: 15_000,
  pooling: true,
  latencyWindow: 1024,
};

export class McpPool {
  private readonly opts: typeof DEFAULTS;
  private readonly states = new Map<string, ServerState>();
  /** Sessions of pooling-off requests, so dispose() can close one that is mid-call. */
  private readonly oneShot = new Set<McpSession>();
  private readonly latency: LatencyWindow;
  private readonly sessionEvents = new Listeners<SessionEvent>();
  private healthTimer?: NodeJS.Timeout;
  private disposed = false;
  private pooling: boolean;
  private readonly counts = { connects: 0, reconnects: 0, idleEvictions: 0, calls: 0, callErrors: 0, timeouts: 0, healthChecks: 0, healthFailures: 0 };

  constructor(servers: readonly ServerDefinition[] = [], options: McpPoolOptions = {}) {
    this.opts = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    this.pooling = this.opts.pooling;
    this.latency = new LatencyWindow(this.opts.latencyWindow);
    for (const s of servers) this.addServer(s);
    if (this.opts.healthIntervalMs > 0) {
      this.healthTimer = setInterval(() => this.healthCheck(), this.opts.healthIntervalMs);
      this.healthTimer.unref();
    }
  }

  addServer(def: ServerDefinition): void {
    if (this.states.has(def.name)) throw new McpPoolError('config', def.name, `MCP server "${def.name}" is already defined`);
    this.states.set(def.name, { def, sessions: [], connecting: null, retryAt: 0, failures: 0, toReplace: 0, waiters: new Set(), watches: new Map() });
  }

  /** Forgets a server: its waiters fail, its sessions close (their children exit before this resolves). */
  async removeServer(server: string): Promise<void> {
    const state = this.states.get(server);
    if (!state) return;
    this.states.delete(server);
    await this.closeServer(state, `MCP server "${server}" was removed`);
  }

  /** Closes a server's sessions without replacing them; the next request connects again. */
  async disconnect(server: string): Promise<void> {
    await this.closeServer(this.state(server), `MCP server "${server}" was disconnected`);
  }

  /** What the Sources panel shows of a server: live sessions, a connect in flight, the newest failure. */
  serverState(server: string): { sessions: number; connecting: boolean; lastError?: string } | undefined {
    const state = this.states.get(server);
    if (!state) return undefined;
    return { sessions: state.sessions.length, connecting: state.connecting !== null, lastError: state.failures > 0 ? state.lastError?.message : undefined };
  }

  serverNames(): string[] {
    return [...this.states.keys()];
  }

  definition(server: string): ServerDefinition | undefined {
    return this.states.get(server)?.def;
  }

  get isPooling(): boolean {
    return this.pooling;
  }

  /** The "MCP pool" switch. Off closes the pooled sessions; each request then has its own. */
  setPooling(on: boolean): void {
    if (on === this.pooling) return;
    this.pooling = on;
    if (!on) {
      for (const state of this.states.values()) {
        if (state.retryTimer) clearTimeout(state.retryTimer);
        state.retryTimer = undefined;
        state.toReplace = 0;
        for (const s of [...state.sessions]) void this.endSession(state, s);
      }
    }
  }

  /** Calls a tool; the result as the server sent it (isError included). Errors name the server and tool. */
  callTool(server: string, name: string, args: Record<string, unknown> = {}, opts: CallOptions = {}): Promise<CallToolResult> {
    return this.request(server, `tool "${name}"`, (client, ro) => client.callTool({ name, arguments: args }, undefined, ro) as Promise<CallToolResult>, opts);
  }

  /** Any request on a session (read a resource, list tools...), with the pool's timeout, errors and figures. */
  async request<T>(server: string, what: string, fn: (client: Client, ro: RequestOptions) => Promise<T>, opts: CallOptions = {}): Promise<T> {
    const state = this.state(server);
    if (opts.signal?.aborted) throw abortError(opts.signal);
    const timeout = opts.timeoutMs ?? this.opts.requestTimeoutMs;
    const t0 = performance.now();
    this.counts.calls++;
    let session: McpSession;
    try {
      session = this.pooling ? await this.acquire(state, opts.signal) : await this.openOneShot(state);
    } catch (err) {
      this.counts.callErrors++;
      throw opts.signal?.aborted ? abortError(opts.signal) : err;
    }
    // busy was counted when the session was handed out (synchronously, so concurrent requests see it).
    if (session.idleTimer) clearTimeout(session.idleTimer);
    let ok = false;
    try {
      const result = await fn(session.client, { signal: opts.signal, timeout });
      state.failures = 0;
      ok = true;
      return result;
    } catch (err) {
      this.counts.callErrors++;
      throw this.requestError(state, session, what, timeout, err, opts.signal);
    } finally {
      session.busy--;
      session.lastUsed = performance.now();
      if (this.oneShot.has(session)) {
        this.oneShot.delete(session);
        await closeSession(session);
        this.sessionEvents.emit({ server, pid: session.pid, event: 'close', pooled: false });
      } else if (session.busy === 0 && !session.ended) this.armIdle(state, session);
      // What the caller waited: acquiring (connecting, when pooling is off) and closing included.
      if (ok) this.latency.add(performance.now() - t0);
    }
  }

  /** The server's capabilities as it declared them on initialize (connects when nothing is known yet). */
  async capabilities(server: string, opts: CallOptions = {}): Promise<ServerCapabilities | undefined> {
    const state = this.state(server);
    if (!state.capabilities) await this.request(server, 'ping', (c, ro) => c.ping(ro), opts);
    return state.capabilities;
  }

  /**
   * Listens for `notifications/resources/updated` of `uri`, subscribing on every pooled session of the server
   * (now and as sessions are replaced). Resolves false when the server does not offer subscriptions or pooling
   * is off (no long-lived session to hear it on); the caller then polls.
   */
  async watchResource(server: string, uri: string, listener: ResourceListener, opts: CallOptions = {}): Promise<{ subscribed: boolean; dispose(): void }> {
    const state = this.state(server);
    const caps = await this.capabilities(server, opts);
    if (!caps?.resources?.subscribe || !this.pooling) return { subscribed: false, dispose: () => {} };
    let set = state.watches.get(uri);
    const first = !set;
    if (!set) state.watches.set(uri, (set = new Set()));
    set.add(listener);
    if (first) await Promise.all(state.sessions.map((s) => this.subscribe(s, uri)));
    return {
      subscribed: true,
      dispose: () => {
        set!.delete(listener);
        if (set!.size === 0 && state.watches.get(uri) === set) {
          state.watches.delete(uri);
          for (const s of state.sessions) void s.client.unsubscribeResource({ uri }).catch(() => {});
        }
      },
    };
  }

  /** Session opened or closed (with the child's pid): for tests and the figures panel. */
  onSession(listener: (e: SessionEvent) => void): () => void {
    return this.sessionEvents.add(listener);
  }

  /** Pids of the live child processes (pooled and per-request). */
  pids(): number[] {
    const all = [...this.oneShot, ...[...this.states.values()].flatMap((s) => s.sessions)];
    return all.map((s) => s.pid).filter((p): p is number => p !== null);
  }

  figures(): Record<string, number> {
    let open = this.oneShot.size;
    for (const s of this.states.values()) open += s.sessions.length;
    const r = (x: number) => Math.round(x * 100) / 100;
    return {
      mcpCallP50Ms: r(this.latency.percentile(50)),
      mcpCallP95Ms: r(this.latency.percentile(95)),
      mcpSessionsOpen: open,
      mcpConnects: this.counts.connects,
      mcpReconnects: this.counts.reconnects,
      mcpIdleEvictions: this.counts.idleEvictions,
      mcpCalls: this.counts.calls,
      mcpCallErrors: this.counts.callErrors,
      mcpTimeouts: this.counts.timeouts,
      mcpHealthChecks: this.counts.healthChecks,
      mcpHealthFailures: this.counts.healthFailures,
      mcpPooling: this.pooling ? 1 : 0,
    };
  }

  /** Closes every session and waits until each child process has exited. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.healthTimer) clearInterval(this.healthTimer);
    const closing = [...this.states.values()].map((state) => this.closeServer(state, `MCP server "${state.def.name}": the pool was closed`));
    for (const s of [...this.oneShot]) closing.push(closeSession(s));
    await Promise.all(closing);
  }

  /** Fails the server's waiters with `why` and closes its sessions, the one connecting included; no replacement. */
  private async closeServer(state: ServerState, why: string): Promise<void> {
    if (state.retryTimer) clearTimeout(state.retryTimer);
    state.retryTimer = undefined;
    state.toReplace = 0;
    state.failures = 0;
    state.lastError = undefined;
    const err = new McpPoolError('config', state.def.name, why);
    for (const w of [...state.waiters]) w.reject(err);
    // A copy: endSession takes each out of state.sessions as it starts.
    const closing = [...state.sessions].map((s) => this.endSession(state, s));
    // A connect in flight: close what it brings.
    if (state.connecting) closing.push(state.connecting.then((s) => this.endSession(state, s), () => {}));
    await Promise.all(closing);
  }

  // --- sessions ---

  private state(server: string): ServerState {
    if (this.disposed) throw new McpPoolError('config', server, `MCP server "${server}": the pool was closed`);
    const s = this.states.get(server);
    if (!s) {
      const known = this.serverNames();
      throw new McpPoolError('config', server, `MCP server "${server}" is not defined${known.length ? ` (defined: ${known.join(', ')})` : ''}`);
    }
    return s;
  }

  private acquire(state: ServerState, signal?: AbortSignal): Promise<McpSession> {
    const live = state.sessions.filter((s) => !s.ended);
    if (live.length) {
      const least = live.reduce((a, b) => (b.busy < a.busy ? b : a));
      // All busy and room for one more: grow in the background, multiplex on the least busy meanwhile.
      if (least.busy > 0 && live.length < this.opts.maxSessions) this.ensureConnect(state, false);
      least.busy++;
      return Promise.resolve(least);
    }
    this.ensureConnect(state, true);
    return this.waitForSession(state, signal);
  }

  private waitForSession(state: ServerState, signal?: AbortSignal): Promise<McpSession> {
    const ms = this.opts.acquireTimeoutMs;
    // In backoff past the wait: fail now rather than hold the caller for nothing.
    const wait = state.retryAt - performance.now();
    if (!state.connecting && wait > ms) {
      return Promise.reject(
        new McpPoolError('acquire', state.def.name, `MCP server "${state.def.name}" is not available (retrying in ${Math.round(wait)} ms)${lastError(state)}`, { cause: state.lastError }),
      );
    }
    return new Promise<McpSession>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        state.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        resolve: (s) => (done(), s.busy++, resolve(s)),
        reject: (e) => (done(), reject(e)),
      };
      const timer = setTimeout(
        () => waiter.reject(new McpPoolError('acquire', state.def.name, `MCP server "${state.def.name}": no session within ${ms} ms${lastError(state)}`, { cause: state.lastError })),
        ms,
      );
      const onAbort = () => waiter.reject(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      state.waiters.add(waiter);
    });
  }

  /** Starts the one connect, now or when the backoff allows. `forDemand`: someone waits for it. */
  private ensureConnect(state: ServerState, forDemand: boolean): void {
    if (state.connecting || state.retryTimer || this.disposed) return;
    const wait = state.retryAt - performance.now();
    if (wait > 0) {
      if (!forDemand && state.toReplace === 0) return;
      state.retryTimer = setTimeout(() => {
        state.retryTimer = undefined;
        this.connect(state);
      }, wait);
      state.retryTimer.unref();
      return;
    }
    this.connect(state);
  }

  private connect(state: ServerState): void {
    if (this.disposed || !this.pooling) return;
    const p = openSession(state.def, this.opts.acquireTimeoutMs, (s) => this.onClosed(state, s));
    state.connecting = p;
    p.then(
      (s) => {
        state.connecting = null;
        if (this.disposed || !this.pooling) {
          void closeSession(s);
          const why = this.disposed ? 'the pool was closed' : 'pooling was switched off while it connected; try again';
          for (const w of [...state.waiters]) w.reject(new McpPoolError('config', state.def.name, `MCP server "${state.def.name}": ${why}`));
          return;
        }
        if (s.ended) return this.afterFailure(state, new McpPoolError('closed', state.def.name, `MCP server "${state.def.name}" closed right after it started`));
        this.counts.connects++;
        if (state.toReplace > 0) {
          state.toReplace--;
          this.counts.reconnects++;
        }
        state.capabilities = s.client.getServerCapabilities();
        state.sessions.push(s);
        this.sessionEvents.emit({ server: state.def.name, pid: s.pid, event: 'open', pooled: true });
        this.listenForUpdates(state, s);
        for (const uri of state.watches.keys()) void this.subscribe(s, uri);
        for (const w of [...state.waiters]) w.resolve(s);
        this.armIdle(state, s);
        // Still short of what crashed: replace the next one too.
        if (state.toReplace > 0 && state.sessions.length < this.opts.maxSessions) this.ensureConnect(state, false);
      },
      (err: Error) => {
        state.connecting = null;
        this.afterFailure(state, err);
      },
    );
  }

  private afterFailure(state: ServerState, err: Error): void {
    state.failures++;
    state.lastError = err;
    state.retryAt = performance.now() + Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (state.failures - 1));
    // Those waiting asked for this connect: they get its error now, not a timeout later.
    for (const w of [...state.waiters]) w.reject(err);
    if (state.toReplace > 0) this.ensureConnect(state, false);
  }

  /** A pooled session's connection ended: on purpose (ended already set) or it crashed. */
  private onClosed(state: ServerState, s: McpSession): void {
    const i = state.sessions.indexOf(s);
    if (i >= 0) state.sessions.splice(i, 1);
    if (s.ended) return;
    s.ended = true;
    if (s.idleTimer) clearTimeout(s.idleTimer);
    void closeSession(s);
    this.sessionEvents.emit({ server: state.def.name, pid: s.pid, event: 'close', pooled: true });
    if (this.disposed || !this.pooling || i < 0) return;
    const tail = s.stderr.text(3);
    this.afterFailure(state, new McpPoolError('closed', state.def.name, `MCP server "${state.def.name}" closed its session${tail ? ` (stderr: ${tail.split('\n').pop()})` : ''}`));
    state.toReplace++;
    this.ensureConnect(state, false);
  }

  private async endSession(state: ServerState, s: McpSession): Promise<void> {
    if (s.ended) return;
    s.ended = true;
    const i = state.sessions.indexOf(s);
    if (i >= 0) state.sessions.splice(i, 1);
    await closeSession(s);
    this.sessionEvents.emit({ server: state.def.name, pid: s.pid, event: 'close', pooled: true });
  }

  private armIdle(state: ServerState, s: McpSession): void {
    if (s.idleTimer) clearTimeout(s.idleTimer);
    s.idleTimer = setTimeout(() => {
      if (s.busy > 0 || s.ended) return;
      this.counts.idleEvictions++;
      void this.endSession(state, s);
    }, this.opts.idleTimeoutMs);
    s.idleTimer.unref();
  }

  private async openOneShot(state: ServerState): Promise<McpSession> {
    const s = await openSession(state.def, this.opts.acquireTimeoutMs, () => {});
    s.busy++;
    this.counts.connects++;
    state.capabilities = s.client.getServerCapabilities();
    this.oneShot.add(s);
    this.sessionEvents.emit({ server: state.def.name, pid: s.pid, event: 'open', pooled: false });
    if (this.disposed) {
      this.oneShot.delete(s);
      await closeSession(s);
      throw new McpPoolError('config', state.def.name, `MCP server "${state.def.name}": the pool was closed`);
    }
    return s;
  }

  private healthCheck(): void {
    const timeout = Math.min(5000, this.opts.healthIntervalMs);
    for (const state of this.states.values()) {
      for (const s of state.sessions) {
        if (s.ended) continue;
        this.counts.healthChecks++;
        s.client.ping({ timeout }).catch(() => {
          if (s.ended) return;
          this.counts.healthFailures++;
          // Not answering a ping: treat as crashed, so it is closed and replaced.
          this.onClosed(state, s);
        });
      }
    }
  }

  private listenForUpdates(state: ServerState, s: McpSession): void {
    s.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      for (const l of [...(state.watches.get(n.params.uri) ?? [])]) l(n.params.uri);
    });
  }

  private async subscribe(s: McpSession, uri: string): Promise<void> {
    await s.client.subscribeResource({ uri }, { timeout: this.opts.requestTimeoutMs }).catch(() => {});
  }

  private requestError(state: ServerState, s: McpSession, what: string, timeout: number, err: unknown, signal?: AbortSignal): Error {
    const name = state.def.name;
    if (signal?.aborted) return abortError(signal);
    if (err instanceof McpError && err.code === ErrorCode.RequestTimeout) {
      this.counts.timeouts++;
      return new McpPoolError('timeout', name, `MCP server "${name}": ${what} timed out after ${timeout} ms`, { tool: what, cause: err });
    }
    if ((err instanceof McpError && err.code === ErrorCode.ConnectionClosed) || s.ended || /not connected/i.test((err as Error)?.message ?? '')) {
      const tail = s.stderr.text(3);
      return new McpPoolError('closed', name, `MCP server "${name}": the connection was lost during ${what} (the server exited or closed it)${tail ? ` (stderr: ${tail.split('\n').pop()})` : ''}`, {
        tool: what,
        stderrTail: tail,
        cause: err,
      });
    }
    return new McpPoolError('call', name, `MCP server "${name}": ${what} failed: ${(err as Error)?.message ?? String(err)}`, { tool: what, cause: err });
  }
}

function lastError(state: ServerState): string {
  return state.lastError ? ` (last error: ${state.lastError.message.split('\n')[0]})` : '';
}
