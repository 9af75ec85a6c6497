// ServerTransport over an Electron MessagePortMain: strings are JSON control messages, ArrayBuffers are frames.
// (Electron copies buffers between processes; only ports transfer, so bytes per frame matter here.)
import type { MessagePortMain } from 'electron';
import type { ClientMessage, ServerMessage } from '../../protocol/messages.js';
import type { ServerTransport } from '../../protocol/transport.js';
import { dispatchClientData } from '../host/client-message-dispatch.js';

export class MessagePortTransport implements ServerTransport {
  private readonly messageHandlers = new Set<(m: ClientMessage) => void>();
  private readonly closeHandlers = new Set<() => void>();
  private closed = false;

  constructor(private readonly port: MessagePortMain) {
    port.on('message', (event) => dispatchClientData(event.data, this.messageHandlers, (m) => this.send(m)));
    port.on('close', () => this.markClosed());
    port.start();
  }

  /** Electron does not expose what a port has queued. */
  readonly bufferedBytes = 0;

  send(message: ServerMessage): void {
    if (!this.closed) this.port.postMessage(JSON.stringify(message));
  }

  sendBinary(data: ArrayBuffer): void {
    if (!this.closed) this.port.postMessage(data);
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
    if (this.closed) return;
    this.port.close();
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const h of [...this.closeHandlers]) h();
    this.closeHandlers.clear();
    this.messageHandlers.clear();
  }
}
