// Pin edits through the session with the real native engine (CPU), as a window sends them.
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ServerMessage } from '../../../protocol/messages.js';
import { decodeGraphPayload } from '../../../protocol/graph-payload.js';
import { createEngine } from '../engine/engine.js';
import { InProcessTransport } from './in-process-transport.js';
import { Session } from './session.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.dispose();
  session = undefined;
});

type Names = Extract<ServerMessage, { type: 'nodeNames' }>;

async function start(): Promise<{ s: Session; t: InProcessTransport; graphId: number; ids: string[] }> {
  const s = (session = new Session({ engine: await createEngine({ backend: 'cpu', threads: 2 }), onError: () => {} }));
  expect(await s.openSample('karate')).toBe(true);
  const t = new InProcessTransport();
  s.addClient(t);
  const names = t.next('nodeNames');
  t.fromClient({ type: 'hello', protocol: PROTOCOL_VERSION });
  const { graphId, ids } = (await names) as Names;
  return { s, t, graphId, ids };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !cond(); await sleep(20)) if (Date.now() > end) throw new Error('timed out');
}
const at = (s: Session, i: number) => Array.from(s.engine.readPositions().subarray(3 * i, 3 * i + 3));
const near = (a: number[], b: number[], tol = 1e-3) => a.every((v, k) => Math.abs(v - b[k]!) < tol);

