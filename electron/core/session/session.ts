// The main-process core every host shares: one engine, one graph store, one layout loop, the task manager, and
// the clients. This file only wires the parts and answers client messages; each part is a file of its own:
// client-hub (renderers and their streamers), graph-import (sources into the engine), graph-edits (store deltas
// to the engine and windows), mcp-sources (the MCP pool and live knowledge-graph sources), switchboard (who owns
// a switch), session-stats (the figures). Everything is owned by one DisposableStore, released in reverse order.
import { PROTOCOL_VERSION, type ClientMessage, type EngineStatsInfo } from '../../../protocol/messages.js';
import { LIVE_SWITCHES, type SwitchName, type Switches } from '../../../protocol/switch-table.js';
import type { LayoutParams } from '../../../protocol/switches.js';
import type { ServerTransport } from '../../../protocol/transport.js';
import type { ExportFormat } from '../../../protocol/export-formats.js';
import type { Engine } from '../engine/engine-api.js';
import { GraphStore, type StoredGraph } from '../graph/graph-store.js';
import type { LoadedGraph } from '../graph/graph-types.js';
import { SAMPLE_NAMES } from '../graph/samples.js';
import { DisposableStore, toDisposable, type Disposable } from '../lifecycle.js';
import { TaskManager, type TaskHandle } from '../tasks/task-manager.js';
import { ClientHub, type Client } from './client-hub.js';
import { GraphEdits } from './graph-edits.js';
import { GraphExport, type ExportResult } from './graph-export.js';
import { GraphImport } from './graph-import.js';
import { LayoutLoop } from './layout-loop.js';
import { LayoutRuns, type LayoutRunOptions, type LayoutRunResult } from './layout-run.js';
import { McpSources, type McpSourcesOptions } from './mcp-sources.js';
import { SessionStats } from './session-stats.js';
import { Switchboard } from './switchboard.js';

/** How long quit waits for cancelled tasks to end. */
const TASK_SHUTDOWN_GRACE_MS = 2000;

export interface SessionOptions {
  engine: Engine;
  /** Called for problems no client asked about (engine failure), e.g. to log them. */
  onError?: (message: string) => void;
  /** MCP graph sources: the built-in memory server's file, the settings file with added servers, the pool. */
  mcp?: McpSourcesOptions;
}

export class Session implements Disposable {
  readonly store = new GraphStore();
  readonly engine: Engine;
  readonly tasks: TaskManager;
  private readonly owned = new DisposableStore();
  private readonly loop: LayoutLoop;
  private readonly hub: ClientHub;
  private readonly switchboard: Switchboard;
  private readonly graphs: GraphImport;
  private readonly edits: GraphEdits;
  private readonly stats: SessionStats;
  private readonly mcp: McpSources;
  private readonly runs: LayoutRuns;
  private readonly exports: GraphExport;
  private disposed: Promise<void> | undefined;

