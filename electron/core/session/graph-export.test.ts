// Export as a task through the session, on the real engine: to a file (complete or absent), and to a window over
// its connection (chunks, then exportDone), waiting for a window that does not read and stopping when it leaves.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../protocol/messages.js';
import { createEngine } from '../engine/engine.js';
import { parseGraphText } from '../graph/load-graph.js';
import { InProcessTransport } from './in-process-transport.js';
import { Session } from './session.js';

const dir = mkdtempSync(join(tmpdir(), 'forcelab-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let session: Session | undefined;
afterEach(async () => {
  await session?.dispose();
  session = undefined;
});

async function start(sample: string): Promise<{ s: Session; t: InProcessTransport }> {
  const s = (session = new Session({ engine: await createEngine({ backend: 'cpu', threads: 2 }), onError: () => {} }));
  expect(await s.openSample(sample)).toBe(true);
  const t = new InProcessTransport();
  s.addClient(t);
  const welcome = t.next('welcome');
  t.fromClient({ type: 'hello', protocol: PROTOCOL_VERSION });
  await welcome;
  return { s, t };
}

describe('graph export', () => {
  it('writes the graph on screen with the positions the engine has, as a task, to a file that appears complete', async () => {
    const { s, t } = await start('les-miserables');
    s.setPaused(true);
    await s.reheat(); // idle: the positions below are the ones being exported
    const positions = s.engine.readPositions();
    const path = join(dir, 'les.gexf');
    const task = t.next('task', (m) => m.task.kind === 'export' && m.task.state === 'done');
    const r = await s.exportToFile(path).result;
    expect(r).toMatchObject({ format: 'gexf', fileName: path });
    expect((await task).task.label).toBe(`Exporting les-miserables as GEXF to ${path}`);
    expect(existsSync(`${path}.part`)).toBe(false);
    const back = await parseGraphText('les.gexf', readFileSync(path, 'utf8'));
    expect(back.nodeIds.length).toBe(77);
    expect(back.edges.length / 2).toBe(254);
    for (const i of [0, 40, 76]) expect(Math.fround(Number(back.nodeAttributes![i]!.x))).toBe(positions[3 * i]);
  });

  it('refuses a file name of no known format, naming the ones it knows; a cancelled export leaves no file', async () => {
    const { s } = await start('netscience');
    expect(() => s.exportToFile(join(dir, 'x.docx'))).toThrow(/cannot tell the format of .*x\.docx; use one of \.csv, \.positions\.json, \.gexf/);
    const path = join(dir, 'cancelled.graphml');
    const h = s.exportToFile(path);
    s.tasks.cancel(h.taskId);
    await expect(h.result).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.part`)).toBe(false);
    await expect(s.exportToFile(join(dir, 'no-such-dir', 'x.csv')).result).rejects.toThrow(/cannot write .*no-such-dir/);
  });

  it('streams to the window that asked: chunks in order, then exportDone with a file name; bad formats are refused', async () => {
    const { t } = await start('netscience');
    const chunks: string[] = [];
    const seen = t.messages.length;
    const done = t.next('exportDone', (m) => m.requestId === 7);
    t.fromClient({ type: 'exportGraph', requestId: 7, format: 'csv' });
    const d = await done;
    for (const m of t.messages.slice(seen)) if (m.type === 'exportData' && m.requestId === 7) chunks.push(m.chunk);
    expect(d).toMatchObject({ fileName: 'netscience.csv', mime: 'text/csv' });
    expect(d.error).toBeUndefined();
    const text = chunks.join('');
    expect(d.chars).toBe(text.length);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('id,x,y,z');
    expect(lines.length).toBe(1 + 1589);

    const error = t.next('error');
    t.fromClient({ type: 'exportGraph', requestId: 8, format: 'docx' });
    expect((await error).message).toMatch(/exportGraph\.format: format must be one of csv, positions, gexf, graphml, json/);
  });

  it('waits while the window does not read, and ends failed when the window goes away', async () => {
    const { s, t } = await start('netscience');
    t.bufferedBytes = 64 * 1024 * 1024; // nothing drains
    const running = t.next('task', (m) => m.task.kind === 'export' && m.task.state === 'running');
    t.fromClient({ type: 'exportGraph', requestId: 1, format: 'gexf' });
    await running;
    await new Promise((r) => setTimeout(r, 200));
    expect(t.messages.some((m) => m.type === 'exportData')).toBe(false); // nothing piled up for it
    expect(s.tasks.list().some((x) => x.kind === 'export' && x.state === 'running')).toBe(true);
    // The test transport records nothing after close; the task list says how it ended.
    const ended = new Promise<string | undefined>((resolve) => s.tasks.onChange((x) => x.kind === 'export' && x.state !== 'running' && resolve(x.error)));
    t.close();
    expect(await ended).toBe('the window that asked for the export closed');
  });
});
