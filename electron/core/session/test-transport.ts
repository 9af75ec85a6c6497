// A ServerTransport that lives in this process, for tests of the session without a socket: what the session
// sends is recorded, and what a "renderer" sends goes through the same validation as on every real transport.
import type { ServerMessage } from '../../../protocol/messages.js';
import { ServerTransportBase } from '../transport/server-transport-base.js';

export class InProcessTransport extends ServerTransportBase {
  readonly messages: ServerMessage[] = [];
  readonly binaries: ArrayBuffer[] = [];
  private waiters: Array<{ test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }> = [];
  bufferedBytes = 0;
  isClosed = false;

  protected get open(): boolean {
    return !this.isClosed;
  }

  protected write(data: string | ArrayBuffer): void {
    if (typeof data !== 'string') {
      this.binaries.push(data);
      return;
    }
    // Through JSON, as on a wire: nothing the session keeps can leak by reference.
    const m = JSON.parse(data) as ServerMessage;
    this.messages.push(m);
    this.waiters = this.waiters.filter((w) => (w.test(m) ? (w.resolve(m), false) : true));
  }

  protected disconnect(): void {
    this.close();
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closed();
  }

  /** What a renderer would send. */
  fromClient(message: unknown): void {
    this.receive(JSON.stringify(message));
  }

  /** The next message (from now on) that passes `test`. */
  next<T extends ServerMessage['type']>(type: T, test: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true, timeoutMs = 20_000): Promise<Extract<ServerMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        test: (m) => m.type === type && test(m as Extract<ServerMessage, { type: T }>),
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Extract<ServerMessage, { type: T }>);
        },
      });
    });
  }
}
