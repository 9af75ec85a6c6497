// One duplex channel between main and renderer: JSON control messages and binary payloads.
// Implemented over MessagePort (Electron) and WebSocket (browser host).
import type { ClientMessage, ServerMessage } from './messages.js';

/** The main-process end. */
export interface ServerTransport {
  send(message: ServerMessage): void;
  sendBinary(data: ArrayBuffer): void;
  /** Bytes queued but not yet written, where the transport knows (WebSocket bufferedAmount). */
  readonly bufferedBytes: number;
  onMessage(handler: (message: ClientMessage) => void): () => void;
  onClose(handler: () => void): () => void;
  close(): void;
}

/** The renderer end. */
export interface ClientTransport {
  send(message: ClientMessage): void;
  onMessage(handler: (message: ServerMessage) => void): () => void;
  onBinary(handler: (data: ArrayBuffer) => void): () => void;
  onClose(handler: (reason: string) => void): () => void;
  close(): void;
}
