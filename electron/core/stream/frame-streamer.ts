// Sends position frames to one client with flow control: at most MAX_IN_FLIGHT frames unacknowledged. Newer
// positions replace older unsent ones (counted as dropped), so a slow renderer sees the newest layout and never
// accumulates a queue. A transport that reports backpressure (`congested`: its socket holds more than the frame
// budget unsent) gets no frame either: the newest positions wait as pending until it drains. Encoding follows
// the frameQuantisation switch: uint16 inside the bounding box, or float32.
import { encodeFrame, FrameEncoding } from '../../../protocol/frame.js';

export const MAX_IN_FLIGHT = 2;

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
}

export class FrameStreamer {
  private seq = 0;
  private readonly inFlight: number[] = [];
  /** Latest positions not yet sent; the caller may keep writing into the same array, newest data wins. */
  private pending: { positions: Float32Array; nodeCount: number } | null = null;
  /** Cluster labels ride on the next frame sent, once: the renderer keeps them until they change. */
  private labels: Uint32Array | undefined;
  private enabled = true;
  private figures: StreamerFigures = { bytesPerFrame: 0, framesInFlight: 0, framesDropped: 0, framesSent: 0, framesDeferred: 0, encodeMs: 0 };

  constructor(
    private readonly sink: FrameSink,
    private quantise = true,
  ) {
    // The transport owns the subscription: it drops its drain handlers when it closes.
    sink.onDrain?.(() => this.flush());
  }

  setQuantisation(on: boolean): void {
    this.quantise = on;
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
    const seq = ++this.seq;
    const t0 = performance.now();
    const frame = encodeFrame({ seq, positions, nodeCount, labels, encoding: this.quantise ? FrameEncoding.Uint16 : FrameEncoding.Float32 });
    const dt = performance.now() - t0;
    // The first frame runs cold (JIT, first allocation): start the average from the second, or a layout that
    // settles after a few frames would show the cold time for good.
    this.figures.encodeMs = this.figures.framesSent <= 1 ? dt : this.figures.encodeMs * 0.9 + dt * 0.1;
    this.inFlight.push(seq);
    this.figures.bytesPerFrame = frame.byteLength;
    this.figures.framesSent++;
    this.sink.sendBinary(frame);
  }
}
