import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameEncoding } from '../../../protocol/frame.js';
import { encodeGraphPayload } from '../../../protocol/graph-payload.js';
import { PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from '../../../protocol/messages.js';
import { DEFAULT_PARAMS, DEFAULT_SWITCHES } from '../../../protocol/switches.js';
import type { ClientTransport } from '../../../protocol/transport.js';
import { createAppStore } from '../store/app-store.js';
import { createFrameStore, currentNames } from '../store/frame-store.js';
import { Session } from './session.js';

/** An in-memory channel: the test plays the main process. */
class LoopbackTransport implements ClientTransport {
  sent: ClientMessage[] = [];
  closed = false;
  private message?: (m: ServerMessage) => void;
  private binary?: (d: ArrayBuffer) => void;
  private closeHandler?: (r: string) => void;
  send(m: ClientMessage) { this.sent.push(m); }
  onMessage(h: (m: ServerMessage) => void) { this.message = h; return () => (this.message = undefined); }
  onBinary(h: (d: ArrayBuffer) => void) { this.binary = h; return () => (this.binary = undefined); }
  onClose(h: (r: string) => void) { this.closeHandler = h; return () => (this.closeHandler = undefined); }
  close() { this.closed = true; }
  server(m: ServerMessage) { this.message?.(m); }
  serverBinary(d: ArrayBuffer) { this.binary?.(d); }
  drop(reason: string) { this.closeHandler?.(reason); }
}

const welcome: ServerMessage = { type: 'welcome', protocol: PROTOCOL_VERSION, backend: 'cpu', samples: ['karate'], switches: DEFAULT_SWITCHES, liveSwitches: ['frameQuantisation', 'stabilityGate'], params: DEFAULT_PARAMS };

function start() {
  const transport = new LoopbackTransport();
  const session = new Session(transport, createAppStore(), createFrameStore(), () => 0);
  return { transport, session };
}

describe('session', () => {
  it('says hello, then takes the welcome into the UI state', () => {
    const { transport, session } = start();
    expect(transport.sent).toEqual([{ type: 'hello', protocol: PROTOCOL_VERSION }]);
    transport.server(welcome);
    const s = session.app.getState();
    expect(s.connection).toEqual({ status: 'open' });
    expect(s.samples).toEqual(['karate']);
    expect(s.params).toEqual(DEFAULT_PARAMS);
    expect(s.liveSwitches).toEqual(['frameQuantisation', 'stabilityGate']);
  });

  it('indexes node names for the graph they belong to, and drops them with that graph', () => {
    const { transport, session } = start();
    transport.server(welcome);
    transport.serverBinary(encodeGraphPayload({ graphId: 4, nodeCount: 3, edgeCount: 1, edges: new Uint32Array([0, 2]) }));
    transport.server({ type: 'nodeNames', graphId: 4, ids: ['n0', 'n1', 'n2'], labels: ['Myriel', null, 'Valjean'] });
    const names = currentNames(session.frames.getState());
    expect(names?.nameOf(2)).toBe('Valjean');
    expect(names?.search('valjean').matches.map((m) => m.node)).toEqual([2]);
    // Names that do not fit the graph on screen are an error, not a mislabelled inspector.
    transport.server({ type: 'nodeNames', graphId: 4, ids: ['a'] });
    expect(session.app.getState().errors.map((e) => e.message)).toEqual(['node names for graph 4: 1 names for 3 nodes']);
    expect(currentNames(session.frames.getState())?.nameOf(2)).toBe('Valjean');
    transport.serverBinary(encodeGraphPayload({ graphId: 5, nodeCount: 2, edgeCount: 1, edges: new Uint32Array([0, 1]) }));
    expect(currentNames(session.frames.getState())).toBeNull();
  });

  it('acks frames only after the render loop drew them, and at once when they cannot be drawn', () => {
    const { transport, session } = start();
    transport.server(welcome);
    const frame = (seq: number, n: number) => encodeFrame({ seq, positions: new Float32Array(n * 3).fill(seq), nodeCount: n, encoding: FrameEncoding.Float32 });
    transport.serverBinary(frame(1, 3)); // before any graph
    expect(transport.sent.at(-1)).toEqual({ type: 'ack', seq: 1 });
    transport.serverBinary(encodeGraphPayload({ graphId: 1, nodeCount: 3, edgeCount: 1, edges: new Uint32Array([0, 2]) }));
    transport.serverBinary(frame(2, 3));
    transport.serverBinary(frame(3, 3));
    expect(transport.sent.filter((m) => m.type === 'ack')).toHaveLength(1);
    session.framesDrawn();
    expect(transport.sent.slice(-2)).toEqual([{ type: 'ack', seq: 2 }, { type: 'ack', seq: 3 }]);
    expect(session.frames.getState().positions[0]).toBe(3);
  });

  it('turns a malformed payload into an error note and keeps the graph on screen', () => {
    const { transport, session } = start();
    transport.serverBinary(encodeGraphPayload({ graphId: 1, nodeCount: 2, edgeCount: 1, edges: new Uint32Array([0, 1]) }));
    const bad = encodeGraphPayload({ graphId: 2, nodeCount: 2, edgeCount: 1, edges: new Uint32Array([0, 1]) });
    new DataView(bad).setUint32(16, 9, true); // an edge naming node 9 of 2
    transport.serverBinary(bad);
    expect(session.app.getState().errors.map((e) => e.message)).toEqual(['bad graph payload: edge 0 names node 9, but there are 2 nodes']);
    expect(session.frames.getState().topology?.graphId).toBe(1);
  });

  it('reports refused when the channel closes before welcome, closed after', () => {
    const a = start();
    a.transport.drop('refused');
    expect(a.session.app.getState().connection).toEqual({ status: 'refused', reason: 'refused' });
    const b = start();
    b.transport.server(welcome);
    b.transport.drop('connection closed (code 1006)');
    expect(b.session.app.getState().connection).toEqual({ status: 'closed', reason: 'connection closed (code 1006)' });
  });

  it('dispose closes the transport', () => {
    const { transport, session } = start();
    session.dispose();
    expect(transport.closed).toBe(true);
  });

  it('sends edits by node id for the graph on screen, and moves the selection with a delta', () => {
    const { transport, session } = start();
    transport.server(welcome);
    transport.serverBinary(encodeGraphPayload({ graphId: 4, nodeCount: 3, edgeCount: 2, edges: new Uint32Array([0, 1, 1, 2]) }));
    transport.server({ type: 'nodeNames', graphId: 4, ids: ['x', 'y', 'z'] });
    expect(session.edit((idOf) => [{ op: 'move', id: idOf(2), position: [1, 2, 3] }])).toBe(true);
    expect(transport.sent.at(-1)).toEqual({ type: 'edit', graphId: 4, commands: [{ op: 'move', id: 'z', position: [1, 2, 3] }] });
    session.app.setState({ selectedNode: 2 });
    const delta = { type: 'graphDelta', graphId: 4, version: 1, removeEdges: [], addNodes: { ids: [], labels: [] }, addPositions: [], addEdges: [], addWeights: [], pins: [] } as const;
    transport.server({ ...delta, removeNodes: [0] }); // z moves into slot 0
    expect(session.app.getState().selectedNode).toBe(0);
    expect(currentNames(session.frames.getState())!.idOf(0)).toBe('z');
    transport.server({ ...delta, version: 2, removeNodes: [0] }); // z itself goes
    expect(session.app.getState().selectedNode).toBeNull();
    expect(session.frames.getState().topology!.nodeCount).toBe(1);
  });
});

describe('exports', () => {
  it('collects only its own export chunks, saves them joined on exportDone, drops them on a failure with a banner', () => {
    const transport = new LoopbackTransport();
    const saved: Array<{ fileName: string; mime: string; text: string }> = [];
    const session = new Session(transport, createAppStore(), createFrameStore(), () => 0, (f) => saved.push({ fileName: f.fileName, mime: f.mime, text: f.chunks.join('') }));
    transport.server(welcome);
    session.exportGraph('csv');
    session.exportGraph('gexf');
    const [a, b] = transport.sent.filter((m) => m.type === 'exportGraph') as Array<Extract<ClientMessage, { type: 'exportGraph' }>>;
    expect(a).toMatchObject({ format: 'csv' });
    expect(b!.requestId).not.toBe(a!.requestId);
    transport.server({ type: 'exportData', requestId: a!.requestId, chunk: 'id,x,y,z\n' });
    transport.server({ type: 'exportData', requestId: 999, chunk: 'another window' });
    transport.server({ type: 'exportData', requestId: b!.requestId, chunk: '<gexf' });
    transport.server({ type: 'exportData', requestId: a!.requestId, chunk: 'a,1,2,3\n' });
    transport.server({ type: 'exportDone', requestId: a!.requestId, fileName: 'g.csv', mime: 'text/csv', chars: 17 });
    expect(saved).toEqual([{ fileName: 'g.csv', mime: 'text/csv', text: 'id,x,y,z\na,1,2,3\n' }]);
    transport.server({ type: 'exportDone', requestId: b!.requestId, fileName: '', mime: '', chars: 0, error: 'export: cannot write' });
    expect(saved.length).toBe(1);
    expect(session.app.getState().errors.map((e) => e.message)).toEqual(['export as gexf failed: export: cannot write']);
    // A cancelled one is the person's own doing: no banner.
    session.exportGraph('json');
    const c = transport.sent.at(-1) as Extract<ClientMessage, { type: 'exportGraph' }>;
    transport.server({ type: 'exportDone', requestId: c.requestId, fileName: '', mime: '', chars: 0, error: 'cancelled by the user' });
    expect(session.app.getState().errors.length).toBe(1);
  });
});
