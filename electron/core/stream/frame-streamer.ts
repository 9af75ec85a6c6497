// Sends position frames to one client with flow control: at most MAX_IN_FLIGHT frames unacknowledged. Newer
// positions replace older unsent ones (counted as dropped), so a slow renderer sees the newest layout and never
// accumulates a queue. A transport that reports backpressure (`congested`: its socket holds more than the frame
// budget unsent) gets no frame either: the newest positions wait as pending until it drains. Encoding follows
// the frameQuantisation switch: uint16 inside the bounding box, or float32.
// With the sparseFrames switch on, the streamer keeps what the client holds (every frame it sent, as decoded)
// and sends only the nodes that moved beyond one quantum (a uint16 step of the box), or nothing while none
// did. A full frame (keyframe) follows a new graph, a graph delta, an encoding change, and every
// KEYFRAME_INTERVAL frames, so a client that missed one resynchronises.
import { type BoundingBox, computeBoundingBox, dequantise, encodeFrame, frameByteLength, FrameEncoding, quantise as quantiseValue } from '../../../protocol/frame.js';

export const MAX_IN_FLIGHT = 2;
/** Sparse frames between keyframes at most. */
export const KEYFRAME_INTERVAL = 64;
/** A sparse frame is sent only when it is at most this share of the full one (else the full one is simpler). */
const SPARSE_WORTH = 0.8;

export interface FrameSink {
  sendBinary(data: ArrayBuffer): void;
  /** True while the transport has more unsent than its frame budget (ServerTransportBase); absent: never. */
  readonly congested?: boolean;
  /** Called when a congested transport can take frames again; returns the unsubscribe. */
  onDrain?(handler: () => void): () => void;
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
    this.flush();
    return true;
  }

  /** A new graph: frames of the old one no longer matter, their acks are ignored. */
  reset(): void {
    this.inFlight.length = 0;
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
    if (!this.enabled || !this.pending || this.inFlight.length >= MAX_IN_FLIGHT) return;
    if (this.sink.congested) {
      this.figures.framesDeferred++;
      return; // skip, do not queue: the drain handler (or the next push) sends the newest positions
    }
    const { positions, nodeCount } = this.pending;
    this.pending = null;
    const labels = this.labels && this.labels.length >= nodeCount ? this.labels : undefined;
    this.labels = undefined;
    const encoding = this.quantise ? FrameEncoding.Uint16 : FrameEncoding.Float32;
    const t0 = performance.now();
    let changed: Uint32Array | undefined;
    let bbox: BoundingBox | undefined;
    if (this.sparse) {
      bbox = computeBoundingBox(positions, nodeCount);
      const moved = this.moved(positions, nodeCount, bbox);
      if (moved && moved.length === 0 && !labels) {
        this.figures.framesStill++;
        return; // nothing the client would see changed: no frame, nothing in flight
      }
      changed = moved && frameByteLength(nodeCount, encoding, !!labels, moved.length) <= SPARSE_WORTH * frameByteLength(nodeCount, encoding, !!labels) ? moved : undefined;
      this.remember(positions, nodeCount, bbox, encoding, changed);
    }
    const seq = ++this.seq;
    const frame = encodeFrame({ seq, positions, nodeCount, labels, encoding, changed, bbox });
    const dt = performance.now() - t0;
    // The first frame runs cold (JIT, first allocation): start the average from the second, or a layout that
    // settles after a few frames would show the cold time for good.
    this.figures.encodeMs = this.figures.framesSent <= 1 ? dt : this.figures.encodeMs * 0.9 + dt * 0.1;
    this.inFlight.push(seq);
    this.figures.bytesPerFrame = frame.byteLength;
    this.figures.bytesPerNode = nodeCount > 0 ? frame.byteLength / nodeCount : 0;
    this.figures.nodesPerFrame = changed ? changed.length : nodeCount;
    if (changed) this.figures.framesSparse++;
    this.figures.framesSent++;
    this.sink.sendBinary(frame);
  }

  /** Nodes that moved beyond a quantum from what the client holds (ascending); undefined: a keyframe is due. */
  private moved(positions: Float32Array, nodeCount: number, bbox: BoundingBox): Uint32Array | undefined {
    const held = this.client;
    if (!held || this.clientCount !== nodeCount || this.sinceKeyframe >= KEYFRAME_INTERVAL) return undefined;
    // One uint16 step of the widest axis: finer moves would not show in a quantised frame either.
    const extent = Math.max(bbox.max[0] - bbox.min[0], bbox.max[1] - bbox.min[1], bbox.max[2] - bbox.min[2]);
    const quantum = extent / 65535;
    const out: number[] = [];
    for (let i = 0, j = 0; i < nodeCount; i++, j += 3) {
      if (Math.abs(positions[j] - held[j]) > quantum || Math.abs(positions[j + 1] - held[j + 1]) > quantum || Math.abs(positions[j + 2] - held[j + 2]) > quantum) out.push(i);
    }
    return Uint32Array.from(out);
  }

  /** Updates what the client will hold once it decodes this frame (values as the decoder computes them). */
  private remember(positions: Float32Array, nodeCount: number, bbox: BoundingBox, encoding: FrameEncoding, changed: Uint32Array | undefined): void {
    if (!this.client || this.client.length < nodeCount * 3) this.client = new Float32Array(Math.max(nodeCount * 3, 3));
    const held = this.client;
    // The box as float32, exactly as encodeFrame writes it and the decoder reads it back.
    const lo = bbox.min.map(Math.fround), hi = bbox.max.map(Math.fround);
    const one = (i: number) => {
      for (let k = 0; k < 3; k++) {
        const v = positions[3 * i + k];
        held[3 * i + k] = encoding === FrameEncoding.Uint16 ? dequantise(quantiseValue(v, lo[k], hi[k]), lo[k], hi[k]) : v;
      }
    };
    if (changed) {
      for (let c = 0; c < changed.length; c++) one(changed[c]);
      this.sinceKeyframe++;
    } else {
      for (let i = 0; i < nodeCount; i++) one(i);
      this.clientCount = nodeCount;
      this.sinceKeyframe = 0;
    }
  }
}
