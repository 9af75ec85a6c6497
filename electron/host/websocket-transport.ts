// ServerTransport over one `ws` WebSocket: strings are JSON control messages, binary messages are frames.
import WebSocket from 'ws';
import type { ClientMessage, ServerMessage } from '../../protocol/messages.js';
import type { ServerTransport } from '../../protocol/transport.js';
import { dispatchClientData } from './client-message-dispatch.js';

export class WebSocketTransport implements ServerTransport {
  private readonly messageHandlers = new Set<(m: ClientMessage) => void>();
  private readonly closeHandlers = new Set<() => void>();
  private terminateTimer: NodeJS.Timeout | undefined;

  constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const payload = isBinary ? data : data.toString();
      dispatchClientData(payload, this.messageHandlers, (m) => this.send(m));
    });
    socket.on('close', () => {
      clearTimeout(this.terminateTimer);
      for (const h of [...this.closeHandlers]) h();
      this.closeHandlers.clear();
      this.messageHandlers.clear();
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

  onMessage(handler: (message: ClientMessage) => void): () => void {
    this.messageHandlers.add(handler);
    return () => this.messageHandlers.delete(handler);
  }

  onClose(handler: () => void): () => void {
    this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(1001, 'host shutting down');
    // A peer that does not answer the close handshake must not keep the host alive.
    this.terminateTimer ??= setTimeout(() => this.socket.terminate(), 1000);
  }
}