  constructor(opts: SessionOptions) {
    // Registered in the order they start; dispose runs backwards: MCP sources and pool (children exit), edits,
    // stats, tasks (cancelled, a grace period to end), loop (engine idle), clients, engine.
    this.engine = this.owned.add(opts.engine);
    this.hub = this.owned.add(
      new ClientHub({
        quantise: () => this.switchboard.isOn('frameQuantisation'),
        sparse: () => this.switchboard.isOn('sparseFrames'),
        onMessage: (client, m) => this.handle(client, m),
        onError: opts.onError ?? ((m) => console.error(m)),
      }),
    );
    this.loop = this.owned.add(
      new LayoutLoop(this.engine, {
        positions: (positions, n) => this.hub.pushPositions(positions, n),
        // The loop pauses itself so a failing engine does not spin; say so, and why.
        error: (err) => {
          this.hub.report(`layout engine failed: ${(err as Error)?.message ?? err}`);
          this.hub.broadcast({ type: 'paused', paused: true });
        },
      }),
    );
    this.tasks = new TaskManager();
    // Quit cancels every task and waits a little for each to stop; one that ignores its signal is named.
    const onError = opts.onError ?? ((m: string) => console.error(m));
    this.owned.add(
      toDisposable(async () => {
        const { notStopped } = await this.tasks.shutdown(TASK_SHUTDOWN_GRACE_MS);
        if (notStopped.length) onError(`shutdown: ${notStopped.map((t) => `task ${t.taskId} (${t.label})`).join(', ')} did not stop within ${TASK_SHUTDOWN_GRACE_MS} ms`);
      }),
    );
    this.owned.add(toDisposable(this.tasks.onChange((task) => this.hub.broadcast({ type: 'task', task }))));
    // Disposed before the tasks' shutdown (registered after it): a run is cancelled without pausing anything.
    this.runs = this.owned.add(
      new LayoutRuns({ engine: this.engine, loop: this.loop, tasks: this.tasks, graphName: () => this.store.info()?.name, setPaused: (p) => this.setPaused(p) }),
    );
    this.switchboard = new Switchboard(this.engine, this.loop);
    this.switchboard.wire('frameQuantisation', (on) => this.hub.setQuantisation(on));
    this.switchboard.wire('sparseFrames', (on) => this.hub.setSparse(on));
    this.stats = this.owned.add(
      new SessionStats({ engine: this.engine, loop: this.loop, tasks: this.tasks, hub: this.hub, extra: () => ({ ...this.store.figures(), ...this.mcp.figures() }) }),
    );
    this.graphs = new GraphImport({
      engine: this.engine,
      loop: this.loop,
      store: this.store,
      tasks: this.tasks,
      hub: this.hub,
      closing: () => this.disposed !== undefined,
      onGraph: (stored) => {
        this.stats.restart();
        this.runs.graphReplaced();
        this.mcp.graphReplaced(stored);
      },
    });
    this.exports = new GraphExport({ engine: this.engine, loop: this.loop, store: this.store, tasks: this.tasks, hub: this.hub, clusters: () => this.graphs.currentLabels() });
    this.edits = new GraphEdits({
      engine: this.engine,
      store: this.store,
      broadcast: (m) => {
        // Removed or added nodes move indices: the next frame must not build on the positions held before.
        if (m.removeNodes.length || m.addNodes.ids.length) this.hub.keyframe();
        this.hub.broadcast(m);
      },
      requestFrame: () => this.loop.requestFrame(),
      report: (message) => this.hub.report(message),
    });
    this.owned.add(this.edits);
    this.switchboard.wire('graphMessages', (on) => this.store.setGraphMessages(on));
    // Disposed before the tasks and the loop (registered after them): sources stop, then every child exits.
    this.mcp = this.owned.add(
      new McpSources(
        {
          tasks: this.tasks,
          setGraph: (graph, signal) => this.graphs.setGraph(graph, signal),
          submit: (commands, graphId) => this.edits.submit(commands, graphId),
          graphOnScreen: () => this.store.info()?.graphId,
          broadcast: (m) => this.hub.broadcast(m),
          sendTo: (client, m) => this.hub.sendTo(client as Client, m),
          report: (message, client) => this.hub.report(message, client as Client | undefined),
        },
        opts.mcp,
      ),
    );
    this.switchboard.wire('mcpPool', (on) => this.mcp.setPooling(on));
  }

  /** MCP servers as graph sources (the Sources panel's list, open, disconnect...). */
  get mcpSources(): McpSources {
    return this.mcp;
  }

  // ---- graph sources ------------------------------------------------------------------------------------

  openSample(name: string, requester?: Client | ServerTransport): Promise<boolean> {
    return this.graphs.openSample(name, requester);
  }

  openFile(path: string, requester?: Client | ServerTransport): Promise<boolean> {
    return this.graphs.openFile(path, requester);
  }

  openText(name: string, text: string, requester?: Client | ServerTransport): Promise<boolean> {
    return this.graphs.openText(name, text, requester);
  }

  setGraph(graph: LoadedGraph, signal?: AbortSignal): Promise<StoredGraph> {
    return this.graphs.setGraph(graph, signal);
  }

  /** Writes the graph on screen, its positions, colours and attributes to a file, as a task (see graph-export.ts);
   *  the format comes from the extension unless given. Throws when there is no graph or no known format. */
  exportToFile(path: string, format?: ExportFormat): TaskHandle<ExportResult> {
    return this.exports.toFile(path, format);
  }

  // ---- controls ---------------------------------------------------------------------------------------

  get paused(): boolean {
    return this.loop.isPaused;
  }

  setPaused(paused: boolean): void {
    if (paused) this.loop.pause();
    else this.loop.resume();
    this.hub.broadcast({ type: 'paused', paused });
  }

  async setParams(params: Partial<LayoutParams>): Promise<LayoutParams> {
    const next = await this.loop.run(() => {
      this.engine.setParams(params);
      this.engine.reheat();
      return this.engine.getParams();
    });
    this.hub.broadcast({ type: 'params', params: next });
    return next;
  }

  async setSwitch(name: SwitchName, on: boolean): Promise<Switches> {
    const switches = await this.switchboard.set(name, on);
    this.hub.broadcast({ type: 'switches', switches });
    return switches;
  }

