// Fast state: the graph on screen and its latest positions. Lives outside React (zustand vanilla);
// the render loop reads it with getState(), so frames at 60 Hz never re-render a component.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { decodeFrame, peekFrame, type BoundingBox } from '../../../protocol/frame.js';
import type { GraphPayload } from '../../../protocol/graph-payload.js';
import { colorsFromDegrees, colorsFromLabels, degreesOf } from '../../../protocol/palette.js';
import { NodeNameIndex } from '../search/node-name-index.js';
import { applyDelta, type GraphDeltaMessage } from './graph-delta.js';

export interface GraphTopology {
  graphId: number;
  nodeCount: number;
  edgeCount: number;
  /** source,target pairs, exactly edgeCount of them: a view of the start of FrameState.edgeBuffer. */
  edges: Uint32Array;
  degrees: Uint32Array;
}

export interface FrameState {
  topology: GraphTopology | null;
  /** xyz per node (the first nodeCount; there may be room for more, see graph-delta.ts). The same array backs
   *  the GPU position attribute: frames decode straight into it. */
  positions: Float32Array;
  /** rgb per node, shared by nodes and edges. */
  colors: Float32Array;
  /** The edges' index buffer: topology.edges, and room for more. */
  edgeBuffer: Uint32Array;
  /** Bumps when nodes or edges change (the geometry draws a new range); buffersVersion when the arrays above
   *  are new objects (a new graph, or an edit that outgrew them: the GPU buffers are made again). */
  topologyVersion: number;
  buffersVersion: number;
  /** Cluster label per node, once the host has sent labels for this graph. */
  labels: Uint32Array | null;
  /** 1 per pinned node (graphDelta pins); pinsVersion bumps when it changes. */
  pinned: Uint8Array;
  pinnedCount: number;
  pinsVersion: number;
  /** Bumps when positions change / colours change; the render loop uploads when it sees a new value. */
  positionsVersion: number;
  colorsVersion: number;
  bbox: BoundingBox | null;
  /** Whether the graph has received any frame yet (nodes have no position before). */
  hasFrame: boolean;
  lastReceivedSeq: number;
  lastAppliedSeq: number;
  framesReceived: number;
  framesApplied: number;
  framesDropped: number;
  /** Sequence numbers decoded but not yet drawn; acked once the render loop has drawn them. */
  pendingAcks: number[];
  /** Bumped to ask the view to frame the graph (button, or a new graph). */
  fitRequest: number;
  /** Bumped to make the view follow the layout for a while (a new graph, 2D / 3D). */
  followRequest: number;
  /** Bumped to turn the view toward `focusNode`. */
  focusRequest: number;
  focusNode: number;
  /** Whether the focus also moves in close (a search result), or keeps the distance (centre). */
  focusCloser: boolean;
  /** Names and search index of a graph (the host sends them right after its payload); check graphId. */
  names: NodeNameIndex | null;
}

export type FrameStore = StoreApi<FrameState>;

export function createFrameStore(): FrameStore {
  return createStore<FrameState>(() => ({
    topology: null,
    positions: new Float32Array(0),
    colors: new Float32Array(0),
    edgeBuffer: new Uint32Array(0),
    topologyVersion: 0,
    buffersVersion: 0,
    labels: null,
    pinned: new Uint8Array(0),
    pinnedCount: 0,
    pinsVersion: 0,
    positionsVersion: 0,
    colorsVersion: 0,
    bbox: null,
    hasFrame: false,
    lastReceivedSeq: -1,
    lastAppliedSeq: -1,
    framesReceived: 0,
    framesApplied: 0,
    framesDropped: 0,
    pendingAcks: [],
    fitRequest: 0,
    followRequest: 0,
    focusRequest: 0,
    focusNode: 0,
    focusCloser: false,
    names: null,
  }));
}