describe('graph edits (pins)', () => {
  it('move pins a node where it was dropped while the others keep moving, and broadcasts the pin', async () => {
    const { s, t, graphId, ids } = await start();
    const delta = t.next('graphDelta');
    t.fromClient({ type: 'edit', graphId, commands: [{ op: 'move', id: ids[3], position: [40, -25, 10] }] });
    const d = await delta;
    expect(d).toMatchObject({ graphId, version: 1, removeNodes: [], addEdges: [], pins: [{ node: 3, pinned: true, position: [40, -25, 10] }] });
    const others = at(s, 0);
    await sleep(400);
    expect(near(at(s, 3), [40, -25, 10])).toBe(true);
    expect(near(at(s, 0), others), 'its neighbours move (warmed by the pin)').toBe(false);

    // Unpinned, it is pulled back toward its neighbours.
    const unpin = t.next('graphDelta');
    t.fromClient({ type: 'edit', graphId, commands: [{ op: 'unpin', id: ids[3] }] });
    expect((await unpin).pins).toEqual([{ node: 3, pinned: false }]);
    await sleep(300);
    expect(near(at(s, 3), [40, -25, 10], 0.5)).toBe(false);
  });

  it('keeps pins through parameter changes and 2D/3D switches (z flattened in 2D, x and y kept)', async () => {
    const { s, t, graphId, ids } = await start();
    const delta = t.next('graphDelta');
    t.fromClient({ type: 'edit', graphId, commands: [{ op: 'move', id: ids[5], position: [12, 7, 9] }, { op: 'pin', id: ids[6] }] });
    await delta;
    await sleep(100);
    const six = at(s, 6);
    await s.setParams({ springLength: 3 });
    await sleep(300);
    expect(near(at(s, 5), [12, 7, 9])).toBe(true);
    expect(near(at(s, 6), six)).toBe(true);
    await s.setParams({ dimensions: 2 });
    await sleep(300);
    expect(near(at(s, 5), [12, 7, 0])).toBe(true);
    expect(near(at(s, 6), [six[0]!, six[1]!, 0])).toBe(true);
    // A drop in 2D lands on the plane, and the delta says so.
    const flat = t.next('graphDelta');
    t.fromClient({ type: 'edit', graphId, commands: [{ op: 'move', id: ids[5], position: [-3, 4, 50] }] });
    expect((await flat).pins).toEqual([{ node: 5, pinned: true, position: [-3, 4, 0] }]);
    await s.setParams({ dimensions: 3 });
    await sleep(300);
    expect(near(at(s, 5), [-3, 4, 0])).toBe(true);
  });

  it('unpinAll releases every pinned node, and a client that joins later is told the pins', async () => {
    const { s, t, graphId, ids } = await start();
    const delta = t.next('graphDelta');
    t.fromClient({ type: 'edit', graphId, commands: [{ op: 'pin', id: ids[1] }, { op: 'pin', id: ids[2] }] });
    await delta;
    const late = new InProcessTransport();
    s.addClient(late);
    const catchUp = late.next('graphDelta');
    late.fromClient({ type: 'hello', protocol: PROTOCOL_VERSION });
    expect((await catchUp).pins).toEqual([{ node: 1, pinned: true }, { node: 2, pinned: true }]);
    const all = t.next('graphDelta');
    const alsoLate = late.next('graphDelta');
    t.fromClient({ type: 'edit', graphId, commands: [{ op: 'unpinAll' }] });
    expect((await all).pins).toEqual([{ node: 1, pinned: false }, { node: 2, pinned: false }]);
    expect((await alsoLate).version, 'broadcast to every client').toBe(2);
  });

  it('refuses a whole batch naming an unknown id or a stale graph, or an edge to a node that does not exist', async () => {
    const { s, t, graphId, ids } = await start();
    s.setPaused(true);
    await sleep(50);
    const before = at(s, 4);
    const deltas = () => t.messages.filter((m) => m.type === 'graphDelta').length;

    let error = t.next('error');
    t.fromClient({ type: 'edit', graphId, commands: [{ op: 'move', id: ids[4], position: [99, 99, 99] }, { op: 'pin', id: 'no-such-node' }] });
    expect((await error).message).toMatch(/no node with id "no-such-node".*nothing changed/);

    error = t.next('error');
    t.fromClient({ type: 'edit', graphId: graphId + 7, commands: [{ op: 'move', id: ids[4], position: [99, 99, 99] }] });
    expect((await error).message).toMatch(new RegExp(`graph ${graphId + 7} is not the graph on screen`));

    error = t.next('error');
    t.fromClient({ type: 'edit', graphId, commands: [{ op: 'move', id: ids[4], position: [99, 99, 99] }, { op: 'addEdges', edges: [{ source: ids[4]!, target: 'ghost' }] }] });
    expect((await error).message).toMatch(/command 1 \(addEdges\).*ghost.*nothing changed/);

    await sleep(100);
    expect(at(s, 4)).toEqual(before);
    expect(deltas()).toBe(0);
    // After all that, the unpinAll has nothing to release.
    const d = t.next('graphDelta');
    t.fromClient({ type: 'edit', graphId, commands: [{ op: 'unpinAll' }] });
    expect((await d).pins).toEqual([]);
  });

  it('topology edits reach the engine, the store and the window; a window that joins later gets the edited graph', async () => {
    const { s, t, graphId, ids } = await start();
    const delta = t.next('graphDelta');
    t.fromClient({
      type: 'edit',
      graphId,
      commands: [
        { op: 'removeNodes', ids: [ids[5]!] },
        { op: 'addNodes', nodes: [{ id: 'new-a', label: 'New A' }, { id: 'new-b' }] },
        { op: 'addEdges', edges: [{ source: 'new-a', target: ids[0]! }, { source: 'new-a', target: 'new-b' }] },
      ],
    });
    const d = await delta;
    expect(d.removeNodes).toEqual([5]);
    expect(d.addNodes).toEqual({ ids: ['new-a', 'new-b'], labels: ['New A', null] });
    expect(s.engine.nodeCount).toBe(35);
    expect(s.store.info()).toMatchObject({ graphId, nodeCount: 35 });

    // A second window: the graph message, payload and names describe the graph as it is now, not as imported.
    const late = new InProcessTransport();
    s.addClient(late);
    const names = late.next('nodeNames');
    const graph = late.next('graph');
    late.fromClient({ type: 'hello', protocol: PROTOCOL_VERSION });
    expect((await graph).graph).toMatchObject({ graphId, nodeCount: 35 });
    const n = await names;
    expect(n.ids).toHaveLength(35);
    expect(n.ids).toContain('new-b');
    expect(n.ids).not.toContain(ids[5]);
    await until(() => late.binaries.length >= 2);
    const payload = decodeGraphPayload(late.binaries[0]! as ArrayBuffer);
    expect(payload.nodeCount).toBe(35);
    expect(payload.edgeCount).toBe(s.store.info()!.edgeCount);
  });
});
