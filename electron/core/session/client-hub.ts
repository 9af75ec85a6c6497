// The renderers a session serves (a MessagePort in Electron, WebSockets in the browser host): each with its own
// FrameStreamer and subscriptions, owned here and released when the client leaves or the hub is disposed.
import type { ClientMessage, ServerMessage } from '../../../protocol/messages.js';
import type { ServerTransport } from '../../../protocol/transport.js';
import { DisposableStore, toDisposable, type Disposable } from '../lifecycle.js';
import { FrameStreamer } from '../stream/frame-streamer.js';

export interface Client {
  readonly transport: ServerTransport;
  readonly streamer: FrameStreamer;
  /** Greeted (a `hello` of the right protocol arrived): only ready clients get frames and broadcasts. */
  ready: boolean;
}

export interface ClientHubOptions {
  /** Whether new streamers start quantised (the frameQuantisation switch). */
  quantise: () => boolean;
  /** Whether new streamers send sparse frames (the sparseFrames switch). */
  sparse: () => boolean;
  onMessage: (client: Client, message: ClientMessage) => void;
  /** Problems no client asked about (e.g. to log them). */
  onError: (message: string) => void;
}

export class ClientHub implements Disposable {
  private readonly clients = new Map<Client, DisposableStore>();

  constructor(private readonly opts: ClientHubOptions) {}

  /** Serves one renderer; the returned disposable (or the transport closing) detaches it. */
  add(transport: ServerTransport): Disposable {
    const client: Client = { transport, streamer: new FrameStreamer(transport, this.opts.quantise(), this.opts.sparse()), ready: false };
    client.streamer.setEnabled(false);
    const owned = new DisposableStore();
    owned.add(toDisposable(transport.onMessage((m) => this.opts.onMessage(client, m))));
    owned.add(toDisposable(transport.onClose(() => this.remove(client))));
    owned.add(toDisposable(() => client.streamer.setEnabled(false)));
    this.clients.set(client, owned);
    return toDisposable(() => this.remove(client));
  }

  get size(): number {
    return this.clients.size;
  }

  /** Clients that said hello. */
  *ready(): IterableIterator<Client> {
    for (const c of this.clients.keys()) if (c.ready) yield c;
  }

  pushPositions(positions: Float32Array, nodeCount: number): void {
    for (const c of this.ready()) c.streamer.push(positions, nodeCount);
  }

  setLabels(labels: Uint32Array): void {
    for (const c of this.ready()) c.streamer.setLabels(labels);
  }

  setQuantisation(on: boolean): void {
    for (const c of this.clients.keys()) c.streamer.setQuantisation(on);
  }

  setSparse(on: boolean): void {
    for (const c of this.clients.keys()) c.streamer.setSparse(on);
  }

  /** Node indices changed (a graph delta): every client's next frame carries every node. */
  keyframe(): void {
    for (const c of this.clients.keys()) c.streamer.keyframe();
  }

  sendTo(client: Client | ServerTransport, message: ServerMessage): void {
    const transport = 'transport' in client ? client.transport : client;
    try {
      transport.send(message);
    } catch {
      // A client that went away mid-send is removed by its close handler.
    }
  }

  broadcast(message: ServerMessage): void {
    for (const c of this.ready()) this.sendTo(c, message);
  }

  /** A user-facing problem: to the client that asked, else to everyone (and the log). */
  report(message: string, requester?: Client | ServerTransport): void {
    if (requester) this.sendTo(requester, { type: 'error', message });
    else {
      this.opts.onError(message);
      this.broadcast({ type: 'error', message });
    }
  }

  private remove(client: Client): void {
    const owned = this.clients.get(client);
    if (!owned) return;
    this.clients.delete(client);
    void owned.dispose();
  }

  /** Detaches and closes every client. */
  dispose(): void {
    for (const c of [...this.clients.keys()]) {
      this.remove(c);
      c.transport.close();
    }
  }
}
