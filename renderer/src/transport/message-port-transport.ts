// ClientTransport over the MessagePort the Electron preload hands to the window.
import type { ClientMessage, ServerMessage } from '../../../protocol/messages.js';
import { parseServerMessage } from '../../../protocol/messages.js';
import type { ClientTransport } from '../../../protocol/transport.js';
import { Listeners } from '../../../protocol/listeners.js';

export class MessagePortTransport implements ClientTransport {
  private readonly messages = new Listeners<ServerMessage>();
  private readonly binaries = new Listeners<ArrayBuffer>();
  private readonly closes = new Listeners<string>();
  private closed = false;

  constructor(private readonly port: MessagePort, private readonly onBadMessage: (error: Error) => void) {
    port.onmessage = (event: MessageEvent) => {
      const data: unknown = event.data;
      if (typeof data === 'string') {
        let message: ServerMessage;
        try {
          message = parseServerMessage(data);
        } catch (error) {
          this.onBadMessage(error as Error);
          return;
        }
        this.messages.emit(message);
      } else if (data instanceof ArrayBuffer) {
        this.binaries.emit(data);
      } else if (ArrayBuffer.isView(data)) {
        // Structured clone of a Node Buffer arrives as a Uint8Array view: copy out exactly its bytes.
        const view = data as ArrayBufferView;
        this.binaries.emit(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer);
      }
    };
    // Chromium fires 'close' on an entangled port when the other end goes away.
    port.addEventListener('close', () => this.finish('the main process closed the channel'));
    port.start();
  }

  send(message: ClientMessage): void {
    if (!this.closed) this.port.postMessage(JSON.stringify(message));
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
    this.finish('window closed');
    this.port.close();
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closes.emit(reason);
    this.messages.clear();
    this.binaries.clear();
    this.closes.clear();
  }
}

declare global {
  interface Window {
    /** Set by the Electron preload through contextBridge; absent in the browser host. */
    forcelab?: { host: 'electron' };
  }
}

/** Resolves with the port the preload posts as a window message 'forcelab:port'. */
export function waitForElectronPort(target: Window): Promise<MessagePort> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if (event.data === 'forcelab:port' && event.ports[0]) {
        target.removeEventListener('message', onMessage);
        resolve(event.ports[0]);
      }
    };
    target.addEventListener('message', onMessage);
  });
}
