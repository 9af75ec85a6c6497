// The main-process core every host shares: one engine, one graph store, one layout loop, and any number of
// clients (a MessagePort in Electron, WebSockets in the browser host), each with its own FrameStreamer.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { PROTOCOL_VERSION, type ClientMessage, type EngineStatsInfo, type ServerMessage } from '../../../protocol/messages.js';
import { ENGINE_SWITCHES, SWITCH_NAMES, type EngineSwitchName, type LayoutParams, type SwitchName, type Switches } from '../../../protocol/switches.js';
import type { ServerTransport } from '../../../protocol/transport.js';
import type { Engine } from '../engine/engine-api.js';
import { toCsr } from '../graph/csr.js';
import { buildGraphPayload } from '../graph/graph-payload-builder.js';
import { GraphStore, type StoredGraph } from '../graph/graph-store.js';
import type { LoadedGraph } from '../graph/graph-types.js';
import { loadGraphFile, parseGraphText } from '../graph/load-graph.js';
import { samplePath, SAMPLE_NAMES } from '../graph/samples.js';
import { isAbortError, type Disposable } from '../lifecycle.js';
import { FrameStreamer } from '../stream/frame-streamer.js';
import { TaskManager } from '../tasks/task-manager.js';
import { LayoutLoop } from './layout-loop.js';

const STATS_INTERVAL_MS = 250;
type CoreSwitchName = Exclude<SwitchName, EngineSwitchName>;
const isEngineSwitch = (name: SwitchName): name is EngineSwitchName => (ENGINE_SWITCHES as readonly string[]).includes(name);

/** Core switches with nothing behind them yet, and what will bring it. The window greys them out (welcome.liveSwitches)
 *  and setSwitch refuses them, so no one mistakes a toggle that changes nothing for a measured effect. */
export const UNWIRED_SWITCHES: Partial<Record<CoreSwitchName, string>> = {
  graphMessages: 'graph editing',
  mcpPool: 'MCP sources',
};
export const LIVE_SWITCHES: SwitchName[] = SWITCH_NAMES.filter((n) => !(n in UNWIRED_SWITCHES));

interface Client {
  transport: ServerTransport;
  streamer: FrameStreamer;
  ready: boolean;
  unsubscribe: Array<() => void>;
}

export interface SessionOptions {
  engine: Engine;
  /** Called for problems no client asked about (engine failure), e.g. to log them. */
  onError?: (message: string) => void;
}

export class Session implements Disposable {
  readonly store = new GraphStore();
  readonly tasks = new TaskManager();
  readonly engine: Engine;
  private readonly loop: LayoutLoop;
  private readonly clients = new Set<Client>();
  private readonly coreSwitches: Record<CoreSwitchName, boolean> = { graphMessages: true, mcpPool: true, frameQuantisation: true };
  private readonly statsTimer: NodeJS.Timeout;
  private readonly loopDelay: IntervalHistogram;
  private payload: { graphId: number; data: ArrayBuffer; names: ServerMessage } | undefined;
  private labels: Uint32Array | undefined;
  private importTask: number | undefined;
  private clusterTask: number | undefined;
  private lastStats = { at: performance.now(), iterations: 0 };
  private disposed: Promise<void> | undefined;
  private readonly onError: (message: string) => void;

  constructor(opts: SessionOptions) {
    this.engine = opts.engine;
    this.onError = opts.onError ?? ((m) => console.error(m));
    this.loop = new LayoutLoop(this.engine, {
      positions: (positions, n) => {
        for (const c of this.clients) if (c.ready) c.streamer.push(positions, n);
      },
      // The loop pauses itself so a failing engine does not spin; say so, and why.
      error: (err) => {
        this.report(`layout engine failed: ${(err as Error)?.message ?? err}`);
        this.broadcast({ type: 'paused', paused: true });
      },
    });
    this.tasks.onChange((task) => this.broadcast({ type: 'task', task }));
    this.loopDelay = monitorEventLoopDelay({ resolution: 10 });
    this.loopDelay.enable();
    this.statsTimer = setInterval(() => this.sendStats(), STATS_INTERVAL_MS);
  }

  // ---- graph sources ------------------------------------------------------------------------------------

  /** Opens a bundled sample; resolves true on success, false when it failed (reported) or was cancelled. */
  openSample(name: string, requester?: Client | ServerTransport): Promise<boolean> {
    const path = samplePath(name);
    if (!path) {
      this.report(`unknown sample ${JSON.stringify(name)}; samples are ${SAMPLE_NAMES.join(', ')}`, requester);
      return Promise.resolve(false);
    }
    return this.importGraph(`Opening sample ${name}`, (signal, progress) =>
      loadGraphFile(path, { signal, onProgress: progress, source: `sample:${name}`, name }), requester);
  }

  /** Opens a graph file on this machine (command line, Electron's Open dialog). */
  openFile(path: string, requester?: Client | ServerTransport): Promise<boolean> {
    return this.importGraph(`Opening ${path}`, (signal, progress) => loadGraphFile(path, { signal, onProgress: progress }), requester);
  }

