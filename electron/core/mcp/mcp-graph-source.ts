// A knowledge graph on an MCP server as a live graph source: read it once (read_graph through the pool), then
// follow its changes as GraphCommands. Where the server offers resource subscriptions the source subscribes and
// re-reads at once on `notifications/resources/updated`; it polls as well, because a notification only comes
// from the server process that made the change: server-memory started by another client (another app, an agent)
// writes the same file without telling ours. Each re-read is diffed against the last one.
import type { GraphCommand } from '../../../protocol/graph-edits.js';
import { abortError, isAbortError } from '../lifecycle.js';
import { diffKnowledgeGraphs, knowledgeGraphToLoaded, parseKnowledgeGraphResult, parseSearchResult, type KnowledgeGraph, type KnowledgeLoadedGraph } from './knowledge-graph.js';
import type { McpPool } from './mcp-pool.js';

/** server-memory's one resource: the whole graph. */
export const KNOWLEDGE_GRAPH_URI = 'memory://knowledge-graph';

export interface McpGraphSourceOptions {
  /** Re-read interval while watching (default 2000 ms). */
  pollMs?: number;
  /** Resource to subscribe to where the server offers subscriptions (default memory://knowledge-graph). */
  resourceUri?: string;
  /** Per-request timeout for read_graph and search_nodes (default: the pool's). */
  timeoutMs?: number;
  /** Display name of the graph (default `<server> knowledge graph`). */
  name?: string;
}

export interface WatchHandlers {
  /** The commands that bring the last graph to the server's current one; never called with an empty list. */
  onCommands(commands: GraphCommand[]): void;
  /** A failed re-read (the server died, a bad result...); watching goes on, the pool replaces the session. */
  onError?(err: Error): void;
}

export class McpGraphSource {
  private last: KnowledgeGraph;
  private timer?: NodeJS.Timeout;
  private handlers?: WatchHandlers;
  private unsubscribe?: () => void;
  private inFlight?: Promise<void>;
  private again = false;
  private stopped = false;
  private readonly abort = new AbortController();
  private watchMode: 'off' | 'poll' | 'subscribe+poll' = 'off';

  private constructor(
    private readonly pool: McpPool,
    readonly server: string,
    readonly graph: KnowledgeLoadedGraph,
    first: KnowledgeGraph,
    private readonly opts: McpGraphSourceOptions,
  ) {
    this.last = first;
  }

  /** Reads the graph; throws (naming the server) when it cannot be read or is not a knowledge graph. */
  static async open(pool: McpPool, server: string, opts: McpGraphSourceOptions & { signal?: AbortSignal } = {}): Promise<McpGraphSource> {
    const kg = await readKnowledgeGraph(pool, server, { signal: opts.signal, timeoutMs: opts.timeoutMs });
    const graph = knowledgeGraphToLoaded(kg, { name: opts.name ?? `${server} knowledge graph`, source: `mcp:${server}` });
    return new McpGraphSource(pool, server, graph, kg, opts);
  }

  /** The knowledge graph as last read. */
  current(): KnowledgeGraph {
    return this.last;
  }

  get mode(): 'off' | 'poll' | 'subscribe+poll' {
    return this.watchMode;
  }

  /** Starts following changes. Resolves once the subscription (if any) is in place. */
  async watch(handlers: WatchHandlers): Promise<void> {
    if (this.stopped) throw new Error(`MCP source "${this.server}" is stopped`);
    if (this.handlers) throw new Error(`MCP source "${this.server}" is already watching`);
    this.handlers = handlers;
    this.watchMode = 'poll';
    try {
      const w = await this.pool.watchResource(this.server, this.opts.resourceUri ?? KNOWLEDGE_GRAPH_URI, () => this.trigger(), { signal: this.abort.signal });
      if (this.stopped) w.dispose();
      else if (w.subscribed) {
        this.unsubscribe = () => w.dispose();
        this.watchMode = 'subscribe+poll';
      }
    } catch (err) {
      // No subscription: polling alone still sees every change.
      if (!this.stopped && !isAbortError(err)) handlers.onError?.(err as Error);
    }
    if (!this.stopped) this.schedule();
  }

  /** Re-reads now and emits what changed; resolves when done (also used by tests and a "refresh" button). */
  refresh(): Promise<void> {
    this.trigger();
    return this.inFlight ?? Promise.resolve();
  }

  /** Names of the entities matching `query` (server-memory: name, type or observation contains it). */
  async search(query: string, opts: { signal?: AbortSignal } = {}): Promise<string[]> {
    const result = await this.pool.callTool(this.server, 'search_nodes', { query }, { signal: opts.signal, timeoutMs: this.opts.timeoutMs });
    return parseSearchResult(this.server, result);
  }

  /** Stops watching: no timer, no subscription, no request left when it resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watchMode = 'off';
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.abort.abort(abortError(undefined));
    await this.inFlight?.catch(() => {});
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.trigger();
    }, this.opts.pollMs ?? 2000);
  }

  /** One re-read at a time; a trigger during one runs another right after (a change may have missed the first). */
  private trigger(): void {
    if (this.stopped) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = (async () => {
      do {
        this.again = false;
        try {
          const next = await readKnowledgeGraph(this.pool, this.server, { signal: this.abort.signal, timeoutMs: this.opts.timeoutMs });
          if (this.stopped) return;
          const commands = diffKnowledgeGraphs(this.last, next);
          this.last = next;
          if (commands.length) this.handlers?.onCommands(commands);
        } catch (err) {
          if (this.stopped || isAbortError(err)) return;
          this.handlers?.onError?.(err as Error);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.inFlight = undefined;
      if (this.handlers) this.schedule();
    });
  }
}

export async function readKnowledgeGraph(pool: McpPool, server: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<KnowledgeGraph> {
  const result = await pool.callTool(server, 'read_graph', {}, opts);
  return parseKnowledgeGraphResult(server, 'read_graph', result);
}

/** The graph once, no watching: for the CLI. */
export async function loadMcpGraph(pool: McpPool, server: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<KnowledgeLoadedGraph> {
  const kg = await readKnowledgeGraph(pool, server, opts);
  return knowledgeGraphToLoaded(kg, { name: `${server} knowledge graph`, source: `mcp:${server}` });
}
