// ServerTransport over an Electron MessagePortMain: strings are JSON control messages, ArrayBuffers are frames.
// (Electron copies buffers between processes; only ports transfer, so bytes per frame matter here.)
import type { MessagePortMain } from 'electron';
import { ServerTransportBase } from '../core/transport/server-transport-base.js';

export class MessagePortTransport extends ServerTransportBase {
  private isClosed = false;

  constructor(private readonly port: MessagePortMain) {
    super();
    port.on('message', (event) => this.receive(event.data));
    port.on('close', () => this.markClosed());
    port.start();
  }

  /** Electron does not expose what a port has queued, so the send budget never trips here. */
  readonly bufferedBytes = 0;

  protected get open(): boolean {
    return !this.isClosed;
  }

  protected write(data: string | ArrayBuffer): void {
    this.port.postMessage(data);
  }

  protected disconnect(): void {
    this.close();
  }

  close(): void {
    if (this.isClosed) return;
    this.port.close();
    this.markClosed();
  }

  private markClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closed();
  }
}
