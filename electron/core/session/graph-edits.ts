// Applies a client's `edit` batch until the GraphStore actor (another branch) takes these over: pins only
// (pin, unpin, move, unpinAll), which need no topology change. Kept in its own file so the store can replace it.
// A batch is atomic: every command is checked first, and one bad id or a stale graphId changes nothing.
import type { GraphCommand, GraphDelta } from '../../../protocol/graph-edits.js';
import type { ServerMessage } from '../../../protocol/messages.js';
import type { Engine } from '../engine/engine-api.js';
import type { GraphStore } from '../graph/graph-store.js';

type Pin = GraphDelta['pins'][number];
type DeltaMessage = Extract<ServerMessage, { type: 'graphDelta' }>;

export interface GraphEditParts {
  engine: Engine;
  store: GraphStore;
  /** Sends the delta to every client. */
  broadcast: (message: DeltaMessage) => void;
  /** Positions changed even while paused: send a frame. */
  requestFrame: () => void;
}

const TOPOLOGY_OPS = new Set(['addNodes', 'removeNodes', 'addEdges', 'removeEdges', 'setAttributes', 'clear']);

export class GraphEdits {
  private graphId = -1;
  private version = 0;
  private readonly pinned = new Set<number>();
  private index = new Map<string, number>();

  constructor(private readonly p: GraphEditParts) {}

  /** Applies one batch; returns the error to tell the client, or undefined when it was applied. */
  apply(graphId: number, commands: GraphCommand[]): string | undefined {
    const stored = this.p.store.get();
    if (!stored) return 'edit: there is no graph to edit';
    this.sync(stored.graphId, stored.graph.nodeIds);
    if (graphId !== stored.graphId) return `edit: graph ${graphId} is not the graph on screen (${stored.graphId}); nothing changed`;
    const topology = commands.find((c) => TOPOLOGY_OPS.has(c.op));
    if (topology) return `edit: ${topology.op} arrives with the GraphStore (live graph edits); nothing changed`;

    // Resolve every id before touching anything.
    const resolved: Array<{ op: GraphCommand['op']; node: number; position?: [number, number, number] }> = [];
    for (const c of commands) {
      if (c.op === 'unpinAll') {
        resolved.push({ op: c.op, node: -1 });
        continue;
      }
      if (!('id' in c)) continue;
      const node = this.index.get(c.id);
      if (node === undefined) return `edit: no node with id ${JSON.stringify(c.id)} in graph ${graphId}; nothing changed`;
      resolved.push({ op: c.op, node, position: 'position' in c ? c.position : undefined });
    }

    // The engine keeps a 2D layout on z = 0 (a pin there too): say where the node really is.
    const flat = this.p.engine.getParams().dimensions === 2;
    const pins = new Map<number, Pin>();
    for (const r of resolved) {
      if (r.op === 'unpinAll') {
        for (const n of this.pinned) {
          this.p.engine.unpin(n);
          pins.set(n, { node: n, pinned: false });
        }
        this.pinned.clear();
      } else if (r.op === 'unpin') {
        this.p.engine.unpin(r.node);
        this.pinned.delete(r.node);
        pins.set(r.node, { node: r.node, pinned: false });
      } else {
        const position = r.position && ([r.position[0], r.position[1], flat ? 0 : r.position[2]] as [number, number, number]);
        this.p.engine.pin(r.node, position);
        this.pinned.add(r.node);
        pins.set(r.node, { node: r.node, pinned: true, ...(position ? { position } : {}) });
      }
    }
    this.version++;
    this.p.broadcast(this.delta([...pins.values()]));
    this.p.requestFrame();
    return undefined;
  }

  /** The pins of the graph on screen, for a client that joins later (undefined when none). */
  currentPins(): DeltaMessage | undefined {
    const stored = this.p.store.get();
    if (!stored || stored.graphId !== this.graphId || this.pinned.size === 0) return undefined;
    return this.delta([...this.pinned].map((node) => ({ node, pinned: true })));
  }

  isPinned(node: number): boolean {
    return this.pinned.has(node);
  }

  /** A new graph starts with no pins (the engine clears them on setGraph). */
  private sync(graphId: number, nodeIds: string[]): void {
    if (graphId === this.graphId) return;
    this.graphId = graphId;
    this.version = 0;
    this.pinned.clear();
    this.index = new Map(nodeIds.map((id, i) => [id, i]));
  }

  private delta(pins: Pin[]): DeltaMessage {
    return {
      type: 'graphDelta',
      graphId: this.graphId,
      version: this.version,
      removeEdges: [],
      removeNodes: [],
      addNodes: { ids: [], labels: [] },
      addPositions: [],
      addEdges: [],
      addWeights: [],
      pins,
    };
  }
}
