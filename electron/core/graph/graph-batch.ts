// One batch of GraphCommands against a GraphState, in two stages:
//  1. plan: the commands are played in order against an overlay (by node id) that reads the state and writes
//     nothing. Every check happens here, so a bad command refuses the whole batch with the state untouched.
//     The result is the batch's net effect: old nodes removed, new nodes (and edges) that survive, old edges
//     removed, attributes and pins set.
//  2. apply: the net effect is written into the state in GraphDelta's order (removeEdges, removeNodes,
//     addNodes, addEdges, pins), so the store's node order is exactly what a consumer applying the delta gets,
//     whatever order the commands came in (e.g. an added node then an old one removed: the new node is appended
//     after the removals, never swapped into the hole).
import type { GraphCommand, GraphDelta } from '../../../protocol/graph-edits.js';
import type { Attributes, GraphState, Vec3 } from './graph-state.js';

/** A refused batch: names the command (its index in the submitted list), its op and the id at fault. */
export class GraphEditError extends Error {
  constructor(
    readonly commandIndex: number,
    readonly op: GraphCommand['op'],
    readonly id: string | undefined,
    readonly detail: string,
  ) {
    super(`command ${commandIndex} (${op}): ${detail}; nothing changed`);
    this.name = 'GraphEditError';
  }
}

interface PinState {
  pinned: boolean;
  position?: Vec3;
  /** Pinned where it is after being unpinned in this batch: an older pin position no longer holds. */
  reset?: boolean;
}
interface NewNode {
  id: string;
  attrs: Attributes | undefined;
  position?: Vec3;
  alive: boolean;
  pin?: PinState;
}
interface PendingEdge {
  a: string;
  b: string;
  weight?: number;
  type?: string;
  alive: boolean;
}

export interface BatchPlan {
  cleared: boolean;
  removedOld: string[];
  newNodes: NewNode[];
  pending: PendingEdge[];
  removedOldEdges: Set<number>;
  oldAttrs: Map<string, Attributes>;
  oldPins: Map<string, PinState>;
}

type Found = { old: true; index: number } | { old: false; node: NewNode };

/** Plays `commands` against `state` without changing it; throws GraphEditError at the first bad one. */
export function planBatch(state: GraphState, commands: readonly GraphCommand[], indexBase = 0): BatchPlan {
  const plan: BatchPlan = { cleared: false, removedOld: [], newNodes: [], pending: [], removedOldEdges: new Set(), oldAttrs: new Map(), oldPins: new Map() };
  let overlay = new Map<string, 'removed' | NewNode>();
  let pendingBy = new Map<string, PendingEdge[]>();

  const find = (id: string): Found | undefined => {
    const o = overlay.get(id);
    if (o === 'removed') return undefined;
    if (o) return { old: false, node: o };
    if (plan.cleared) return undefined;
    const index = state.index.get(id);
    return index === undefined ? undefined : { old: true, index };
  };
  const killEdgesOf = (id: string) => {
    for (const e of pendingBy.get(id) ?? []) e.alive = false;
    pendingBy.delete(id);
  };
  const pinOf = (id: string, f: Found): PinState =>
    f.old ? (plan.oldPins.get(id) ?? { pinned: state.pinned[f.index] === 1 }) : (f.node.pin ?? { pinned: false });
  const setPin = (id: string, f: Found, p: PinState) => {
    if (f.old) plan.oldPins.set(id, p);
    else f.node.pin = p;
  };

  commands.forEach((c, k) => {
    const fail = (id: string | undefined, detail: string): never => {
      throw new GraphEditError(indexBase + k, c.op, id, detail);
    };
    const need = (id: string, what = 'node'): Found => find(id) ?? fail(id, `no ${what} with id ${JSON.stringify(id)}`);
    switch (c.op) {
      case 'addNodes':
        for (const n of c.nodes) {
          if (find(n.id)) fail(n.id, `a node with id ${JSON.stringify(n.id)} already exists`);
          const attrs = n.label !== undefined ? { ...n.attributes, label: n.label } : n.attributes ? { ...n.attributes } : undefined;
          const node: NewNode = { id: n.id, attrs, alive: true, ...(n.position ? { position: n.position } : {}) };
          overlay.set(n.id, node);
          plan.newNodes.push(node);
        }
        break;
      case 'removeNodes':
        for (const id of c.ids) {
          const f = need(id);
          if (f.old) {
            plan.removedOld.push(id);
            plan.oldPins.delete(id);
            plan.oldAttrs.delete(id);
          } else f.node.alive = false;
          overlay.set(id, 'removed');
          killEdgesOf(id);
        }
        break;
      case 'addEdges':
        for (const e of c.edges) {
          need(e.source, 'source node');
          need(e.target, 'target node');
          const p: PendingEdge = { a: e.source, b: e.target, weight: e.weight, type: e.type, alive: true };
          plan.pending.push(p);
          for (const id of e.source === e.target ? [e.source] : [e.source, e.target]) {
            const list = pendingBy.get(id);
            if (list) list.push(p);
            else pendingBy.set(id, [p]);
          }
        }
        break;
      case 'removeEdges':
        for (const e of c.edges) {
          const fa = need(e.source, 'source node'), fb = need(e.target, 'target node');
          let matched = 0;
          if (fa.old && fb.old) {
            for (const slot of state.edgesBetween(fa.index, fb.index)) {
              if (plan.removedOldEdges.has(slot) || (e.type !== undefined && state.types[slot] !== e.type)) continue;
              plan.removedOldEdges.add(slot);
              matched++;
            }
          }
          for (const p of pendingBy.get(e.source) ?? []) {
            if (!p.alive || (e.type !== undefined && p.type !== e.type)) continue;
            if ((p.a === e.source && p.b === e.target) || (p.a === e.target && p.b === e.source)) {
              p.alive = false;
              matched++;
            }
          }
          if (matched === 0) fail(e.source, `no edge between ${JSON.stringify(e.source)} and ${JSON.stringify(e.target)}${e.type !== undefined ? ` of type ${JSON.stringify(e.type)}` : ''}`);
        }
        break;
      case 'setAttributes': {
        const f = need(c.id);
        if (f.old) plan.oldAttrs.set(c.id, { ...(plan.oldAttrs.get(c.id) ?? state.attrs[f.index]), ...c.attributes });
        else f.node.attrs = { ...f.node.attrs, ...c.attributes };
        break;
      }
      case 'pin': {
        const f = need(c.id);
        const prev = pinOf(c.id, f);
        // Pinned where it is: a position this batch gave it earlier still holds.
        const position = c.position ?? (prev.pinned ? prev.position : undefined);
        setPin(c.id, f, position ? { pinned: true, position } : { pinned: true, ...(!prev.pinned || prev.reset ? { reset: true } : {}) });
        break;
      }
      case 'move':
        setPin(c.id, need(c.id), { pinned: true, position: c.position });
        break;
      case 'unpin':
        setPin(c.id, need(c.id), { pinned: false });
        break;
      case 'unpinAll':
        if (!plan.cleared) {
          for (let i = 0; i < state.n; i++) {
            const id = state.ids[i];
            if (state.pinned[i] === 1 && !overlay.has(id)) plan.oldPins.set(id, { pinned: false });
          }
        }
        for (const id of plan.oldPins.keys()) plan.oldPins.set(id, { pinned: false });
        for (const n of plan.newNodes) if (n.alive && n.pin) n.pin = { pinned: false };
        break;
      case 'clear':
        plan.cleared = true;
        for (const n of plan.newNodes) n.alive = false;
        for (const p of plan.pending) p.alive = false;
        overlay = new Map();
        pendingBy = new Map();
        plan.removedOld = [];
        plan.oldAttrs.clear();
        plan.oldPins.clear();
        plan.removedOldEdges.clear();
        break;
    }
  });
  return plan;
}

