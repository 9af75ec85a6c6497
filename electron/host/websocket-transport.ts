// ServerTransport over one `ws` WebSocket: strings are JSON control messages, binary messages are frames.
import WebSocket from 'ws';
import type { ServerMessage } from '../../protocol/messages.js';
import { ServerTransportBase } from '../core/transport/server-transport-base.js';

export class WebSocketTransport extends ServerTransportBase {
  private terminateTimer: NodeJS.Timeout | undefined;

  constructor(private readonly socket: WebSocket) {
    super();
    socket.on('message', (data, isBinary) => this.receive(isBinary ? data : data.toString()));
    socket.on('close', () => {
      clearTimeout(this.terminateTimer);
      this.closed();
    });
    socket.on('error', () => socket.terminate());
  }

  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  send(message: ServerMessage): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  sendBinary(data: ArrayBuffer): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(data, { binary: true });
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(1001, 'host shutting down');
    // A peer that does not answer the close handshake must not keep the host alive.
    this.terminateTimer ??= setTimeout(() => this.socket.terminate(), 1000);
  }
}
