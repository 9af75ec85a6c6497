// Holds the graph on screen. A graph is swapped in whole and only after it parsed, so a failed load leaves the
// current graph untouched. Each graph gets a fresh id; frames and payloads name it.
import type { CsrGraph } from '../engine/engine-api.js';
import { toCsr } from './csr.js';
import type { LoadedGraph } from './graph-types.js';
import type { GraphInfo } from '../../../protocol/messages.js';
import { Listeners } from '../../../protocol/listeners.js';

export interface StoredGraph {
  graphId: number;
  graph: LoadedGraph;
  csr: CsrGraph;
}

export class GraphStore {
  private current: StoredGraph | undefined;
  private nextId = 1;
  private readonly listeners = new Listeners<StoredGraph>();

  get(): StoredGraph | undefined {
    return this.current;
  }

  /** Makes `graph` current; builds its CSR before anything changes so a failure here also keeps the old one. */
  replace(graph: LoadedGraph, csr: CsrGraph = toCsr(graph)): StoredGraph {
    const stored = { graphId: this.nextId++, graph, csr };
    this.current = stored;
    this.listeners.emit(stored);
    return stored;
  }

  onChange(listener: (g: StoredGraph) => void): () => void {
    return this.listeners.add(listener);
  }

  info(): GraphInfo | undefined {
    const c = this.current;
    if (!c) return undefined;
    // Edges as laid out and drawn: distinct undirected pairs without self-loops.
    return { graphId: c.graphId, name: c.graph.name, nodeCount: c.graph.nodeIds.length, edgeCount: c.csr.targets.length >> 1, source: c.graph.source };
  }
}