/** Writes a plan into the state in the delta's order and returns the delta (graphId/version filled by the store). */
export function applyPlan(state: GraphState, plan: BatchPlan): Omit<GraphDelta, 'graphId' | 'version'> {
  const removeEdges: number[] = [];
  const removeNodes: number[] = [];
  if (plan.cleared) {
    for (let i = state.n - 1; i >= 0; i--) removeNodes.push(i);
    state.clearAll();
  } else {
    // Old edges, highest slot first: the edge swapped into a freed slot is then never one still to remove.
    const removedSet = new Set(plan.removedOld);
    const touched = new Map<number, [number, number]>();
    for (const e of [...plan.removedOldEdges].sort((x, y) => y - x)) {
      const a = state.src[e], b = state.dst[e];
      state.removeEdge(e);
      // A pair on a node that goes is not listed: the node's layout edges go with it.
      if (a !== b && !removedSet.has(state.ids[a]) && !removedSet.has(state.ids[b])) touched.set(Math.min(a, b) * 2 ** 26 + Math.max(a, b), [Math.min(a, b), Math.max(a, b)]);
      else if (a !== b && !state.hasPair(a, b)) state.pairs--; // its node goes: removeNode counts what is left
    }
    for (const [a, b] of touched.values()) {
      if (state.hasPair(a, b)) continue;
      removeEdges.push(a, b);
      state.pairs--;
    }
    for (const id of plan.removedOld) {
      const i = state.index.get(id)!;
      removeNodes.push(i);
      state.removeNode(i);
    }
  }

  const ids: string[] = [];
  const labels: Array<string | null> = [];
  const live = plan.newNodes.filter((n) => n.alive);
  const addPositions = new Float32Array(3 * live.length).fill(NaN);
  live.forEach((n, k) => {
    const i = state.addNode(n.id, n.attrs);
    ids.push(n.id);
    labels.push(state.label(i));
    if (n.position) addPositions.set(n.position, 3 * k);
  });

  // A new pair's weight is its first edge's. GraphDelta has no weight update, so a parallel edge that raises a
  // pair's weight in csr() (the heaviest of the pair's edges, as toCsr keeps) does not reach the engine.
  const addEdges: number[] = [];
  const addWeights: number[] = [];
  for (const p of plan.pending) {
    if (!p.alive) continue;
    const a = state.index.get(p.a)!, b = state.index.get(p.b)!;
    const isNew = a !== b && !state.hasPair(a, b);
    state.addEdge(a, b, p.weight, p.type);
    if (isNew) {
      addEdges.push(Math.min(a, b), Math.max(a, b));
      addWeights.push(p.weight ?? 1);
      state.pairs++;
    }
  }

  for (const [id, attrs] of plan.oldAttrs) state.setAttrs(state.index.get(id)!, attrs);
  const pins: GraphDelta['pins'] = [];
  const pinOut = (i: number, p: PinState) => {
    if (p.reset) state.setPin(i, false);
    state.setPin(i, p.pinned, p.position);
    pins.push(p.position ? { node: i, pinned: p.pinned, position: p.position } : { node: i, pinned: p.pinned });
  };
  for (const [id, p] of plan.oldPins) pinOut(state.index.get(id)!, p);
  for (const n of live) if (n.pin) pinOut(state.index.get(n.id)!, n.pin);

  return {
    removeEdges: Uint32Array.from(removeEdges),
    removeNodes: Uint32Array.from(removeNodes),
    addNodes: { ids, labels },
    addPositions,
    addEdges: Uint32Array.from(addEdges),
    addWeights: Float32Array.from(addWeights),
    pins,
  };
}
