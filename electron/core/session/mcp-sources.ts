// MCP servers as graph sources, for the session: the pool (owned here, closed on dispose), the server list the
// Sources panel shows (with each server's status), the one source whose graph is on screen and is followed
// live (its changes go to the GraphStore as commands), and search through that server's search_nodes.
// Servers a person adds are kept in the settings file when the host gives one; the built-in memory server is not.
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { GraphCommand } from '../../../protocol/graph-edits.js';
import type { McpServerSpec, McpServerStatus, ServerMessage } from '../../../protocol/messages.js';
import type { StoredGraph } from '../graph/graph-store.js';
import type { LoadedGraph } from '../graph/graph-types.js';
import type { Disposable } from '../lifecycle.js';
import { isAbortError, namedAbortError } from '../lifecycle.js';
import { McpGraphSource } from '../mcp/mcp-graph-source.js';
import { McpPool, type McpPoolOptions } from '../mcp/mcp-pool.js';
import { defaultMemoryFile, defaultMemoryServer, ensureMemoryFile, MEMORY_SERVER_NAME } from '../mcp/memory-server.js';
import { describeServer, isStdioServer, parseServerDefinition, parseServerList, type ServerDefinition } from '../mcp/server-definition.js';
import type { TaskManager } from '../tasks/task-manager.js';

export interface McpSourcesOptions {
  /** The built-in memory server's knowledge-graph file (default: the per-user one); null: no built-in server. */
  memoryFile?: string | null;
  /** JSON settings file whose `mcpServers` list holds the servers a person added (none: they last a session). */
  settingsFile?: string;
  /** How often an open source re-reads its graph besides subscriptions (default 2000 ms). */
  pollMs?: number;
  pool?: McpPoolOptions;
}

type Requester = unknown;

export interface McpSourcesParts {
  tasks: TaskManager;
  /** Puts the source's graph on screen (the session's import path: engine first, then store and windows). */
  setGraph(graph: LoadedGraph, signal: AbortSignal): Promise<StoredGraph>;
  /** Applies a source's changes to the graph it put on screen (refused when another graph replaced it). */
  submit(commands: GraphCommand[], graphId: number): Promise<unknown>;
  /** The graph on screen now (a source that lost the race to another import must not claim the screen). */
  graphOnScreen(): number | undefined;
  broadcast(message: ServerMessage): void;
  sendTo(requester: Requester, message: ServerMessage): void;
  report(message: string, requester?: Requester): void;
}

/** The pool's figures the "MCP pool" switch declares. */
const FIGURES = ['mcpCallP50Ms', 'mcpCallP95Ms', 'mcpSessionsOpen', 'mcpConnects', 'mcpReconnects', 'mcpIdleEvictions'] as const;

interface OpenSource {
  server: string;
  source: McpGraphSource;
  graphId: number;
}

export class McpSources implements Disposable {
  readonly pool: McpPool;
  private readonly builtIn = new Set<string>();
  /** Servers with a read in flight or whose newest attempt failed, as the panel shows them. */
  private readonly connecting = new Set<string>();
  private readonly failures = new Map<string, string>();
  private readonly openTasks = new Map<string, number>();
  private active: OpenSource | undefined;
  private readonly ready: Promise<void>;
  private readonly memoryFile: string | null;
  private settingsWrite: Promise<void> = Promise.resolve();
  /** The settings file could not be read: it is never written, so the person's list stays as it was. */
  private settingsBroken = false;
  private disposed = false;
  private readonly offSession: () => void;

  constructor(
    private readonly p: McpSourcesParts,
    private readonly opts: McpSourcesOptions = {},
  ) {
    this.pool = new McpPool([], opts.pool);
    this.memoryFile = opts.memoryFile === undefined ? defaultMemoryFile() : opts.memoryFile;
    if (this.memoryFile !== null) {
      this.pool.addServer(defaultMemoryServer(this.memoryFile));
      this.builtIn.add(MEMORY_SERVER_NAME);
    }
    this.offSession = this.pool.onSession(() => this.changed());
    this.ready = this.loadSettings();
  }

