// Getting a graph on screen: parse a source inside an import task, swap it into the engine and the store between
// layout batches, send it to every client, then find its clusters beside the layout. A graph the engine refuses,
// a broken file or a cancelled import leaves the current graph as it was.
import type { ServerMessage } from '../../../protocol/messages.js';
import type { ServerTransport } from '../../../protocol/transport.js';
import type { Engine } from '../engine/engine-api.js';
import { toCsr } from '../graph/csr.js';
import { buildGraphPayload } from '../graph/graph-payload-builder.js';
import type { GraphStore, StoredGraph } from '../graph/graph-store.js';
import type { LoadedGraph } from '../graph/graph-types.js';
import { loadGraphFile, parseGraphText } from '../graph/load-graph.js';
import { samplePath, SAMPLE_NAMES } from '../graph/samples.js';
import { isAbortError, namedAbortError } from '../lifecycle.js';
import type { TaskManager } from '../tasks/task-manager.js';
import type { Client, ClientHub } from './client-hub.js';
import type { LayoutLoop } from './layout-loop.js';

type Parse = (signal: AbortSignal, progress: (fraction: number) => void) => Promise<LoadedGraph>;

export interface GraphImportParts {
  engine: Engine;
  loop: LayoutLoop;
  store: GraphStore;
  tasks: TaskManager;
  hub: ClientHub;
  /** True once the session shuts down: no new import starts. */
  closing: () => boolean;
  /** A new graph is in the engine (figures that describe the old one start over). */
  onGraph: (stored: StoredGraph) => void;
}

export class GraphImport {
  /** What every client gets for the current graph, built once per graph. */
  private payload: { graphId: number; version: number; data: ArrayBuffer; names: ServerMessage } | undefined;
  private labels: Uint32Array | undefined;
  private importTask: number | undefined;
  private clusterTask: number | undefined;

  constructor(private readonly p: GraphImportParts) {}

  /** Opens a bundled sample; resolves true on success, false when it failed (reported) or was cancelled. */
  openSample(name: string, requester?: Client | ServerTransport): Promise<boolean> {
    const path = samplePath(name);
    if (!path) {
      this.p.hub.report(`unknown sample ${JSON.stringify(name)}; samples are ${SAMPLE_NAMES.join(', ')}`, requester);
      return Promise.resolve(false);
    }
    return this.run(`Opening sample ${name}`, (signal, progress) =>
      loadGraphFile(path, { signal, onProgress: progress, source: `sample:${name}`, name }), requester);
  }

  /** Opens a graph file on this machine (command line, Electron's Open dialog). */
  openFile(path: string, requester?: Client | ServerTransport): Promise<boolean> {
    return this.run(`Opening ${path}`, (signal, progress) => loadGraphFile(path, { signal, onProgress: progress }), requester);
  }

  /** Opens graph text a renderer sent. */
  openText(name: string, text: string, requester?: Client | ServerTransport): Promise<boolean> {
    return this.run(`Opening ${name}`, (signal, progress) => parseGraphText(name, text, { signal, onProgress: progress }), requester);
  }

  /** Swaps a graph in directly (graph sources other than files, tests). */
  async setGraph(graph: LoadedGraph, signal?: AbortSignal): Promise<StoredGraph> {
    const csr = toCsr(graph);
    const { engine, loop, store, hub } = this.p;
    return loop.run(() => {
      // The swap waits for the engine to be idle: a cancel (or a newer import) in that gap must still win.
      if (signal?.aborted) throw signal.reason;
      // A graph that arrives while the session shuts down (an MCP read that finished in the last moment) is dropped.
      if (this.p.closing()) throw namedAbortError('the session is closing');
      // Engine first: if it refuses the graph, the store (and every screen) keeps the old one.
      engine.setGraph(csr);
      const stored = store.replace(graph, csr);
      this.payload = { graphId: stored.graphId, version: store.version, data: buildGraphPayload(stored), names: nodeNamesMessage(stored) };
      this.labels = undefined;
      this.p.onGraph(stored);
      for (const c of hub.ready()) this.sendGraph(c);
      this.startClustering(stored.graphId);
      return stored;
    });
  }

  /** The newest clusters of the graph on screen, when they still fit it. */
  currentLabels(): Uint32Array | undefined {
    const n = this.p.store.info()?.nodeCount;
    return this.labels && this.labels.length === n ? this.labels : undefined;
  }

  /** The current graph, its topology and names, and its clusters when known, to one client. */
  sendGraph(client: Client): void {
    const { store } = this.p;
    const info = store.info();
    if (!info || !this.payload) return;
    // Edited since it was built (a window deleted nodes, a live source added some): a client joining now gets
    // the graph as it is, or the frames it is about to get would not fit.
    if (this.payload.graphId !== info.graphId || this.payload.version !== store.version) {
      const stored = store.get()!;
      this.payload = { graphId: stored.graphId, version: store.version, data: buildGraphPayload(stored), names: nodeNamesMessage(stored) };
    }
    client.streamer.reset();
    this.p.hub.sendTo(client, { type: 'graph', graph: info });
    client.transport.sendBinary(this.payload.data);
    this.p.hub.sendTo(client, this.payload.names);
    // Clusters found before nodes were added or removed no longer fit; the next clustering brings new ones.
    if (this.labels && this.labels.length === info.nodeCount) client.streamer.setLabels(this.labels);
  }

  private async run(label: string, parse: Parse, requester?: Client | ServerTransport): Promise<boolean> {
    if (this.p.closing()) return false; // e.g. a menu click while the app shuts down
    const { tasks } = this.p;
    // A newer import supersedes a running one: a person who opens two files wants the second.
    if (this.importTask !== undefined) tasks.cancel(this.importTask, 'superseded by a newer import');
    const task = tasks.run('import', label, async (signal, progress) => {
      const graph = await parse(signal, progress);
      if (signal.aborted) throw signal.reason;
      return this.setGraph(graph, signal);
    });
    this.importTask = task.taskId;
    try {
      await task.result;
      return true;
    } catch (err) {
      if (!isAbortError(err)) this.p.hub.report((err as Error)?.message ?? String(err), requester);
      return false;
    } finally {
      if (this.importTask === task.taskId) this.importTask = undefined;
    }
  }

  private startClustering(graphId: number): void {
    const { tasks, loop, engine, store, hub } = this.p;
    if (this.clusterTask !== undefined) tasks.cancel(this.clusterTask, 'graph replaced');
    const task = tasks.run('cluster', 'Finding clusters', (signal) => loop.run(() => engine.cluster(signal)));
    this.clusterTask = task.taskId;
    task.result.then(
      (labels) => {
        if (store.get()?.graphId !== graphId) return;
        this.labels = labels;
        hub.setLabels(labels);
        loop.requestFrame();
      },
      () => {}, // failure is already reported as a failed task; the layout works without clusters
    );
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