/** A new graph: allocate its arrays once; every later frame of this graph reuses them. */
export function setGraph(store: FrameStore, payload: GraphPayload): void {
  // Copy the edges out of the message buffer so the index buffer owns exactly its bytes.
  const edges = new Uint32Array(payload.edges);
  const degrees = degreesOf(payload.nodeCount, edges);
  const colors = new Float32Array(payload.nodeCount * 3);
  colorsFromDegrees(degrees, colors);
  const prev = store.getState();
  store.setState({
    topology: { graphId: payload.graphId, nodeCount: payload.nodeCount, edgeCount: payload.edgeCount, edges, degrees },
    positions: new Float32Array(payload.nodeCount * 3),
    colors,
    edgeBuffer: edges,
    topologyVersion: prev.topologyVersion + 1,
    buffersVersion: prev.buffersVersion + 1,
    labels: null,
    pinned: new Uint8Array(payload.nodeCount),
    pinnedCount: 0,
    pinsVersion: prev.pinsVersion + 1,
    positionsVersion: prev.positionsVersion + 1,
    colorsVersion: prev.colorsVersion + 1,
    bbox: null,
    hasFrame: false,
    fitRequest: prev.fitRequest + 1,
    followRequest: prev.followRequest + 1,
    // Names that came first for this very graph stay; any other graph's go.
    names: prev.names?.graphId === payload.graphId ? prev.names : null,
  });
}

/**
 * Applies an edit batch of the graph on screen in place (no new payload). Returns each old node's new index
 * (-1: removed) so the selection can follow, or null when the delta is for another graph.
 */
export function receiveGraphDelta(store: FrameStore, delta: GraphDeltaMessage): Int32Array | null {
  const s = store.getState();
  const t = s.topology;
  if (!t || t.graphId !== delta.graphId) return null;
  const names = currentNames(s);
  const ids = Array.from({ length: t.nodeCount }, (_, i) => names?.idOf(i) ?? String(i));
  const labels = Array.from({ length: t.nodeCount }, (_, i) => names?.labelOf(i) ?? null);
  const r = applyDelta({ nodeCount: t.nodeCount, edgeCount: t.edgeCount, edges: s.edgeBuffer, positions: s.positions, colors: s.colors, labels: s.labels, pinned: s.pinned, ids, names: labels }, delta);
  const g = r.graph;
  let pinnedCount = 0;
  for (let i = 0; i < g.nodeCount; i++) pinnedCount += g.pinned[i];
  if (!r.topologyChanged) {
    // Pins (and drop positions) were written into the live arrays.
    store.setState({ pinnedCount, pinsVersion: s.pinsVersion + 1, positionsVersion: s.positionsVersion + 1 });
    return r.remap;
  }
  store.setState({
    // A new topology object (same graphId): the camera keeps its view; the geometry draws the new range from the
    // same buffers, or makes new ones when the edit outgrew them.
    topology: { graphId: t.graphId, nodeCount: g.nodeCount, edgeCount: g.edgeCount, edges: g.edges.subarray(0, 2 * g.edgeCount), degrees: degreesOf(g.nodeCount, g.edges.subarray(0, 2 * g.edgeCount)) },
    positions: g.positions,
    colors: g.colors,
    edgeBuffer: g.edges,
    topologyVersion: s.topologyVersion + 1,
    buffersVersion: r.reallocated ? s.buffersVersion + 1 : s.buffersVersion,
    labels: g.labels,
    pinned: g.pinned,
    pinnedCount,
    pinsVersion: s.pinsVersion + 1,
    positionsVersion: s.positionsVersion + 1,
    colorsVersion: s.colorsVersion + 1,
    names: names ? new NodeNameIndex(t.graphId, g.ids, g.names.some((l) => l !== null) ? g.names : null) : s.names,
  });
  return r.remap;
}

