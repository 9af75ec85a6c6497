// ServerTransport over one `ws` WebSocket: strings are JSON control messages, binary messages are frames.
import WebSocket from 'ws';
import { ServerTransportBase } from '../core/transport/server-transport-base.js';

/** How long a peer gets to answer our close handshake before its socket is destroyed. */
const CLOSE_GRACE_MS = 1000;
/** A client refused for not reading gets longer: it may be paused (a debugger, a frozen tab) and read the
 *  reason when it wakes; its backlog is already bounded by the send budget. */
const REFUSED_CLOSE_GRACE_MS = 5000;
/** A binary message bigger than this goes out as fragments of this size, one per event-loop turn: `ws` hands a
 *  whole message to the socket synchronously, and copying a 3 MB frame into the kernel blocked the loop for
 *  1-5 ms (up to 19 ms) at 300k nodes. Messages queued behind it wait, as a fragmented message must not be
 *  interleaved with another. */
export const FRAGMENT_BYTES = 256 * 1024;

type Queued = { data: string | ArrayBuffer; offset: number };

export class WebSocketTransport extends ServerTransportBase {
  private terminateTimer: NodeJS.Timeout | undefined;
  private readonly afterWrite = () => this.written();
  /** Messages waiting behind a fragmented one, the head possibly part-sent; their bytes count as buffered. */
  private readonly queue: Queued[] = [];
  private queuedBytes = 0;
  private pumpScheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly socket: WebSocket,
    log?: (message: string) => void,
  ) {
    super(log);
    socket.on('message', (data, isBinary) => this.receive(isBinary ? data : data.toString()));
    socket.on('close', () => {
      clearTimeout(this.terminateTimer);
      this.dropQueue();
      this.closed();
    });
    // A protocol error (oversized message, bad UTF-8, bad frame): `ws` has already sent the close frame with its
    // code (and our reason, protocol-error-close.ts); log it and give the peer the grace to read it.
    socket.on('error', (err) => {
      this.log(`closed a client connection: ${err.message}`);
      this.closeWith(1011, 'connection error', CLOSE_GRACE_MS);
    });
  }

  get bufferedBytes(): number {
    return this.socket.bufferedAmount + this.queuedBytes;
  }

  protected get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  protected write(data: string | ArrayBuffer): void {
    const size = typeof data === 'string' ? data.length : data.byteLength;
    if (this.queue.length === 0 && (typeof data === 'string' || size <= FRAGMENT_BYTES)) {
      this.socket.send(data, { binary: typeof data !== 'string' }, this.afterWrite);
      return;
    }
    this.queue.push({ data, offset: 0 });
    this.queuedBytes += size;
    this.schedulePump();
  }

  private schedulePump(): void {
    this.pumpScheduled ??= setImmediate(() => {
      this.pumpScheduled = undefined;
      this.pump();
    });
  }

  /** Sends the next fragment (or the next whole message) of the queue, then yields the loop. */
  private pump(): void {
    const head = this.queue[0];
    if (!head || !this.open) return this.dropQueue();
    if (typeof head.data === 'string') {
      this.queue.shift();
      this.queuedBytes -= head.data.length;
      this.socket.send(head.data, { binary: false }, this.afterWrite);
    } else {
      const end = Math.min(head.data.byteLength, head.offset + FRAGMENT_BYTES);
      const fin = end === head.data.byteLength;
      this.socket.send(Buffer.from(head.data, head.offset, end - head.offset), { binary: true, fin }, fin ? this.afterWrite : undefined);
      this.queuedBytes -= end - head.offset;
      head.offset = end;
      if (fin) this.queue.shift();
    }
    if (this.queue.length) this.schedulePump();
  }

  private dropQueue(): void {
    this.queue.length = 0;
    this.queuedBytes = 0;
    if (this.pumpScheduled) clearImmediate(this.pumpScheduled);
    this.pumpScheduled = undefined;
  }

  protected disconnect(code: number, reason: string): void {
    this.closeWith(code, reason, REFUSED_CLOSE_GRACE_MS);
  }

  close(): void {
    this.closeWith(1001, 'host shutting down', CLOSE_GRACE_MS);
  }

  private closeWith(code: number, reason: string, graceMs: number): void {
    this.dropQueue();
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(code, reason);
    // A peer that does not answer the close handshake must not keep the host (or its backlog) alive.
    this.terminateTimer ??= setTimeout(() => this.socket.terminate(), graceMs);
  }
}
