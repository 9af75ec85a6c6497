// What both server transports (WebSocket, Electron MessagePort) share: handler bookkeeping, the rule that text
// is a JSON control message, validated here (anything malformed is answered with an `error` naming the problem,
// and the connection stays open), and the send budget (send-budget.ts) for a client that stops reading.
import { MessageError, parseClientMessage, type ClientMessage, type ServerMessage } from '../../../protocol/messages.js';
import type { ServerTransport } from '../../../protocol/transport.js';
import { Listeners } from '../../../protocol/listeners.js';
import { SendBudget } from './send-budget.js';

/** WebSocket close code for a client refused for what it did (RFC 6455 1008, policy violation). */
export const CLOSE_POLICY_VIOLATION = 1008;

export abstract class ServerTransportBase implements ServerTransport {
  private readonly messageHandlers = new Listeners<ClientMessage>();
  private readonly closeHandlers = new Listeners<void>();
  private readonly drainHandlers = new Listeners<void>();
  private readonly budget = new SendBudget();
  /** Why this client was refused; from then on nothing is sent or received. */
  private refusal: string | undefined;

  /** @param log where a refused client is reported (it cannot be told over its own full socket in time). */
  constructor(protected readonly log: (message: string) => void = (m) => console.error(m)) {}

  abstract readonly bufferedBytes: number;
  /** The client acks a frame only after it received all of it: its buffer may then be written over
   *  (FrameSink.recyclesFrames). A transport that keeps what it sent says false. */
  readonly recyclesFrames: boolean = true;
  abstract close(): void;
  /** Whether the peer can still be written to. */
  protected abstract get open(): boolean;
  /** Hands one message to the connection; calls `written()` when it has left the process, where it can tell. */
  protected abstract write(data: string | ArrayBuffer): void;
  /** Ends the connection, telling the peer why where the channel can carry a reason. */
  protected abstract disconnect(code: number, reason: string): void;

  /** More than the frame budget is waiting to be written: a frame now would only queue behind it. */
  get congested(): boolean {
    return this.refusal !== undefined || this.bufferedBytes > this.budget.frameBytes;
  }

  /** Why the client was disconnected by the send budget, if it was. */
  get refusedFor(): string | undefined {
    return this.refusal;
  }

  send(message: ServerMessage): void {
    if (!this.open || this.refusal) return; // before stringifying: a names message can be megabytes
    const text = JSON.stringify(message);
    if (this.withinBudget(text.length)) this.write(text);
  }

  sendBinary(data: ArrayBuffer): void {
    if (!this.open || this.refusal) return;
    if (this.withinBudget(data.byteLength)) this.write(data);
  }

  onMessage(handler: (message: ClientMessage) => void): () => void {
    return this.messageHandlers.add(handler);
  }

  onClose(handler: () => void): () => void {
    return this.closeHandlers.add(handler);
  }

  /** Called once a congested transport is back under the frame budget (FrameStreamer sends its pending frame). */
  onDrain(handler: () => void): () => void {
    return this.drainHandlers.add(handler);
  }

  /** Called by a subclass when queued data has been written out. */
  protected written(): void {
    if (this.drainHandlers.size && !this.congested) this.drainHandlers.emit();
  }

  /** Called by a subclass with whatever arrived from the renderer. */
  protected receive(data: unknown): void {
    if (this.refusal) return; // a refused client's backlog of requests is not served
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
    this.messageHandlers.emit(message);
  }

  /** Called by a subclass once the connection has ended; handlers run once and are dropped. */
  protected closed(): void {
    this.closeHandlers.emit();
    this.closeHandlers.clear();
    this.messageHandlers.clear();
    this.drainHandlers.clear();
  }

  private withinBudget(size: number): boolean {
    const refusal = this.budget.check(size, this.bufferedBytes);
    if (!refusal) return true;
    this.refusal = refusal;
    this.log(`disconnected a client: ${refusal}`);
    this.disconnect(CLOSE_POLICY_VIOLATION, refusal);
    return false;
  }
}
