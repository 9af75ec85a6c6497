// Holds the graph on screen, as an actor: it owns the graph and changes it only through messages.
//  - replace(graph): a whole new graph (a file load, a sample), swapped in only after it parsed, so a failed
//    load leaves the current graph untouched. Each graph gets a fresh id; frames and payloads name it. It is
//    ordered with the edits: commands submitted before it apply to the old graph first.
//  - submit(commands): GraphCommands (protocol/graph-edits.ts), applied strictly in order. Everything submitted
//    in the same tick is one batch: one GraphDelta to onDelta listeners, one version bump. Each submit is
//    atomic: a bad command refuses that submit whole (GraphEditError names the command index, op and id) and
//    the rest of the tick's batch still applies.
//
// The graphMessages switch (protocol/switch-table.ts): on, a batch is written in place into growable typed
// arrays (graph-state.ts), costing what it changes; off, every batch first copies the whole graph
// (copy-on-write, the path a live snapshot forces). figures() says which it cost.
//
// Readers: view() and get() are snapshots built from the state the first time a version is read and cached
// for that version (O(nodes + edges) once per version read; nothing is copied while nobody reads). Their
// arrays are fresh copies, never the store's buffers, so later edits do not change them; the view's and get()'s
// objects are frozen, their typed arrays are shared by every reader of that version and must not be written.
import type { GraphCommand, GraphDelta } from '../../../protocol/graph-edits.js';
import type { CsrGraph, EngineGraphDelta } from '../engine/engine-api.js';
import { toCsr } from './csr.js';
import type { LoadedGraph } from './graph-types.js';
import type { GraphInfo } from '../../../protocol/messages.js';
import { Listeners } from '../../../protocol/listeners.js';
import { GraphState } from './graph-state.js';
import { summariseGraph } from './graph-summary.js';
import { applyPlan, GraphEditError, planBatch } from './graph-batch.js';

export { GraphEditError } from './graph-batch.js';

export interface StoredGraph {
  graphId: number;
  graph: LoadedGraph;
  csr: CsrGraph;
}

/** A read-only snapshot of one version of the graph. */
export interface GraphView {
  readonly graphId: number;
  readonly version: number;
  readonly nodeCount: number;
  /** Distinct undirected pairs without self-loops (the layout's edges). */
  readonly edgeCount: number;
  readonly ids: readonly string[];
  readonly labels: readonly (string | null)[];
  /** 1 where the node is pinned. */
  readonly pinned: Uint8Array;
  /** xyz per node of its pin position; NaN where pinned where it was, or not pinned. */
  readonly pinPositions: Float32Array;
  readonly csr: CsrGraph;
}

export interface GraphMessagesFigures {
  bytesCopiedPerUpdate: number;
  updateLatencyP50Ms: number;
  updateLatencyP95Ms: number;
}

export interface SubmitOptions {
  /** Refuse the commands unless this graph is still the one in the store when the batch applies. */
  graphId?: number;
}

interface Pending {
  commands: readonly GraphCommand[];
  graphId?: number;
  at: number;
  resolve: (d: GraphDelta) => void;
  reject: (e: Error) => void;
}

/** Latencies kept for the percentiles: the most recent batches. */
const LATENCY_WINDOW = 256;

interface Current {
  graphId: number;
  version: number;
  meta: { name: string; source: string; directed: boolean };
  /** What the source held, counted at replace (GraphInfo.read). */
  read: GraphInfo['read'];
  /** Built from the loaded graph on the first edit or view, so a load costs what it did before edits existed
   *  (building it takes ~0.8 s on dblp-2010's 326k nodes; the first edit pays it). */
  state?: GraphState;
  /** The StoredGraph for `version`, when it was built (replace gives it directly). */
  stored?: { version: number; value: StoredGraph };
  view?: GraphView;
}

export class GraphStore {
  private current: Current | undefined;
  private nextId = 1;
  private readonly listeners = new Listeners<StoredGraph>();
  private readonly deltaListeners = new Listeners<GraphDelta>();
  private queue: Pending[] = [];
  private flushScheduled = false;
  private inPlace = true;
  private lastBytes = 0;
  private readonly latencies: number[] = [];

