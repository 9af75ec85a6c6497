// What both server transports (WebSocket, Electron MessagePort) share: handler bookkeeping and the rule that
// text is a JSON control message, validated here; anything malformed is answered with an `error` naming the
// problem, and the connection stays open.
import { MessageError, parseClientMessage, type ClientMessage, type ServerMessage } from '../../../protocol/messages.js';
import type { ServerTransport } from '../../../protocol/transport.js';

export abstract class ServerTransportBase implements ServerTransport {
  private readonly messageHandlers = new Set<(m: ClientMessage) => void>();
  private readonly closeHandlers = new Set<() => void>();

  abstract readonly bufferedBytes: number;
  abstract send(message: ServerMessage): void;
  abstract sendBinary(data: ArrayBuffer): void;
  abstract close(): void;

  onMessage(handler: (message: ClientMessage) => void): () => void {
    this.messageHandlers.add(handler);
    return () => this.messageHandlers.delete(handler);
  }

  onClose(handler: () => void): () => void {
    this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  /** Called by a subclass with whatever arrived from the renderer. */
  protected receive(data: unknown): void {
    if (typeof data !== 'string') {
      this.send({ type: 'error', message: 'bad message: the renderer sends only JSON text messages, got binary data' });
      return;
    }
    let message: ClientMessage;
    try {
      message = parseClientMessage(data);
    } catch (err) {
      this.send({ type: 'error', message: err instanceof MessageError ? err.message : `bad message: ${String(err)}` });
      return;
    }
    for (const h of this.messageHandlers) h(message);
  }

  /** Called by a subclass once the connection has ended; handlers run once and are dropped. */
  protected closed(): void {
    for (const h of [...this.closeHandlers]) h();
    this.closeHandlers.clear();
    this.messageHandlers.clear();
  }
}
