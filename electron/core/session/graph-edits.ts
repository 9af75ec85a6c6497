// Applies a client's (or a live source's) edits: GraphCommands go to the GraphStore, which applies them as one
// batch per tick and answers with a GraphDelta; the delta then reaches the engine (topology through editGraph,
// pins through pin/unpin) and every window (a graphDelta message), so all three keep the store's node indices.
// A submit is atomic: the store checks every command first, and a bad id or a stale graphId changes nothing.
import type { GraphCommand, GraphDelta } from '../../../protocol/graph-edits.js';
import type { ServerMessage } from '../../../protocol/messages.js';
import type { Engine } from '../engine/engine-api.js';
import { GraphEditError, toEngineDelta, type GraphStore } from '../graph/graph-store.js';

type DeltaMessage = Extract<ServerMessage, { type: 'graphDelta' }>;

export interface GraphEditParts {
  engine: Engine;
  store: GraphStore;
  /** Sends the delta to every client. */
  broadcast: (message: DeltaMessage) => void;
  /** Positions changed even while paused: send a frame. */
  requestFrame: () => void;
  /** A delta the engine could not take (it then holds the graph before it): said to everyone. */
  report: (message: string) => void;
}

export class GraphEdits {
  private readonly unsubscribe: () => void;

  constructor(private readonly p: GraphEditParts) {
    // Every applied batch, whoever submitted it (a window, an MCP source), reaches the engine and the windows.
    this.unsubscribe = p.store.onDelta((delta) => this.deliver(delta));
  }

  /** Submits one client batch; resolves with the error to tell the client, or undefined when it was applied. */
  async apply(graphId: number, commands: GraphCommand[]): Promise<string | undefined> {
    const info = this.p.store.info();
    if (!info) return 'edit: there is no graph to edit';
    if (graphId !== info.graphId) return `edit: graph ${graphId} is not the graph on screen (${info.graphId}); nothing changed`;
    try {
      await this.p.store.submit(this.flatten(commands), { graphId });
      return undefined;
    } catch (err) {
      return err instanceof GraphEditError ? `edit: ${err.message}` : `edit: ${(err as Error).message}`;
    }
  }

  /** Commands from a live source (MCP): the same path; with `graphId`, refused once another graph replaced it. */
  submit(commands: GraphCommand[], graphId?: number): Promise<GraphDelta> {
    return this.p.store.submit(this.flatten(commands), graphId === undefined ? {} : { graphId });
  }

  /** The pins of the graph on screen, for a client that joins later (undefined when none). */
  currentPins(): DeltaMessage | undefined {
    const view = this.p.store.view();
    if (!view) return undefined;
    const pins: DeltaMessage['pins'] = [];
    for (let i = 0; i < view.nodeCount; i++) if (view.pinned[i]) pins.push({ node: i, pinned: true });
    return pins.length ? { ...emptyDelta(view.graphId, view.version), pins } : undefined;
  }

  isPinned(node: number): boolean {
    const view = this.p.store.view();
    return !!view && node < view.nodeCount && view.pinned[node] === 1;
  }

  dispose(): void {
    this.unsubscribe();
  }

  /** The engine keeps a 2D layout on z = 0 (a pin or a new node there too): say where a node really goes. */
  private flatten(commands: GraphCommand[]): GraphCommand[] {
    if (this.p.engine.getParams().dimensions !== 2) return commands;
    const flat = (p: [number, number, number]): [number, number, number] => [p[0], p[1], 0];
    return commands.map((c) => {
      if ((c.op === 'move' || c.op === 'pin') && c.position) return { ...c, position: flat(c.position) };
      if (c.op === 'addNodes') return { ...c, nodes: c.nodes.map((n) => (n.position ? { ...n, position: flat(n.position) } : n)) };
      return c;
    });
  }

  private deliver(delta: GraphDelta): void {
    const topology = delta.removeEdges.length || delta.removeNodes.length || delta.addNodes.ids.length || delta.addEdges.length;
    const engine = this.p.engine;
    if (topology) {
      if (!engine.editGraph) {
        this.p.report('this engine cannot change the graph while it runs (no editGraph); the layout keeps the graph before the edit');
      } else {
        try {
          engine.editGraph(toEngineDelta(delta));
        } catch (err) {
          // The store checked the batch, so this is the engine refusing a delta it should take: say so.
          this.p.report(`the layout engine refused graph delta ${delta.version}: ${(err as Error).message}`);
        }
      }
    }
    for (const pin of delta.pins) {
      if (pin.pinned) engine.pin(pin.node, pin.position);
      else engine.unpin(pin.node);
    }
    this.p.broadcast(toMessage(delta));
    this.p.requestFrame();
  }
}

function emptyDelta(graphId: number, version: number): DeltaMessage {
  return {
    type: 'graphDelta',
    graphId,
    version,
    removeEdges: [],
    removeNodes: [],
    addNodes: { ids: [], labels: [] },
    addPositions: [],
    addEdges: [],
    addWeights: [],
    pins: [],
  };
}

/** The wire form: plain arrays, NaN (place it near its neighbours) as null, since JSON has no NaN. */
function toMessage(d: GraphDelta): DeltaMessage {
  return {
    type: 'graphDelta',
    graphId: d.graphId,
    version: d.version,
    removeEdges: Array.from(d.removeEdges),
    removeNodes: Array.from(d.removeNodes),
    addNodes: { ids: d.addNodes.ids, labels: d.addNodes.labels },
    addPositions: Array.from(d.addPositions, (v) => (Number.isNaN(v) ? null : v)),
    addEdges: Array.from(d.addEdges),
    addWeights: Array.from(d.addWeights),
    pins: d.pins,
  };
}