  switches(): Switches {
    return this.switchboard.all();
  }

  reheat(): Promise<void> {
    return this.loop.run(() => this.engine.reheat());
  }

  /** Runs the layout to convergence as a task (see layout-run.ts); throws when there is no graph or a run
   *  is already going. */
  runToConvergence(options?: LayoutRunOptions): TaskHandle<LayoutRunResult> {
    return this.runs.start(options);
  }

  /** The engine numbers and grouped figures a client would get now (starts a new measuring window). */
  engineStats(): EngineStatsInfo & { figures: ReturnType<SessionStats['take']>['figures'] } {
    const { engine, figures } = this.stats.take();
    return { ...engine, figures };
  }

  // ---- clients ------------------------------------------------------------------------------------------

  /** Serves one renderer; the returned disposable (or the transport closing) detaches it. */
  addClient(transport: ServerTransport): Disposable {
    return this.hub.add(transport);
  }

  get clientCount(): number {
    return this.hub.size;
  }

  private handle(client: Client, m: ClientMessage): void {
    const fail = (err: unknown) => this.hub.report((err as Error)?.message ?? String(err), client);
    if (m.type !== 'hello' && !client.ready) return fail(new Error(`${m.type} before hello: say hello with protocol ${PROTOCOL_VERSION} first`));
    switch (m.type) {
      case 'hello':
        return this.welcome(client, m.protocol);
      case 'ack':
        client.streamer.ack(m.seq);
        return;
      case 'pause':
      case 'resume':
        return this.setPaused(m.type === 'pause');
      case 'reheat':
        this.reheat().catch(fail);
        return;
      case 'runLayout':
        try {
          const { maxIterations, timeoutMs } = m;
          this.runToConvergence({ ...(maxIterations !== undefined ? { maxIterations } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) }).result.catch(() => {}); // its end is the task's state
        } catch (err) {
          fail(err);
        }
        return;
      case 'setParams':
        this.setParams(m.params).catch(fail);
        return;
      case 'setSwitch':
        this.setSwitch(m.name, m.on).catch(fail);
        return;
      case 'openSample':
        void this.openSample(m.name, client);
        return;
      case 'openFile':
        void this.openText(m.name, m.text, client);
        return;
      case 'cancelTask':
        if (!this.tasks.cancel(m.taskId)) this.hub.report(`no running task ${m.taskId}`, client);
        return;
      case 'edit':
        // The store batches everything of this tick; the engine applies it between steps.
        void this.edits.apply(m.graphId, m.commands).then((error) => error && this.hub.report(error, client));
        return;
      case 'exportGraph':
        this.exports.toClient(client, m.requestId, m.format);
        return;
      case 'mcpAdd':
        void this.mcp.add(m.server, client);
        return;
      case 'mcpOpen':
        void this.mcp.open(m.name, client);
        return;
      case 'mcpDisconnect':
        void this.mcp.disconnect(m.name, client);
        return;
      case 'mcpRemove':
        void this.mcp.remove(m.name, client);
        return;
      case 'mcpSearch':
        void this.mcp.search(m.requestId, m.query, client);
        return;
    }
  }

  private welcome(client: Client, protocol: number): void {
    if (protocol !== PROTOCOL_VERSION) {
      this.hub.report(`protocol version ${protocol} is not supported; this host speaks version ${PROTOCOL_VERSION}`, client);
      return;
    }
    // A second hello would resend the whole graph: a client that repeats it is refused, not fed again.
    if (client.ready) return this.hub.report('hello was already answered on this connection', client);
    client.ready = true;
    this.hub.sendTo(client, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      backend: this.engine.backend,
      samples: SAMPLE_NAMES,
      switches: this.switches(),
      liveSwitches: [...LIVE_SWITCHES],
      params: this.engine.getParams(),
    });
    if (this.paused) this.hub.sendTo(client, { type: 'paused', paused: true });
    for (const task of this.tasks.list()) this.hub.sendTo(client, { type: 'task', task });
    this.graphs.sendGraph(client);
    this.mcp.sendList(client);
    const pins = this.edits.currentPins();
    if (pins) this.hub.sendTo(client, pins);
    client.streamer.setEnabled(true);
    this.loop.requestFrame();
  }

  // ---- shutdown ------------------------------------------------------------------------------------------

  /** Stops the loop, cancels tasks, detaches clients and frees the engine; nothing keeps running. */
  dispose(): Promise<void> {
    this.disposed ??= this.owned.dispose();
    return this.disposed;
  }
}