  /** Everything the Sources panel lists, in definition order. */
  list(): McpServerStatus[] {
    return this.pool.serverNames().map((name) => {
      const def = this.pool.definition(name)!;
      const st = this.pool.serverState(name);
      const failed = this.failures.get(name);
      const status: McpServerStatus['status'] = this.connecting.has(name) || st?.connecting ? 'connecting' : st?.sessions ? 'live' : failed ? 'failed' : 'idle';
      return {
        name,
        transport: isStdioServer(def) ? 'stdio' : 'http',
        target: describeServer(def),
        status,
        ...(status === 'failed' && failed ? { error: failed } : {}),
        sessions: st?.sessions ?? 0,
        open: this.active?.server === name,
        builtIn: this.builtIn.has(name),
      };
    });
  }

  /** The list to one client (on hello). */
  sendList(requester: Requester): void {
    void this.ready.then(() => this.p.sendTo(requester, { type: 'mcpServers', servers: this.list() }));
  }

  figures(): Record<string, number> {
    const all = this.pool.figures();
    return Object.fromEntries(FIGURES.map((k) => [k, all[k]]));
  }

  setPooling(on: boolean): void {
    this.pool.setPooling(on);
    this.changed();
  }

  async add(spec: McpServerSpec, requester?: Requester): Promise<void> {
    await this.ready;
    try {
      const def = parseServerDefinition(specToDefinition(spec), 'MCP server');
      if (this.pool.definition(def.name)) throw new Error(`MCP server "${def.name}" is already defined; remove it first or pick another name`);
      this.pool.addServer(def);
      this.changed();
      await this.saveSettings();
    } catch (err) {
      this.p.report((err as Error).message, requester);
    }
  }

  /** Reads the server's knowledge graph (an 'mcp' task), puts it on screen and follows its changes. */
  async open(server: string, requester?: Requester): Promise<boolean> {
    await this.ready;
    if (this.disposed) return false;
    if (!this.pool.definition(server)) {
      this.p.report(`no MCP server "${server}"; defined are ${this.pool.serverNames().join(', ') || 'none'}`, requester);
      return false;
    }
    const previous = this.openTasks.get(server);
    if (previous !== undefined) this.p.tasks.cancel(previous, 'superseded by a newer open');
    this.connecting.add(server);
    this.failures.delete(server);
    this.changed();
    let source: McpGraphSource | undefined;
    const task = this.p.tasks.run('mcp', `Reading the ${server} knowledge graph`, async (signal, progress) => {
      if (this.builtIn.has(server) && this.memoryFile) await ensureMemoryFile(this.memoryFile);
      progress(0.1, 'read_graph');
      source = await McpGraphSource.open(this.pool, server, { signal, pollMs: this.opts.pollMs });
      progress(0.6, `${source.graph.nodeIds.length} entities`);
      return this.p.setGraph(source.graph, signal);
    });
    this.openTasks.set(server, task.taskId);
    try {
      const stored = await task.result;
      // setGraph replaced the graph on screen: the old source (if any) was stopped by graphReplaced().
      if (this.p.graphOnScreen() !== stored.graphId || this.disposed) throw namedAbortError('another graph replaced it');
      this.active = { server, source: source!, graphId: stored.graphId };
      this.connecting.delete(server);
      this.changed();
      await source!.watch({
        onCommands: (commands) => this.applyChanges(server, stored.graphId, commands),
        onError: (err) => this.fail(server, err),
      });
      return true;
    } catch (err) {
      void source?.stop();
      this.connecting.delete(server);
      if (!isAbortError(err)) {
        this.failures.set(server, (err as Error).message);
        this.p.report((err as Error).message, requester);
      }
      this.changed();
      return false;
    } finally {
      if (this.openTasks.get(server) === task.taskId) this.openTasks.delete(server);
    }
  }

  /** The session swapped in a graph: a source whose graph left the screen stops following it. */
  graphReplaced(stored: StoredGraph): void {
    const a = this.active;
    if (a && stored.graph !== a.source.graph) {
      this.active = undefined;
      void a.source.stop();
      this.changed();
    }
  }

  /** Stops following the server and closes its sessions; the graph stays on screen as it is. */
  async disconnect(server: string, requester?: Requester): Promise<void> {
    await this.ready;
    if (!this.pool.definition(server)) return this.p.report(`no MCP server "${server}"`, requester);
    const task = this.openTasks.get(server);
    if (task !== undefined) this.p.tasks.cancel(task, `${server} was disconnected`);
    if (this.active?.server === server) {
      const { source } = this.active;
      this.active = undefined;
      await source.stop();
    }
    this.failures.delete(server);
    await this.pool.disconnect(server);
    this.changed();
  }