  /** The current graph as a LoadedGraph and its CSR; after edits, built once per version read. */
  get(): StoredGraph | undefined {
    const c = this.current;
    if (!c) return undefined;
    if (c.stored?.version !== c.version) {
      const graph = stateOf(c).toLoaded(c.meta);
      c.stored = { version: c.version, value: Object.freeze({ graphId: c.graphId, graph: Object.freeze(graph), csr: Object.freeze(toCsr(graph)) }) };
    }
    return c.stored.value;
  }

  /** Makes `graph` current; builds its CSR before anything changes so a failure here also keeps the old one. */
  replace(graph: LoadedGraph, csr: CsrGraph = toCsr(graph)): StoredGraph {
    // In order with the edits: what was submitted before the replace applies to the graph it was meant for.
    if (this.queue.length) this.flush();
    const stored: StoredGraph = Object.freeze({ graphId: this.nextId++, graph: Object.freeze(graph), csr: Object.freeze(csr) });
    this.current = {
      graphId: stored.graphId,
      version: 0,
      meta: { name: graph.name, source: graph.source, directed: graph.directed },
      read: readSummary(graph),
      stored: { version: 0, value: stored },
    };
    this.listeners.emit(stored);
    return stored;
  }

  /** Whole-graph swaps (replace); edits come through onDelta. */
  onChange(listener: (g: StoredGraph) => void): () => void {
    return this.listeners.add(listener);
  }

  onDelta(listener: (d: GraphDelta) => void): () => void {
    return this.deltaListeners.add(listener);
  }

  info(): GraphInfo | undefined {
    const c = this.current;
    if (!c) return undefined;
    // Edges as laid out and drawn: distinct undirected pairs without self-loops.
    const [nodeCount, edgeCount] = c.state ? [c.state.n, c.state.pairs] : [c.stored!.value.graph.nodeIds.length, c.stored!.value.csr.targets.length >> 1];
    return { graphId: c.graphId, name: c.meta.name, nodeCount, edgeCount, source: c.meta.source, ...(c.read ? { read: c.read } : {}) };
  }

  get version(): number {
    return this.current?.version ?? 0;
  }

  /** A frozen snapshot of the current version (see the file's header for what it costs). */
  view(): GraphView | undefined {
    const c = this.current;
    if (!c) return undefined;
    if (c.view?.version !== c.version || c.view.graphId !== c.graphId) {
      const s = stateOf(c);
      const labels = Array.from({ length: s.n }, (_, i) => s.label(i));
      c.view = Object.freeze({
        graphId: c.graphId,
        version: c.version,
        nodeCount: s.n,
        edgeCount: s.pairs,
        ids: Object.freeze(s.ids.slice()),
        labels: Object.freeze(labels),
        pinned: s.pinned.slice(0, s.n),
        pinPositions: s.pinPos.slice(0, 3 * s.n),
        csr: this.get()!.csr,
      });
    }
    return c.view;
  }

  /** The CSR of the current version (equal to toCsr of get().graph). */
  csr(): CsrGraph | undefined {
    return this.get()?.csr;
  }

  /** Queues commands; everything submitted in this tick applies as one batch. Resolves with the batch's delta;
   *  rejects with GraphEditError (nothing of these commands applied) or when there is no (such) graph. */
  submit(commands: readonly GraphCommand[], options: SubmitOptions = {}): Promise<GraphDelta> {
    return new Promise<GraphDelta>((resolve, reject) => {
      this.queue.push({ commands, graphId: options.graphId, at: performance.now(), resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        queueMicrotask(() => this.flush());
      }
    });
  }

  /** Applies commands now as one batch (for callers already on the store's turn, tests and the bench);
   *  throws GraphEditError and changes nothing when one is bad. */
  applyNow(commands: readonly GraphCommand[]): GraphDelta {
    const t0 = performance.now();
    const c = this.requireGraph();
    const delta = this.applyBatch(c, [commands]);
    this.recordLatency(performance.now() - t0);
    this.deltaListeners.emit(delta);
    return delta;
  }

  /** graphMessages on: batches in place; off: every batch copies the whole graph first. A flip starts the
   *  figures afresh, so they describe the mode now in force. */
  setGraphMessages(on: boolean): void {
    if (on === this.inPlace) return;
    this.inPlace = on;
    this.lastBytes = 0;
    this.latencies.length = 0;
  }

  get graphMessages(): boolean {
    return this.inPlace;
  }

  figures(): GraphMessagesFigures {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);
    return { bytesCopiedPerUpdate: this.lastBytes, updateLatencyP50Ms: pct(0.5), updateLatencyP95Ms: pct(0.95) };
  }

