// Sends position frames to one client with flow control: at most MAX_IN_FLIGHT frames unacknowledged. Newer
// positions replace older unsent ones (counted as dropped), so a slow renderer sees the newest layout and never
// accumulates a queue. A transport that reports backpressure (`congested`: its socket holds more than the frame
// budget unsent) gets no frame either: the newest positions wait as pending until it drains. Encoding follows
// the frameQuantisation switch: uint16 inside the bounding box, or float32.
// With the sparseFrames switch on, the streamer keeps what the client holds (every frame it sent, as decoded)
// and sends only the nodes that moved beyond one quantum (a uint16 step of the box), or nothing while none
// did. A full frame (keyframe) follows a new graph, a graph delta, an encoding change, and every
// KEYFRAME_INTERVAL frames, so a client that missed one resynchronises.
// A frame of more than SLICE_NODES nodes is written a slice per turn of the event loop from a copy of the
// positions (the main loop is never held for a whole 300k-node frame); one frame is written at a time, newer
// positions wait as pending, and a frame that a reset or keyframe made unfit while it was written is dropped.
import { type BoundingBox, frameByteLength, FrameEncoding, FrameWriter } from '../../../protocol/frame.js';

export const MAX_IN_FLIGHT = 2;
/** Sparse frames between keyframes at most. */
export const KEYFRAME_INTERVAL = 64;
/** A sparse frame is sent only when it is at most this share of the full one (else the full one is simpler). */
const SPARSE_WORTH = 0.8;
/** Nodes written per turn of the event loop: a bigger frame is written across turns (a few tenths of a ms each), so
 *  streaming a 300k-node graph never holds the main loop for the whole frame. */
export const SLICE_NODES = 16_384;

export interface FrameSink {
  sendBinary(data: ArrayBuffer): void;
  /** True while the transport has more unsent than its frame budget (ServerTransportBase); absent: never. */
  readonly congested?: boolean;
  /** Called when a congested transport can take frames again; returns the unsubscribe. */
  onDrain?(handler: () => void): () => void;
  /** A frame's bytes are out of the sender's hands once the client acks it (the socket wrote them, or the port
   *  copied them): the streamer may write the next frame into its buffer. Absent: every frame gets a new one. */
  readonly recyclesFrames?: boolean;
}

export interface StreamerFigures {
  bytesPerFrame: number;
  framesInFlight: number;
  framesDropped: number;
  framesSent: number;
  /** Times a frame was due but the transport was congested (its positions waited, newest winning). */
  framesDeferred: number;
  /** Mean milliseconds to encode a frame, the CPU side of the quantisation trade-off. */
  encodeMs: number;
  /** Nodes the newest frame carried (all of them in a full frame). */
  nodesPerFrame: number;
  /** Bytes per node of the graph in the newest frame sent. */
  bytesPerNode: number;
  /** Positions offered that moved no node beyond a quantum, so no frame was sent (sparse only). */
  framesStill: number;
  /** Sparse frames sent. */
  framesSparse: number;
}

export class FrameStreamer {
  private seq = 0;
  private readonly inFlight: number[] = [];
  /** Latest positions not yet sent; the caller may keep writing into the same array, newest data wins. */
  private pending: { positions: Float32Array; nodeCount: number } | null = null;
  /** Cluster labels ride on the next frame sent, once: the renderer keeps them until they change. */
  private labels: Uint32Array | undefined;
  private enabled = true;
  private figures: StreamerFigures = {
    bytesPerFrame: 0, framesInFlight: 0, framesDropped: 0, framesSent: 0, framesDeferred: 0, encodeMs: 0,
    nodesPerFrame: 0, bytesPerNode: 0, framesStill: 0, framesSparse: 0,
  };
  /** What the client holds after decoding every frame sent (sparse mode only); null: the next frame is full. */
  private client: Float32Array | null = null;
  private clientCount = 0;
  private sinceKeyframe = 0;
  /** A sliced frame is being written: flush waits for it. */
  private busy = false;
  /** Bumps on everything that makes a frame being written unfit to send (reset, keyframe, encoding, mode). */
  private generation = 0;
  /** The positions a sliced frame is written from (the caller reuses its array). */
  private snapshot = new Float32Array(0);
  private moved = new Uint32Array(0);
  /** Full frames in flight by seq, and the buffers of acked ones, to write the next frames into: at 300k nodes
   *  a new 1.9 MB buffer per frame made V8 run a full GC every few seconds (external memory), 20-50 ms each. */
  private readonly frameBuffers = new Map<number, ArrayBuffer>();
  private spare: ArrayBuffer[] = [];

  constructor(
    private readonly sink: FrameSink,
    private quantise = true,
    private sparse = false,
  ) {
    // The transport owns the subscription: it drops its drain handlers when it closes.
    sink.onDrain?.(() => this.flush());
  }