  /** Opens graph text a renderer sent. */
  openText(name: string, text: string, requester?: Client | ServerTransport): Promise<boolean> {
    return this.importGraph(`Opening ${name}`, (signal, progress) => parseGraphText(name, text, { signal, onProgress: progress }), requester);
  }

  /** Swaps a graph in directly (graph sources other than files, tests). */
  async setGraph(graph: LoadedGraph, signal?: AbortSignal): Promise<StoredGraph> {
    const csr = toCsr(graph);
    return this.loop.run(() => {
      // The swap waits for the engine to be idle: a cancel (or a newer import) in that gap must still win.
      if (signal?.aborted) throw signal.reason;
      // Engine first: if it refuses the graph, the store (and every screen) keeps the old one.
      this.engine.setGraph(csr);
      const stored = this.store.replace(graph, csr);
      this.payload = { graphId: stored.graphId, data: buildGraphPayload(stored), names: nodeNamesMessage(stored) };
      this.labels = undefined;
      for (const c of this.clients) if (c.ready) this.sendGraph(c);
      this.startClustering(stored.graphId);
      return stored;
    });
  }

  private async importGraph(
    label: string,
    parse: (signal: AbortSignal, progress: (f: number) => void) => Promise<LoadedGraph>,
    requester?: Client | ServerTransport,
  ): Promise<boolean> {
    if (this.disposed) return false; // e.g. a menu click while the app shuts down
    // A newer import supersedes a running one: a person who opens two files wants the second.
    if (this.importTask !== undefined) this.tasks.cancel(this.importTask, 'superseded by a newer import');
    const task = this.tasks.run('import', label, async (signal, progress) => {
      const graph = await parse(signal, progress);
      if (signal.aborted) throw signal.reason;
      return this.setGraph(graph, signal);
    });
    this.importTask = task.taskId;
    try {
      await task.result;
      return true;
    } catch (err) {
      if (!isAbortError(err)) this.report((err as Error)?.message ?? String(err), requester);
      return false;
    } finally {
      if (this.importTask === task.taskId) this.importTask = undefined;
    }
  }

  private startClustering(graphId: number): void {
    if (this.clusterTask !== undefined) this.tasks.cancel(this.clusterTask, 'graph replaced');
    const task = this.tasks.run('cluster', 'Finding clusters', (signal) => this.loop.run(() => this.engine.cluster(signal)));
    this.clusterTask = task.taskId;
    task.result.then(
      (labels) => {
        if (this.store.get()?.graphId !== graphId) return;
        this.labels = labels;
        for (const c of this.clients) if (c.ready) c.streamer.setLabels(labels);
        this.loop.requestFrame();
      },
      () => {}, // failure is already reported as a failed task; the layout works without clusters
    );
  }

  // ---- controls ---------------------------------------------------------------------------------------

  get paused(): boolean {
    return this.loop.isPaused;
  }

  setPaused(paused: boolean): void {
    if (paused) this.loop.pause();
    else this.loop.resume();
    this.broadcast({ type: 'paused', paused });
  }

  async setParams(params: Partial<LayoutParams>): Promise<LayoutParams> {
    const next = await this.loop.run(() => {
      this.engine.setParams(params);
      this.engine.reheat();
      return this.engine.getParams();
    });
    this.broadcast({ type: 'params', params: next });
    return next;
  }

  async setSwitch(name: SwitchName, on: boolean): Promise<Switches> {
    const missing = UNWIRED_SWITCHES[name as CoreSwitchName];
    if (missing) throw new Error(`switch ${name} is not wired yet: it lands with ${missing}`);
    if (isEngineSwitch(name)) await this.loop.run(() => this.engine.setSwitch(name, on));
    else {
      this.coreSwitches[name] = on;
      if (name === 'frameQuantisation') for (const c of this.clients) c.streamer.setQuantisation(on);
    }
    const switches = this.switches();
    this.broadcast({ type: 'switches', switches });
    return switches;
  }

  reheat(): Promise<void> {
    return this.loop.run(() => this.engine.reheat());
  }

  switches(): Switches {
    const engine = this.engine.getSwitches();
    return Object.fromEntries(
      SWITCH_NAMES.map((n) => [n, isEngineSwitch(n) ? engine[n] : this.coreSwitches[n]]),
    ) as Switches;
  }

  // ---- clients ------------------------------------------------------------------------------------------

  /** Serves one renderer; the returned disposable (or the transport closing) detaches it. */
  addClient(transport: ServerTransport): Disposable {
    const client: Client = {
      transport,
      streamer: new FrameStreamer(transport, this.coreSwitches.frameQuantisation),
      ready: false,
      unsubscribe: [],
    };
    client.streamer.setEnabled(false);
    this.clients.add(client);
    client.unsubscribe.push(
      transport.onMessage((m) => this.handle(client, m)),
      transport.onClose(() => this.removeClient(client)),
    );
    return { dispose: () => this.removeClient(client) };
  }

  get clientCount(): number {
    return this.clients.size;
  }