/** Indexes a graph's node names once (lowercased, for search). Throws when they do not fit the graph on screen. */
export function setNodeNames(store: FrameStore, graphId: number, ids: string[], labels?: Array<string | null>): void {
  const topology = store.getState().topology;
  if (topology?.graphId === graphId && topology.nodeCount !== ids.length) {
    throw new Error(`node names for graph ${graphId}: ${ids.length} names for ${topology.nodeCount} nodes`);
  }
  store.setState({ names: new NodeNameIndex(graphId, ids, labels) });
}

/** The names of the graph on screen, or null while they have not arrived. */
export function currentNames(state: FrameState): NodeNameIndex | null {
  return state.names && state.topology && state.names.graphId === state.topology.graphId ? state.names : null;
}

export type FrameOutcome =
  | { kind: 'stored' }
  /** Not for the graph on screen (none yet, or a different node count): ack it now so the streamer moves on. */
  | { kind: 'dropped'; seq: number; reason: string };

/** Decodes a frame into the graph's position array. Throws FrameError on a malformed frame. */
export function receiveFrame(store: FrameStore, data: ArrayBuffer): FrameOutcome {
  const s = store.getState();
  const topology = s.topology;
  // Peek before decoding so a frame that does not fit never touches the live array. A sparse frame builds on
  // the positions held, so it needs a full frame of this graph before it (the streamer sends one).
  const { seq, nodeCount, sparse } = peekFrame(data);
  const reason = !topology
    ? 'no graph yet'
    : nodeCount !== topology.nodeCount
      ? `frame has ${nodeCount} nodes, graph has ${topology.nodeCount}`
      : sparse && !s.hasFrame
        ? 'sparse frame before a full one'
        : undefined;
  if (reason) {
    store.setState({ framesDropped: s.framesDropped + 1, framesReceived: s.framesReceived + 1 });
    return { kind: 'dropped', seq, reason };
  }
  const frame = decodeFrame(data, s.positions);
  let { colors, colorsVersion, labels } = s;
  if (frame.labels) {
    colorsFromLabels(frame.labels, colors);
    colorsVersion++;
    labels = frame.labels;
  }
  store.setState({
    bbox: frame.bbox,
    hasFrame: true,
    lastReceivedSeq: frame.seq,
    framesReceived: s.framesReceived + 1,
    positionsVersion: s.positionsVersion + 1,
    colors,
    colorsVersion,
    labels,
    pendingAcks: [...s.pendingAcks, frame.seq],
  });
  return { kind: 'stored' };
}

/** Called by the render loop after it drew the newest positions; returns the sequence numbers to ack. */
export function markApplied(store: FrameStore): number[] {
  const s = store.getState();
  if (s.pendingAcks.length === 0) return [];
  const acks = s.pendingAcks;
  store.setState({
    pendingAcks: [],
    // Every one of them was written into the position array; the newest is what was drawn.
    framesApplied: s.framesApplied + acks.length,
    lastAppliedSeq: acks[acks.length - 1],
  });
  return acks;
}

export function requestFit(store: FrameStore): void {
  store.setState({ fitRequest: store.getState().fitRequest + 1 });
}

/** Centre the view on one node, keeping the distance, or also moving in close when asked. */
export function requestFocus(store: FrameStore, node: number, closer = false): void {
  store.setState({ focusRequest: store.getState().focusRequest + 1, focusNode: node, focusCloser: closer });
}

/** The layout is about to change shape: keep it framed while it does. */
export function requestFollow(store: FrameStore): void {
  store.setState({ followRequest: store.getState().followRequest + 1 });
}

/** k nodes spread evenly over the graph, as [x, y, z] each (test hook and inspector). */
export function samplePositions(state: FrameState, k: number): [number, number, number][] {
  const n = state.topology?.nodeCount ?? 0;
  const out: [number, number, number][] = [];
  if (n === 0 || !state.hasFrame) return out;
  const count = Math.max(0, Math.min(k, n));
  for (let j = 0; j < count; j++) {
    const i = Math.floor((j * n) / count);
    out.push([state.positions[3 * i], state.positions[3 * i + 1], state.positions[3 * i + 2]]);
  }
  return out;
}