  setQuantisation(on: boolean): void {
    if (on !== this.quantise) this.keyframe(); // what the client holds was decoded with the other encoding
    this.quantise = on;
  }

  setSparse(on: boolean): void {
    this.sparse = on;
    this.keyframe();
    if (!on) this.client = null; // its memory goes with the mode
  }

  /** The next frame carries every node (e.g. after a graph delta moved indices). */
  keyframe(): void {
    this.clientCount = -1;
    this.generation++;
  }

  /** Offers new positions; sends now if the window allows, else keeps them as the pending newest. */
  push(positions: Float32Array, nodeCount: number): void {
    if (this.pending) this.figures.framesDropped++;
    this.pending = { positions, nodeCount };
    this.flush();
  }

  /** New cluster labels (one per node) for the next frame; they survive dropped frames. */
  setLabels(labels: Uint32Array | undefined): void {
    this.labels = labels;
  }

  /** The client drew frame `seq`: it and anything older are no longer in flight. */
  ack(seq: number): boolean {
    const before = this.inFlight.length;
    for (let i = this.inFlight.length - 1; i >= 0; i--) if (this.inFlight[i] <= seq) this.inFlight.splice(i, 1);
    if (this.inFlight.length === before) return false;
    for (const [s, buffer] of this.frameBuffers) {
      if (s > seq) continue;
      this.frameBuffers.delete(s);
      if (this.spare.length < MAX_IN_FLIGHT) this.spare.push(buffer);
    }
    this.flush();
    return true;
  }

  /** A new graph: frames of the old one no longer matter, their acks are ignored. */
  reset(): void {
    this.inFlight.length = 0;
    this.frameBuffers.clear(); // unacked: the client may still be reading them
    this.spare = [];
    this.pending = null;
    this.labels = undefined;
    this.keyframe();
  }

  /** Frames stop (e.g. before hello, or while the client is gone) without losing the counters. */
  setEnabled(on: boolean): void {
    this.enabled = on;
    if (on) this.flush();
  }

  get framesInFlight(): number {
    return this.inFlight.length;
  }

  stats(): StreamerFigures {
    return { ...this.figures, framesInFlight: this.inFlight.length };
  }

  private flush(): void {
    if (this.busy || !this.enabled || !this.pending || this.inFlight.length >= MAX_IN_FLIGHT) return;
    if (this.sink.congested) {
      this.figures.framesDeferred++;
      return; // skip, do not queue: the drain handler (or the next push) sends the newest positions
    }
    const { positions, nodeCount } = this.pending;
    this.pending = null;
    const labels = this.labels && this.labels.length >= nodeCount ? this.labels : undefined;
    this.labels = undefined;
    const sliced = nodeCount > SLICE_NODES;
    const work = this.build(positions, nodeCount, labels, sliced);
    if (!sliced) {
      const t0 = performance.now();
      let r = work.next();
      while (!r.done) r = work.next();
      this.sent(r.value, performance.now() - t0);
      return;
    }
    this.runSliced(work, labels);
  }

  /** A big frame, one slice per turn of the event loop, so no turn is held for the whole frame. */
  private runSliced(work: Generator<void, Built | null>, labels: Uint32Array | undefined): void {
    this.busy = true;
    const generation = this.generation;
    let busyMs = 0;
    const turn = () => {
      const t0 = performance.now();
      const r = work.next();
      busyMs += performance.now() - t0;
      if (this.generation !== generation || !this.enabled) {
        // A reset, keyframe or encoding change while it was written: the frame no longer fits what the client
        // holds. Dropped; the labels it carried wait for the next one.
        work.return(null);
        this.busy = false;
        this.labels ??= labels;
        this.flush();
        return;
      }
      if (!r.done) {
        setImmediate(turn);
        return;
      }
      this.busy = false;
      this.sent(r.value, busyMs);
      this.flush();
    };
    turn();
  }

  private sent(built: Built | null, ms: number): void {
    if (!built) return; // still: nothing to send
    // The first frame runs cold (JIT, first allocation): start the average from the second, or a layout that
    // settles after a few frames would show the cold time for good.
    this.figures.encodeMs = this.figures.framesSent <= 1 ? ms : this.figures.encodeMs * 0.9 + ms * 0.1;
    this.inFlight.push(built.seq);
    if (this.sink.recyclesFrames && built.changed === undefined) this.frameBuffers.set(built.seq, built.frame);
    this.figures.bytesPerFrame = built.frame.byteLength;
    this.figures.bytesPerNode = built.nodeCount > 0 ? built.frame.byteLength / built.nodeCount : 0;
    this.figures.nodesPerFrame = built.changed ?? built.nodeCount;
    if (built.changed !== undefined) this.figures.framesSparse++;
    this.figures.framesSent++;
    this.sink.sendBinary(built.frame);
  }