  async remove(server: string, requester?: Requester): Promise<void> {
    await this.ready;
    if (this.builtIn.has(server)) return this.p.report(`MCP server "${server}" comes with the app: it can be disconnected, not removed`, requester);
    if (!this.pool.definition(server)) return this.p.report(`no MCP server "${server}"`, requester);
    await this.disconnect(server, requester);
    await this.pool.removeServer(server);
    this.changed();
    try {
      await this.saveSettings();
    } catch (err) {
      this.p.report((err as Error).message, requester);
    }
  }

  /** The open source's own search; ids are node ids (entity names). */
  async search(requestId: number, query: string, requester?: Requester): Promise<void> {
    const a = this.active;
    const answer = (ids: string[], error?: string) => this.p.sendTo(requester, { type: 'mcpSearchResult', requestId, query, ids, ...(error ? { error } : {}) });
    if (!a) return answer([], 'no MCP source is open');
    try {
      answer(await a.source.search(query));
    } catch (err) {
      answer([], (err as Error).message);
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.offSession();
    // Reads in flight stop first: their requests are aborted instead of ending when the pool kills the server.
    for (const taskId of this.openTasks.values()) this.p.tasks.cancel(taskId, 'the session is closing');
    await this.active?.source.stop();
    this.active = undefined;
    await this.settingsWrite.catch(() => {});
    await this.pool.dispose();
  }

  private applyChanges(server: string, graphId: number, commands: GraphCommand[]): void {
    if (this.active?.graphId !== graphId) return;
    this.p.submit(commands, graphId).catch((err) => this.p.report(`MCP source "${server}": a change could not be applied: ${(err as Error).message}`));
  }

  private fail(server: string, err: Error): void {
    this.failures.set(server, err.message);
    this.changed();
  }

  private changed(): void {
    if (this.disposed) return;
    this.p.broadcast({ type: 'mcpServers', servers: this.list() });
  }

  private async loadSettings(): Promise<void> {
    const file = this.opts.settingsFile;
    if (!file) return;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      return this.p.report(`settings ${file}: ${(err as Error).message}`);
    }
    try {
      const servers = parseServerList((JSON.parse(text) as { mcpServers?: unknown }).mcpServers ?? [], `settings ${file}: mcpServers`);
      for (const s of servers) {
        if (this.pool.definition(s.name)) this.p.report(`settings ${file}: MCP server "${s.name}" clashes with a built-in one and is ignored`);
        else this.pool.addServer(s);
      }
    } catch (err) {
      // A broken settings file is said, not overwritten: the person's list stays on disk as it was.
      this.settingsBroken = true;
      this.p.report(err instanceof SyntaxError ? `settings ${file}: not JSON (${err.message})` : (err as Error).message);
    }
  }

  /** Writes the added servers (not the built-in ones), keeping the file's other settings; atomic by rename. */
  private saveSettings(): Promise<void> {
    const file = this.opts.settingsFile;
    if (!file) return Promise.resolve();
    if (this.settingsBroken) return Promise.reject(new Error(`settings ${file} could not be read, so it is not overwritten; the change lasts this session`));
    const servers = this.pool.serverNames().filter((n) => !this.builtIn.has(n)).map((n) => this.pool.definition(n)!);
    this.settingsWrite = this.settingsWrite.catch(() => {}).then(async () => {
      let rest: Record<string, unknown> = {};
      try {
        rest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      } catch {
        // none yet
      }
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify({ ...rest, mcpServers: servers }, null, 2)}\n`);
      await rename(tmp, file);
    });
    return this.settingsWrite;
  }
}

function specToDefinition(spec: McpServerSpec): ServerDefinition | Record<string, unknown> {
  if (spec.transport === 'stdio') return { name: spec.name, command: spec.command, args: spec.args, env: spec.env ?? {}, ...(spec.cwd ? { cwd: spec.cwd } : {}) };
  return { name: spec.name, url: spec.url, headers: spec.headers ?? {} };
}