  private removeClient(client: Client): void {
    if (!this.clients.delete(client)) return;
    for (const u of client.unsubscribe) u();
    client.streamer.setEnabled(false);
  }

  private handle(client: Client, m: ClientMessage): void {
    const fail = (err: unknown) => this.report((err as Error)?.message ?? String(err), client);
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
        if (!this.tasks.cancel(m.taskId)) this.report(`no running task ${m.taskId}`, client);
        return;
    }
  }

  private welcome(client: Client, protocol: number): void {
    if (protocol !== PROTOCOL_VERSION) {
      this.report(`protocol version ${protocol} is not supported; this host speaks version ${PROTOCOL_VERSION}`, client);
      return;
    }
    client.ready = true;
    this.sendTo(client, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      backend: this.engine.backend,
      samples: SAMPLE_NAMES,
      switches: this.switches(),
      liveSwitches: LIVE_SWITCHES,
      params: this.engine.getParams(),
    });
    if (this.paused) this.sendTo(client, { type: 'paused', paused: true });
    for (const task of this.tasks.list()) this.sendTo(client, { type: 'task', task });
    this.sendGraph(client);
    client.streamer.setEnabled(true);
    this.loop.requestFrame();
  }

  private sendGraph(client: Client): void {
    const info = this.store.info();
    if (!info || !this.payload) return;
    client.streamer.reset();
    this.sendTo(client, { type: 'graph', graph: info });
    client.transport.sendBinary(this.payload.data);
    this.sendTo(client, this.payload.names);
    if (this.labels) client.streamer.setLabels(this.labels);
  }

  private sendTo(client: Client | ServerTransport, message: ServerMessage): void {
    const transport = 'transport' in client ? client.transport : client;
    try {
      transport.send(message);
    } catch {
      // A client that went away mid-send is removed by its close handler.
    }
  }

  private broadcast(message: ServerMessage): void {
    for (const c of this.clients) if (c.ready) this.sendTo(c, message);
  }

  /** A user-facing problem: to the client that asked, else to everyone (and the log). */
  private report(message: string, requester?: Client | ServerTransport): void {
    if (requester) this.sendTo(requester, { type: 'error', message });
    else {
      this.onError(message);
      this.broadcast({ type: 'error', message });
    }
  }

  // ---- stats ---------------------------------------------------------------------------------------------

  engineStats(): EngineStatsInfo {
    const s = this.engine.stats();
    const now = performance.now();
    const its = this.loop.iterations;
    const dt = (now - this.lastStats.at) / 1000;
    const stepsPerSecond = dt > 0 ? (its - this.lastStats.iterations) / dt : 0;
    this.lastStats = { at: now, iterations: its };
    const p99 = this.loopDelay.percentile(99) / 1e6;
    this.loopDelay.reset();
    return {
      backend: s.backend,
      iterations: s.iterations,
      stepsPerSecond,
      msPerStep: s.msPerStep,
      energy: s.energy,
      temperature: s.temperature,
      settled: s.settled,
      figures: {
        ...s.figures,
        eventLoopDelayP99Ms: Number.isFinite(p99) ? p99 : 0,
        tasksRunning: this.tasks.runningCount,
        cancelLatencyMs: this.tasks.lastCancelLatencyMs,
      },
    };
  }

  private sendStats(): void {
    const ready = [...this.clients].filter((c) => c.ready);
    if (!ready.length) return;
    const engine = this.engineStats();
    const memory = this.engine.memory();
    for (const c of ready) {
      const t = c.streamer.stats();
      const figures = { ...engine.figures, bytesPerFrame: t.bytesPerFrame, frameEncodeMs: t.encodeMs, transportBufferedBytes: c.transport.bufferedBytes };
      this.sendTo(c, {
        type: 'stats',
        engine: { ...engine, figures },
        memory,
        transport: { bytesPerFrame: t.bytesPerFrame, framesInFlight: t.framesInFlight, framesDropped: t.framesDropped },
      });
    }
  }

  // ---- shutdown ------------------------------------------------------------------------------------------

  /** Stops the loop, cancels tasks, detaches clients and frees the engine; nothing keeps running. */
  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      clearInterval(this.statsTimer);
      this.loopDelay.disable();
      this.tasks.dispose();
      await this.loop.stop();
      for (const c of [...this.clients]) {
        this.removeClient(c);
        c.transport.close();
      }
      this.engine.dispose();
    })();
    return this.disposed;
  }
}

/** Ids, and labels when the source has any (a GEXF/GraphML/JSON `label` attribute), for search and the inspector. */
function nodeNamesMessage(stored: StoredGraph): ServerMessage {
  const { nodeIds, nodeAttributes } = stored.graph;
  let labels: Array<string | null> | undefined;
  if (nodeAttributes) {
    labels = nodeIds.map((_, i) => {
      const l = nodeAttributes[i]?.label;
      return typeof l === 'string' || typeof l === 'number' ? String(l) : null;
    });
    if (labels.every((l) => l === null)) labels = undefined;
  }
  return { type: 'nodeNames', graphId: stored.graphId, ids: nodeIds, ...(labels ? { labels } : {}) };
}