  /**
   * Writes one frame, yielding between node slices: the box, then (sparse) the nodes that moved beyond a
   * quantum from what the client holds, then the values, updating what the client will hold as it goes.
   * Returns null when nothing moved (sparse, no labels due). `sliced`: the caller may write into `source`
   * before this ends, so it works on its own copy.
   */
  private *build(source: Float32Array, nodeCount: number, labels: Uint32Array | undefined, sliced: boolean): Generator<void, Built | null> {
    const n3 = nodeCount * 3;
    let positions = source;
    if (sliced) {
      if (this.snapshot.length < n3) this.snapshot = new Float32Array(n3);
      this.snapshot.set(source.subarray(0, n3));
      positions = this.snapshot;
      yield;
    }
    const box = new Float64Array([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]);
    for (let s = 0; s < nodeCount; s += SLICE_NODES) {
      const end = Math.min(nodeCount, s + SLICE_NODES);
      growBox(positions, s, end, box);
      if (end < nodeCount) yield;
    }
    const bbox: BoundingBox = nodeCount ? { min: [box[0], box[1], box[2]], max: [box[3], box[4], box[5]] } : { min: [0, 0, 0], max: [0, 0, 0] };
    const encoding = this.quantise ? FrameEncoding.Uint16 : FrameEncoding.Float32;
    let changed: Uint32Array | undefined;
    const held = this.client;
    if (this.sparse && held && this.clientCount === nodeCount && held.length >= n3 && this.sinceKeyframe < KEYFRAME_INTERVAL) {
      // One uint16 step of the widest axis: finer moves would not show in a quantised frame either.
      const quantum = Math.max(box[3] - box[0], box[4] - box[1], box[5] - box[2]) / 65535;
      if (this.moved.length < nodeCount) this.moved = new Uint32Array(nodeCount);
      const moved = this.moved;
      let count = 0;
      for (let s = 0; s < nodeCount; s += SLICE_NODES) {
        const end = Math.min(nodeCount, s + SLICE_NODES);
        count = findMoved(positions, held, s, end, quantum, moved, count);
        if (end < nodeCount) yield;
      }
      if (count === 0 && !labels) {
        this.figures.framesStill++;
        return null; // nothing the client would see changed: no frame, nothing in flight
      }
      if (frameByteLength(nodeCount, encoding, !!labels, count) <= SPARSE_WORTH * frameByteLength(nodeCount, encoding, !!labels)) changed = moved.subarray(0, count);
    }
    let into: Float32Array | undefined;
    if (this.sparse) {
      if (!this.client || this.client.length < n3) this.client = new Float32Array(Math.max(n3, 3));
      into = this.client;
    }
    const reuse = !changed && this.sink.recyclesFrames ? this.spare.pop() : undefined;
    const writer = new FrameWriter({ seq: ++this.seq, nodeCount, encoding, bbox, labels, changed, reuse });
    const total = changed ? changed.length : nodeCount;
    for (let s = 0; s < total; s += SLICE_NODES) {
      const end = Math.min(total, s + SLICE_NODES);
      if (changed) writer.writeSparse(positions, s, end, into);
      else writer.writeFull(positions, s, end, into);
      if (end < total) yield;
    }
    if (this.sparse) {
      if (changed) this.sinceKeyframe++;
      else {
        this.clientCount = nodeCount;
        this.sinceKeyframe = 0;
      }
    }
    return { seq: this.seq, frame: writer.buffer, nodeCount, changed: changed?.length };
  }
}

interface Built {
  seq: number;
  frame: ArrayBuffer;
  nodeCount: number;
  /** Nodes carried when sparse. */
  changed: number | undefined;
}

// The loops live outside the generator: a generator's locals that live across a yield are boxed, so doubles
// computed in it would allocate per node; these plain functions are optimised like any hot loop.

/** Widens box (minX minY minZ maxX maxY maxZ) by nodes [from, to). */
function growBox(positions: Float32Array, from: number, to: number, box: Float64Array): void {
  let minX = box[0], minY = box[1], minZ = box[2], maxX = box[3], maxY = box[4], maxZ = box[5];
  for (let j = 3 * from; j < 3 * to; j += 3) {
    const x = positions[j], y = positions[j + 1], z = positions[j + 2];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
  }
  box[0] = minX;
  box[1] = minY;
  box[2] = minZ;
  box[3] = maxX;
  box[4] = maxY;
  box[5] = maxZ;
}

/** Appends to `moved` (from index `count`) the nodes of [from, to) further than `quantum` from `held`; the new count. */
function findMoved(positions: Float32Array, held: Float32Array, from: number, to: number, quantum: number, moved: Uint32Array, count: number): number {
  for (let i = from, j = 3 * from; i < to; i++, j += 3) {
    if (Math.abs(positions[j] - held[j]) > quantum || Math.abs(positions[j + 1] - held[j + 1]) > quantum || Math.abs(positions[j + 2] - held[j + 2]) > quantum) moved[count++] = i;
  }
  return count;
}