  /** What copying the whole graph costs now (the figure's unit), for comparing with bytesCopiedPerUpdate. */
  sizeBytes(): number {
    return this.current ? stateOf(this.current).sizeBytes() : 0;
  }

  private requireGraph(): Current {
    if (!this.current) throw new Error('edit: there is no graph to edit; nothing changed');
    return this.current;
  }

  private flush(): void {
    this.flushScheduled = false;
    let batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return; // replace() flushed it already
    const c = this.current;
    for (const p of batch) {
      if (!c) p.reject(new Error('edit: there is no graph to edit; nothing changed'));
      else if (p.graphId !== undefined && p.graphId !== c.graphId) p.reject(new Error(`edit: graph ${p.graphId} is not the graph in the store (${c.graphId}); nothing changed`));
    }
    if (!c) return;
    batch = batch.filter((p) => p.graphId === undefined || p.graphId === c.graphId);
    // A bad submit is refused alone: plan again without it (failures are rare, so replanning is cheap).
    while (batch.length) {
      try {
        const delta = this.applyBatch(c, batch.map((p) => p.commands));
        const now = performance.now();
        let first = now;
        for (const p of batch) first = Math.min(first, p.at);
        this.recordLatency(now - first);
        this.deltaListeners.emit(delta);
        for (const p of batch) p.resolve(delta);
        return;
      } catch (err) {
        if (!(err instanceof BatchFailure)) {
          for (const p of batch) p.reject(err as Error);
          return;
        }
        batch[err.submit].reject(err.error);
        batch = batch.filter((_, k) => k !== err.submit);
      }
    }
  }

  private applyBatch(c: Current, submits: ReadonlyArray<readonly GraphCommand[]>): GraphDelta {
    const all = submits.length === 1 ? submits[0] : submits.flat();
    let plan;
    try {
      plan = planBatch(stateOf(c), all);
    } catch (err) {
      if (!(err instanceof GraphEditError) || submits.length === 1) throw err;
      // Say which submit it was, and the index within its own commands.
      let k = err.commandIndex, s = 0;
      while (k >= submits[s].length) k -= submits[s++].length;
      throw new BatchFailure(s, new GraphEditError(k, err.op, err.id, err.detail));
    }
    // Off: the copy-on-write path, as when a reader holds the graph: copy everything, then edit the copy.
    const current = stateOf(c);
    const state = this.inPlace ? current : current.clone();
    const before = current.bytes;
    const delta = applyPlan(state, plan);
    this.lastBytes = state.bytes - before;
    c.state = state;
    c.version++;
    return { graphId: c.graphId, version: c.version, ...delta };
  }

  private recordLatency(ms: number): void {
    this.latencies.push(ms);
    if (this.latencies.length > LATENCY_WINDOW) this.latencies.shift();
  }
}

function stateOf(c: Current): GraphState {
  if (!c.state) {
    const { graph, csr } = c.stored!.value;
    c.state = GraphState.fromLoaded(graph, csr.targets.length >> 1);
  }
  return c.state;
}

class BatchFailure extends Error {
  constructor(
    readonly submit: number,
    readonly error: GraphEditError,
  ) {
    super(error.message);
  }
}

/** The engine's part of a delta (engine-api.ts): no ids, labels or pins (pins go through engine.pin/unpin). */
export function toEngineDelta(delta: GraphDelta): EngineGraphDelta {
  return {
    removeEdges: delta.removeEdges,
    removeNodes: delta.removeNodes,
    addCount: delta.addNodes.ids.length,
    addPositions: delta.addPositions,
    addEdges: delta.addEdges,
    addWeights: delta.addWeights,
  };
}

function readSummary(graph: LoadedGraph): GraphInfo['read'] {
  const { nodes: _nodes, ...read } = summariseGraph(graph);
  return read;
}
