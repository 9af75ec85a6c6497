// ServerTransport over one `ws` WebSocket: strings are JSON control messages, binary messages are frames.
import WebSocket from 'ws';
import { ServerTransportBase } from '../core/transport/server-transport-base.js';

/** How long a peer gets to answer our close handshake before its socket is destroyed. */
const CLOSE_GRACE_MS = 1000;
/** A client refused for not reading gets longer: it may be paused (a debugger, a frozen tab) and read the
 *  reason when it wakes; its backlog is already bounded by the send budget. */
const REFUSED_CLOSE_GRACE_MS = 5000;

export class WebSocketTransport extends ServerTransportBase {
  private terminateTimer: NodeJS.Timeout | undefined;
  private readonly afterWrite = () => this.written();

  constructor(
    private readonly socket: WebSocket,
    log?: (message: string) => void,
  ) {
    super(log);
    socket.on('message', (data, isBinary) => this.receive(isBinary ? data : data.toString()));
    socket.on('close', () => {
      clearTimeout(this.terminateTimer);
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
    return this.socket.bufferedAmount;
  }

  protected get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  protected write(data: string | ArrayBuffer): void {
    this.socket.send(data, { binary: typeof data !== 'string' }, this.afterWrite);
  }

  protected disconnect(code: number, reason: string): void {
    this.closeWith(code, reason, REFUSED_CLOSE_GRACE_MS);
  }

  close(): void {
    this.closeWith(1001, 'host shutting down', CLOSE_GRACE_MS);
  }

  private closeWith(code: number, reason: string, graceMs: number): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(code, reason);
    // A peer that does not answer the close handshake must not keep the host (or its backlog) alive.
    this.terminateTimer ??= setTimeout(() => this.socket.terminate(), graceMs);
  }
}
