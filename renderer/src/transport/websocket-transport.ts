// ClientTransport over the browser host's WebSocket: JSON text for control messages, binary for frames.
import type { ClientMessage, ServerMessage } from '../../../protocol/messages.js';
import { parseServerMessage } from '../../../protocol/messages.js';
import type { ClientTransport } from '../../../protocol/transport.js';
import { Listeners } from '../../../protocol/listeners.js';

export class WebSocketTransport implements ClientTransport {
  private readonly socket: WebSocket;
  private readonly messages = new Listeners<ServerMessage>();
  private readonly binaries = new Listeners<ArrayBuffer>();
  private readonly closes = new Listeners<string>();
  private readonly opens = new Listeners<void>();
  /** Messages sent before the socket opened; flushed on open so callers need not wait. */
  private queue: string[] = [];
  private opened = false;
  private closed = false;

  constructor(url: string, private readonly onBadMessage: (error: Error) => void) {
    this.socket = new WebSocket(url);
    this.socket.binaryType = 'arraybuffer';
    this.socket.onopen = () => {
      this.opened = true;
      for (const text of this.queue) this.socket.send(text);
      this.queue = [];
      this.opens.emit();
    };
    this.socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') {
        let message: ServerMessage;
        try {
          message = parseServerMessage(event.data);
        } catch (error) {
          this.onBadMessage(error as Error);
          return;
        }
        this.messages.emit(message);
      } else if (event.data instanceof ArrayBuffer) {
        this.binaries.emit(event.data);
      }
    };
    this.socket.onclose = (event: CloseEvent) => {
      if (this.closed) return;
      this.closed = true;
      // A socket that never opened was refused (wrong token, wrong origin) or the host is gone.
      const reason = this.opened
        ? `connection closed${event.reason ? `: ${event.reason}` : ` (code ${event.code})`}`
        : `refused${event.reason ? `: ${event.reason}` : ''}`;
      this.closes.emit(reason);
    };
  }

  /** True once the socket has opened at least once. */
  get wasOpened(): boolean {
    return this.opened;
  }

  onOpen(handler: () => void): () => void {
    return this.opens.add(handler);
  }

  send(message: ClientMessage): void {
    const text = JSON.stringify(message);
    if (this.closed) return;
    if (!this.opened) this.queue.push(text);
    else this.socket.send(text);
  }

  onMessage(handler: (message: ServerMessage) => void): () => void {
    return this.messages.add(handler);
  }

  onBinary(handler: (data: ArrayBuffer) => void): () => void {
    return this.binaries.add(handler);
  }

  onClose(handler: (reason: string) => void): () => void {
    return this.closes.add(handler);
  }

  close(): void {
    if (!this.closed) this.socket.close(1000, 'window closed');
    this.closed = true;
    this.messages.clear();
    this.binaries.clear();
    this.closes.clear();
    this.opens.clear();
  }
}

/** The browser host serves the page at /?token=...; the socket lives at /ws with the same token. */
export function browserHostSocketUrl(location: Location): { url: string; token: string | null } {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { url: `${scheme}//${location.host}/ws?token=${encodeURIComponent(token ?? '')}`, token };
}
