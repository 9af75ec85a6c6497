// A ServerTransport inside this process, for a client that is not a window: the session tests and the bench
// drive the session through it. What a "client" sends goes through the same validation as on every transport.
import type { ServerMessage } from '../../../protocol/messages.js';
import { Listeners } from '../../../protocol/listeners.js';
import { ServerTransportBase } from '../transport/server-transport-base.js';

export class InProcessTransport extends ServerTransportBase {
  /** Tests keep the frames they were sent (binaries), so their buffers must not be written over; a client that
   *  drops them (the bench) passes true and gets what a socket client gets. */
  override readonly recyclesFrames: boolean;

  constructor(opts: { recycleFrames?: boolean } = {}) {
    super();
    this.recyclesFrames = opts.recycleFrames ?? false;
  }

  readonly messages: ServerMessage[] = [];
  readonly binaries: ArrayBuffer[] = [];
  private waiters: Array<{ test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }> = [];
  private readonly binaryListeners = new Listeners<ArrayBuffer>();
  bufferedBytes = 0;

  /** Each binary message (graph payload, frame) as it is sent. */
  onBinary(handler: (data: ArrayBuffer) => void): () => void {
    return this.binaryListeners.add(handler);
  }
  isClosed = false;

  protected get open(): boolean {
    return !this.isClosed;
  }

  protected write(data: string | ArrayBuffer): void {
    if (typeof data !== 'string') {
      this.binaries.push(data);
      this.binaryListeners.emit(data);
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
