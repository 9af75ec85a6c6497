// One connection to the main process: routes messages and frames into the stores and sends commands.
import { isFrame } from '../../../protocol/frame.js';
import { decodeGraphPayload, isGraphPayload } from '../../../protocol/graph-payload.js';
import { PROTOCOL_VERSION, type ClientMessage } from '../../../protocol/messages.js';
import type { GraphCommand } from '../../../protocol/graph-edits.js';
import type { ClientTransport } from '../../../protocol/transport.js';
import { applyServerMessage, pushError, type AppStore } from '../store/app-store.js';
import { currentNames, markApplied, receiveFrame, receiveGraphDelta, setGraph, setNodeNames, type FrameStore } from '../store/frame-store.js';
import type { GraphDeltaMessage } from '../store/graph-delta.js';
import type { ExportFormat } from '../../../protocol/export-formats.js';
import { downloadInBrowser, ExportDownloads, type SavedExport } from './export-downloads.js';

export class Session {
  private readonly unsubscribes: (() => void)[] = [];
  private readonly exports: ExportDownloads;
  /** Draws the view once and gives it as a PNG; set by the canvas while it is mounted (scene/PictureTaker.tsx). */
  pictureTaker: (() => Promise<Blob | null>) | null = null;

  constructor(
    private readonly transport: ClientTransport,
    readonly app: AppStore,
    readonly frames: FrameStore,
    private readonly clock: () => number = () => performance.now(),
    save: (file: SavedExport) => void = downloadInBrowser,
  ) {
    this.exports = new ExportDownloads(save, (m) => pushError(app, m));
    this.unsubscribes.push(
      transport.onMessage((message) => {
        // Names belong with the graph's topology (fast store), not with the UI state.
        if (message.type === 'nodeNames') this.receiveNames(message.graphId, message.ids, message.labels);
        else if (message.type === 'graphDelta') this.receiveDelta(message);
        else if (message.type === 'exportData' || message.type === 'exportDone') this.exports.receive(message);
        else applyServerMessage(app, message, this.clock());
      }),
      transport.onBinary((data) => this.receiveBinary(data)),
      transport.onClose((reason) => {
        const wasOpen = app.getState().connection.status === 'open';
        // Closed before the host said welcome: it refused us (wrong token or origin) or is not there.
        app.setState({ connection: wasOpen ? { status: 'closed', reason } : { status: 'refused', reason } });
      }),
    );
    transport.send({ type: 'hello', protocol: PROTOCOL_VERSION });
  }

  send(message: ClientMessage): void {
    this.transport.send(message);
  }

  /** Asks the host for the graph on screen as `format`; it arrives as a download (progress in Tasks). */
  exportGraph(format: ExportFormat): void {
    this.transport.send({ type: 'exportGraph', requestId: this.exports.begin(format), format });
  }

  /** Sends edits of the graph on screen; `nodes` are indices, turned into the ids the host knows. False when the
   *  graph or its names are not there yet. */
  edit(make: (idOf: (node: number) => string) => GraphCommand[]): boolean {
    const state = this.frames.getState();
    const names = currentNames(state);
    if (!state.topology || !names) return false;
    const commands = make((node) => names.idOf(node));
    if (commands.length) this.transport.send({ type: 'edit', graphId: state.topology.graphId, commands });
    return true;
  }

  /** The render loop calls this after drawing new positions: acks let the streamer send the next frame. */
  framesDrawn(): void {
    for (const seq of markApplied(this.frames)) this.transport.send({ type: 'ack', seq });
  }

  dispose(): void {
    for (const u of this.unsubscribes.splice(0)) u();
    this.transport.close();
  }

  private receiveNames(graphId: number, ids: string[], labels?: Array<string | null>): void {
    try {
      setNodeNames(this.frames, graphId, ids, labels);
    } catch (error) {
      pushError(this.app, (error as Error).message); // the inspector falls back to node numbers
    }
  }

  private receiveDelta(delta: GraphDeltaMessage): void {
    try {
      const remap = receiveGraphDelta(this.frames, delta);
      if (!remap) return; // for a graph no longer on screen
      // The selection follows its node to its new index, and goes with it when it was removed.
      const { selectedNode } = this.app.getState();
      if (selectedNode !== null && selectedNode < remap.length && remap[selectedNode] !== selectedNode) {
        this.app.setState({ selectedNode: remap[selectedNode] < 0 ? null : remap[selectedNode], hover: null });
      }
    } catch (error) {
      pushError(this.app, (error as Error).message);
    }
  }

  private receiveBinary(data: ArrayBuffer): void {
    try {
      if (isGraphPayload(data)) {
        setGraph(this.frames, decodeGraphPayload(data));
        this.app.setState({ selectedNode: null, hover: null }); // indices of the old graph mean nothing now
      } else if (isFrame(data)) {
        const outcome = receiveFrame(this.frames, data);
        if (outcome.kind === 'dropped') this.transport.send({ type: 'ack', seq: outcome.seq });
      } else {
        pushError(this.app, `unknown binary message of ${data.byteLength} bytes from the host`);
      }
    } catch (error) {
      // A malformed payload must not take down the window; what is on screen stays.
      pushError(this.app, (error as Error).message);
    }
  }
}
